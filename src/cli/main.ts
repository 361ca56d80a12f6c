/**
 * The `inclusio` command line: exports, consistency check and database chores. Data go to
 * standard output (or --out), messages to standard error, in French.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemActor } from '../kernel/actor.ts';
import { DomainError } from '../kernel/errors.ts';
import { getAllocationTable } from '../modules/applications/index.ts';
import { getCallBudget } from '../modules/budget/index.ts';
import { getCallTree } from '../modules/calls/index.ts';
import { checkCallConsistency } from '../modules/consistency/index.ts';
import { loadDataset } from '../modules/datasets/load-dataset.ts';
import {
  allocationsToCsv,
  allocationsToXlsx,
  budgetToCsv,
  budgetToXlsx,
} from '../modules/documents/exports.ts';
import { generateSessionPackage } from '../modules/documents/package/generate-package.ts';
import { ledgerToCsv, ledgerToXlsx } from '../modules/payments/index.ts';
import { closeOnExit, openConfiguredDatabase, prepareDatabase } from '../platform/bootstrap.ts';
import { readConfig } from '../platform/config.ts';
import type { Database } from '../platform/database.ts';
import { migrate } from '../platform/migrations.ts';

const USAGE = `Usage : inclusio <commande> [options]

Commandes :
  export allocations --call CODE --format csv|xlsx [--out FICHIER]
                       Répartition financière (annexe 3) : une ligne par attribution.
  export budget --call CODE --format csv|xlsx [--out FICHIER]
                       Situation budgétaire : AE, engagé, disponible, proposé, solde.
  export ledger --call CODE --format csv|xlsx [--out FICHIER]
                       Suivi financier des conventions : une ligne par convention (voté en
                       vigueur après avenants, payé, recouvré, reste à verser ; euros signés).
  check --call CODE [--json]
                       Contrôle de cohérence de l'appel (code de sortie 1 s'il y a des erreurs).
  generate package --session AAAA-MM-JJ --out DOSSIER [--report N] [--preview]
                       Documents de la séance : rapport, délibération, annexes 1 à 4, une
                       convention par structure (DOCX et PDF), annexe 3 en XLSX, conventions en
                       ZIP. S'arrête avec la liste de ce qui manque (code de sortie 1).
                       --preview : produit les fichiers sans les enregistrer ni numéroter.
  db migrate           Met le schéma de la base à jour.
  db seed [--dataset DOSSIER]
                       Charge le jeu de données (une seule fois).

Base : DATABASE_URL (serveur PostgreSQL) ou, par défaut, la base embarquée de INCLUSIO_DATA_DIR
(data/pglite).`;

class UsageError extends Error {}

/** The command line is run by the operator of the server, who sees the whole département. */
const CLI_ACTOR = systemActor('ligne de commande');

interface Output {
  stdout: (data: string | Buffer) => void;
  stderr: (text: string) => void;
}

async function emit(data: string | Buffer, out: string | undefined, output: Output): Promise<void> {
  if (out) {
    await writeFile(out, data);
    output.stderr(`Écrit : ${out}\n`);
  } else {
    output.stdout(data);
  }
}

function requireOption(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`L'option --${name} est obligatoire.`);
  return value;
}

function formatOf(value: string | undefined): 'csv' | 'xlsx' {
  const format = value ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx')
    throw new UsageError(`Format inconnu : ${format} (csv ou xlsx).`);
  return format;
}

async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const { db } = await prepareDatabase(readConfig(), { seed: true });
  const close = closeOnExit(db);
  try {
    return await work(db);
  } finally {
    await close();
  }
}

