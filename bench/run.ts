/**
 * Inclusio's benchmark (`npm run bench`): the funding engine, a first start on a fresh database, the
 * exports and the consistency check of the 2023 call, then the same reads on a call a hundred and
 * fifty times larger, the HTTP API under load on that larger call, and last the generation of the
 * whole package (report, deliberation, annexes, conventions) of the session of 12 June 2023, and the
 * life of its conventions (signatures, advances, ledger). Deterministic data, one
 * line per figure, every database closed at the end. Takes about two minutes on two cores, 90 s of
 * them for the API under load; nothing here is run by the tests.
 */
import { cpus, platform, release } from 'node:os';
import { runApiLoadBenchmark } from './api-load.ts';
import { runConventionsBenchmark } from './conventions-bench.ts';
import { runFundingBenchmark } from './funding-bench.ts';
import { runLoadBenchmark } from './load-bench.ts';
import { runPackageBenchmark } from './package-bench.ts';
import {
  findingsByCode,
  measureAllocationsCsv,
  measureAllocationsXlsx,
  measureBudgetCsv,
  measureConsistency,
} from './reads.ts';
import { heading, line, ms } from './report.ts';
import { runScaleBenchmark } from './scale-bench.ts';

/** The call of the 2023 dataset with the allocation table (annexe 3 of délibération n°2023-259). */
const CALL_CODE = 'DPID-2023-P2';
const RUNS = 5;

const started = performance.now();
const cpu = cpus();
console.log(
  `Inclusio — banc d'essai · Node ${process.version} · ${platform()} ${release()} · ${cpu.length} × ${cpu[0]?.model ?? 'processeur inconnu'}`,
);

runFundingBenchmark();

const db = await runLoadBenchmark();
try {
  heading(`3. Exports et contrôle sur le jeu chargé (${CALL_CODE}, PGlite en mémoire)`);
  const table = await measureAllocationsCsv(db, CALL_CODE, RUNS);
  await measureAllocationsXlsx(table, RUNS);
  await measureBudgetCsv(db, CALL_CODE, RUNS);
  const report = await measureConsistency(db, CALL_CODE, RUNS);
  line('  constats par code', findingsByCode(report));

  await runScaleBenchmark(db, CALL_CODE);
} finally {
  await db.close();
}

await runApiLoadBenchmark(CALL_CODE);

await runPackageBenchmark();

await runConventionsBenchmark();

heading('Fin');
line("durée totale du banc d'essai", ms(performance.now() - started));
