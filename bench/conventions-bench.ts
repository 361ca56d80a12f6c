/**
 * Conventions after the vote and their money, on the conventions of the session of 12 June 2023
 * (numbered, with their lines, on a fresh embedded database completed with synthetic convention
 * data): signatures with a signed PDF, advances requested, validated, sent and paid one after the
 * other, fifty identical requests at once, the conventions list, one convention's file, the ledger
 * and its exports, the payment file.
 */
import { systemActor } from '../src/kernel/actor.ts';
import {
  getConvention,
  sendConventionForSignature,
  signConvention,
} from '../src/modules/conventions/index.ts';
import { loadDataset } from '../src/modules/datasets/load-dataset.ts';
import {
  getConventionDetail,
  getLedger,
  ledgerToCsv,
  ledgerToXlsx,
  listConventions,
  markPaymentPaid,
  paymentsToCsv,
  paymentsToXlsx,
  requestPayment,
  sendPayment,
  validatePayment,
} from '../src/modules/payments/index.ts';
import { openPglite } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrations.ts';
import { completeConventionData, numberSessionConventions } from '../test/support/convention-data.ts';
import { bytes, count, euros, heading, line, ms } from './report.ts';

const SESSION = '2023-06-12';
const CALL = 'DPID-2023-P2';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; elapsed: number }> {
  const started = performance.now();
  const value = await run();
  return { value, elapsed: performance.now() - started };
}

export async function runConventionsBenchmark(): Promise<void> {
  heading(`7. Conventions, versements et suivi financier de la séance du ${SESSION} (PGlite en mémoire)`);
  const db = await openPglite();
  try {
    await migrate(db);
    await loadDataset(db);
    await completeConventionData(db);
    const actor = systemActor('banc d’essai');
    await numberSessionConventions(db);
    const conventions = await db.query<{ id: number }>('select id from conventions order by id');
    const lines = await db.query<{ id: number }>('select id from convention_lines order by id');

    // A signed PDF of 200 KiB, as a scanned signature page would be.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200 * 1024, 0x20)]);
    const signatures: number[] = [];
    for (const { id } of conventions) {
      const draft = await getConvention(db, Number(id));
      const sent = await sendConventionForSignature(db, actor, Number(id), {
        on: '2023-06-20',
        version: draft.version,
      });
      const { elapsed } = await timed(() =>
        signConvention(db, actor, Number(id), {
          signedOn: '2023-06-26',
          version: sent.version,
          fileName: 'convention-signee.pdf',
          content: pdf,
        }),
      );
      signatures.push(elapsed);
    }
    line(
      `signature avec PDF de 200 Kio (${count(conventions.length)} conventions)`,
      `médiane ${ms(median(signatures))}, total ${ms(signatures.reduce((a, b) => a + b, 0))}`,
    );

    const today = new Date().toISOString().slice(0, 10);
    const requests: number[] = [];
    const validations: number[] = [];
    const started = performance.now();
    for (const { id } of lines) {
      const request = await timed(() =>
        requestPayment(db, actor, {
          conventionLineId: Number(id),
          part: 'advance',
          idempotencyKey: `avance-${id}`,
        }),
      );
      requests.push(request.elapsed);
      const paymentId = request.value.payment.id;
      validations.push((await timed(() => validatePayment(db, actor, paymentId))).elapsed);
      await sendPayment(db, actor, paymentId);
      await markPaymentPaid(db, actor, paymentId, { paidOn: today, financeReference: `M-${id}` });
    }
    const cycle = performance.now() - started;
    line(
      `avance demandée, validée, transmise, payée (${count(lines.length)} lignes)`,
      `${ms(cycle)} · ${((lines.length * 1000) / cycle).toFixed(1)} avances/s · demande médiane ${ms(median(requests))} · validation médiane ${ms(median(validations))}`,
    );

    const first = lines[0];
    if (first) {
      const burst = await timed(() =>
        Promise.all(
          Array.from({ length: 50 }, () =>
            requestPayment(db, actor, {
              conventionLineId: Number(first.id),
              part: 'advance',
              idempotencyKey: `avance-${first.id}`,
            }),
          ),
        ),
      );
      const created = burst.value.filter((result) => result.created).length;
      line(
        '50 demandes identiques simultanées (déjà servies)',
        `${ms(burst.elapsed)} · ${created} versement créé`,
      );
    }

    const list = await timed(() => listConventions(db, {}));
    line(`liste des conventions (${count(list.value.length)})`, ms(list.elapsed));
    const details: number[] = [];
    for (const { id } of conventions.slice(0, 20)) {
      details.push((await timed(() => getConventionDetail(db, Number(id)))).elapsed);
    }
    line('dossier d’une convention (médiane de 20)', ms(median(details)));
    const ledger = await timed(() => getLedger(db, CALL, 'convention'));
    line(
      `suivi financier par convention (${count(ledger.value.rows.length)} lignes)`,
      `${ms(ledger.elapsed)} · voté ${euros(ledger.value.total.votedCents)}, payé ${euros(ledger.value.total.paidCents)}`,
    );
    const csv = await timed(() => ledgerToCsv(db, CALL));
    line('suivi financier CSV', `${ms(csv.elapsed)} · ${bytes(Buffer.byteLength(csv.value))}`);
    const xlsx = await timed(() => ledgerToXlsx(db, CALL, 'line'));
    line('suivi financier XLSX par ligne', `${ms(xlsx.elapsed)} · ${bytes(xlsx.value.length)}`);
    const paymentsCsv = await timed(() => paymentsToCsv(db, 'paid'));
    line(
      'fichier des versements CSV',
      `${ms(paymentsCsv.elapsed)} · ${bytes(Buffer.byteLength(paymentsCsv.value))}`,
    );
    const paymentsXlsx = await timed(() => paymentsToXlsx(db, 'paid'));
    line('fichier des versements XLSX', `${ms(paymentsXlsx.elapsed)} · ${bytes(paymentsXlsx.value.length)}`);
  } finally {
    await db.close();
  }
}
