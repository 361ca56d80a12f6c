/**
 * The package of the session of 12 June 2023: the report, the deliberation, annexes 1 to 4 and
 * every convention, each as DOCX and PDF (annexe 3 also as XLSX), and the ZIP of the conventions,
 * generated and stored on a fresh embedded database whose structures and operations were completed
 * with synthetic convention data (the dataset does not publish SIRETs, bank details…).
 */
import { systemActor } from '../src/kernel/actor.ts';
import { loadDataset } from '../src/modules/datasets/load-dataset.ts';
import {
  generateSessionPackage,
  previewDocument,
} from '../src/modules/documents/package/generate-package.ts';
import { sampleDeliberation } from '../src/modules/documents/pdf/docx-fixture.ts';
import { docxToPdf } from '../src/modules/documents/pdf/docx-to-pdf.ts';
import { openPglite } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrations.ts';
import { completeConventionData } from '../test/support/convention-data.ts';
import { bytes, count, heading, line, ms } from './report.ts';

const SESSION = '2023-06-12';

export async function runPackageBenchmark(): Promise<void> {
  heading(`6. Dossier de la séance du ${SESSION} (PGlite en mémoire)`);
  const db = await openPglite();
  try {
    await migrate(db);
    await loadDataset(db);
    await completeConventionData(db);
    const actor = systemActor('banc d’essai');
    const sample = sampleDeliberation({ rows: 800, sections: 24 });
    const times: number[] = [];
    for (let run = 0; run < 4; run += 1) {
      const started = performance.now();
      await docxToPdf(sample, { title: 'Banc d’essai', author: 'Inclusio', date: new Date(0) });
      times.push(performance.now() - started);
    }
    line(
      'docxToPdf, document de 42 pages (800 lignes de tableau)',
      `${ms(times[0] ?? 0)} à froid, ${ms(Math.min(...times.slice(1)))} ensuite`,
    );
    for (const key of ['report', 'deliberation', 'annex-allocations']) {
      const started = performance.now();
      const file = await previewDocument(db, { sessionDate: SESSION, key, format: 'pdf' });
      line(
        `aperçu PDF « ${key} » (données lues + DOCX + PDF)`,
        `${ms(performance.now() - started)} · ${bytes(file.bytes.length)}`,
      );
    }
    const started = performance.now();
    let documents = 0;
    const result = await generateSessionPackage(db, {
      sessionDate: SESSION,
      actor,
      onProgress: ({ done }) => {
        documents = done;
      },
    });
    const elapsed = performance.now() - started;
    const size = result.files.reduce((sum, file) => sum + file.bytes.length, 0);
    const pdfs = result.files.filter((file) => file.format === 'pdf').length;
    const docx = result.files.filter((file) => file.format === 'docx').length;
    line('documents produits (rapport, délibération, annexes, conventions, ZIP)', count(documents));
    line('dont conventions', count(result.conventions));
    line(
      'fichiers (DOCX, PDF, XLSX, ZIP)',
      `${count(result.files.length)} (${docx} DOCX, ${pdfs} PDF) · ${bytes(size)}`,
    );
    line('génération complète et enregistrement', ms(elapsed));
    line('documents par seconde', (documents / (elapsed / 1000)).toFixed(1));
    line('fichiers DOCX + PDF par seconde', ((docx + pdfs) / (elapsed / 1000)).toFixed(1));
  } finally {
    await db.close();
  }
}