/** Runs one command; returns the exit code. */
export async function runCli(argv: readonly string[], output: Output): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    output.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, subject] = positionals;
  try {
    if (command === undefined || command === 'help' || values.help) {
      output.stderr(`${USAGE}\n`);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (command === 'export' && (subject === 'allocations' || subject === 'budget' || subject === 'ledger')) {
      const callCode = requireOption(values.call, 'call');
      const format = formatOf(values.format);
      if (format === 'xlsx' && !values.out && process.stdout.isTTY) {
        throw new UsageError(
          'Un classeur XLSX ne s’affiche pas dans un terminal : précisez --out FICHIER.xlsx.',
        );
      }
      return await withDatabase(async (db) => {
        if (subject === 'ledger') {
          await emit(
            format === 'csv'
              ? await ledgerToCsv(db, callCode)
              : await ledgerToXlsx(db, callCode, 'convention'),
            values.out,
            output,
          );
        } else if (subject === 'allocations') {
          const table = await getAllocationTable(db, callCode, CLI_ACTOR);
          await emit(
            format === 'csv' ? allocationsToCsv(table) : await allocationsToXlsx(table),
            values.out,
            output,
          );
        } else {
          const tree = await getCallTree(db, callCode);
          const lineIds = [
            ...new Set(tree.themes.flatMap((theme) => theme.operations.map((op) => op.budgetLineId))),
          ];
          const rows = await getCallBudget(db, { callId: tree.id, budgetLineIds: lineIds });
          await emit(
            format === 'csv' ? budgetToCsv(rows) : await budgetToXlsx(callCode, rows),
            values.out,
            output,
          );
        }
        return 0;
      });
    }
    if (command === 'check') {
      const callCode = requireOption(values.call, 'call');
      return await withDatabase(async (db) => {
        const report = await checkCallConsistency(db, callCode, CLI_ACTOR);
        if (values.json) {
          output.stdout(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          output.stdout(`Contrôle de cohérence de l'appel ${report.callCode}\n`);
          for (const finding of report.findings) {
            output.stdout(
              `${finding.severity === 'error' ? 'ERREUR ' : 'ATTENTION'} [${finding.code}] ${finding.message}\n`,
            );
          }
          output.stdout(`${report.errors} erreur(s), ${report.warnings} point(s) d'attention.\n`);
        }
        return report.errors > 0 ? 1 : 0;
      });
    }
    if (command === 'generate' && subject === 'package') {
      const sessionDate = requireOption(values.session, 'session');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(sessionDate)) {
        throw new UsageError(`Date de séance attendue au format AAAA-MM-JJ : ${sessionDate}`);
      }
      const outDir = requireOption(values.out, 'out');
      const config = readConfig();
      return await withDatabase(async (db) => {
        const started = performance.now();
        const result = await generateSessionPackage(db, {
          sessionDate,
          ...(values.report ? { reportNumber: values.report } : {}),
          ...(config.datasetDir ? { templatesDir: join(config.datasetDir, 'templates') } : {}),
          actor: CLI_ACTOR,
          preview: values.preview ?? false,
          onProgress: ({ done, total, current }) => output.stderr(`[${done}/${total}] ${current}\n`),
        });
        for (const file of result.files) {
          const path = join(outDir, file.name);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, file.bytes);
        }
        const seconds = (performance.now() - started) / 1000;
        output.stderr(
          `${result.files.length} fichiers écrits dans ${outDir} (${result.conventions} conventions) en ${seconds.toFixed(1)} s${values.preview ? ' — aperçu, rien n’est enregistré' : ''}.\n`,
        );
        return 0;
      });
    }
    if (command === 'db' && subject === 'migrate') {
      const db = await openConfiguredDatabase(readConfig());
      const close = closeOnExit(db);
      try {
        const applied = await migrate(db);
        output.stderr(
          applied.length > 0 ? `Migrations appliquées : ${applied.join(', ')}\n` : 'Schéma déjà à jour.\n',
        );
      } finally {
        await close();
      }
      return 0;
    }
    if (command === 'db' && subject === 'seed') {
      const config = readConfig();
      const { db } = await prepareDatabase(config, { seed: false });
      const close = closeOnExit(db);
      try {
        const result = await loadDataset(db, values.dataset ?? config.datasetDir);
        output.stderr(
          result.loaded
            ? `Jeu de données ${result.datasetId} chargé : ${result.counts.calls} appels, ${result.counts.operations} opérations, ${result.counts.structures} structures, ${result.counts.applications} demandes.\n`
            : `Jeu de données ${result.datasetId} déjà chargé : rien à faire.\n`,
        );
      } finally {
        await close();
      }
      return 0;
    }
    throw new UsageError(`Commande inconnue : ${positionals.join(' ')}`);
  } catch (error) {
    if (error instanceof UsageError) {
      output.stderr(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      output.stderr(`Erreur : ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      call: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      dataset: { type: 'string' },
      session: { type: 'string' },
      report: { type: 'string' },
      preview: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
