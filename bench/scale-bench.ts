/**
 * Section 4: the call grown to 20 000 more applications and the registry to 2 000 more structures,
 * then the reads that go through every line. The consistency check compares every pair of
 * structures, so it is also broken down: the reads it makes, and the name comparisons it runs
 * (similarityReason, public, timed on a sample and multiplied by the number of pairs).
 */
import { listCallApplications } from '../src/modules/applications/index.ts';
import { getCall } from '../src/modules/calls/index.ts';
import { checkCallConsistency, similarityReason } from '../src/modules/consistency/index.ts';
import { listAllStructures, type Structure } from '../src/modules/structures/index.ts';
import type { Database } from '../src/platform/database.ts';
import { BENCH_ACTOR } from './actor.ts';
import { Prng } from './prng.ts';
import { describeReport, findingsByCode, measureAllocationsCsv } from './reads.ts';
import { count, counted, heading, line, ms, note, timed, timings } from './report.ts';
import { insertScaleData, type ScaleCounts } from './scale-data.ts';

const SEED = 2_023_259;
const SCALE: ScaleCounts = { structures: 2_000, applications: 20_000 };
const RUNS = 3;
/** Past this, one run of the check is reported alone: three would not fit in the benchmark's two minutes. */
const CHECK_REPEAT_LIMIT_MS = 15_000;
/** Structure pairs timed to explain the check's cost: about a second at the speed seen. */
const NAME_SAMPLE = 25_000;

async function printCounts(db: Database, callCode: string): Promise<void> {
  const [row] = await db.query<{
    structures: number;
    applications: number;
    territories: number;
    commitments: number;
  }>(
    `select (select count(*) from structures)::integer as structures,
            (select count(*) from applications a join calls c on c.id = a.call_id where c.code = $1)::integer
              as applications,
            (select count(*) from application_territories)::integer as territories,
            (select count(*) from budget_commitments)::integer as commitments`,
    [callCode],
  );
  if (!row) throw new Error('Comptage impossible.');
  line(
    'volumes après insertion',
    `${count(row.structures)} structures, ${count(row.applications)} demandes dans ${callCode}, ${count(row.territories)} liens territoire, ${count(row.commitments)} engagements`,
  );
}

/** The names checkCallConsistency compares for a structure: its display name, then its other names. */
function namesOf(structure: Structure): string[] {
  const others = [structure.legalName, ...structure.aliases].filter((name) => name !== structure.displayName);
  return [structure.displayName, ...others];
}

/**
 * The check runs similarityReason on every name of a structure against every name of every other
 * one. This runs it the same way on a fixed sample of structure pairs, gives the time per call and
 * the number of calls of one check.
 */
function estimateNameComparisons(structures: readonly Structure[]): void {
  const names = structures.map(namesOf);
  const sizes = names.map((list) => list.length);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const calls = (total * total - sizes.reduce((sum, size) => sum + size * size, 0)) / 2;
  const prng = new Prng(SEED);
  const pairs = Array.from({ length: NAME_SAMPLE }, () => {
    const first = prng.int(0, names.length - 1);
    const second = (first + prng.int(1, names.length - 1)) % names.length;
    return [names[first] ?? [], names[second] ?? []] as const;
  });
  let sampleCalls = 0;
  let similar = 0;
  const start = performance.now();
  for (const [namesA, namesB] of pairs) {
    let reason: string | null = null;
    for (const nameA of namesA) {
      for (const nameB of namesB) {
        if (reason !== null) continue;
        sampleCalls += 1;
        reason = similarityReason(nameA, nameB);
      }
    }
    if (reason !== null) similar += 1;
  }
  const perCall = (performance.now() - start) / sampleCalls;
  line(
    `  dont similarityReason (${count(NAME_SAMPLE)} paires de structures)`,
    `${(perCall * 1000).toFixed(1)} µs/appel × ${count(calls)} appels (${count(structures.length)} structures, toutes les paires) ≈ ${((perCall * calls) / 1000).toFixed(1)} s ; ${counted(similar, 'paire semblable', 'paires semblables')} dans l'échantillon`,
  );
}

async function measureCheckAtScale(db: Database, callCode: string): Promise<void> {
  const times: number[] = [];
  let report = await timed(() => checkCallConsistency(db, callCode, BENCH_ACTOR));
  times.push(report.ms);
  while (times.length < RUNS && report.ms < CHECK_REPEAT_LIMIT_MS) {
    report = await timed(() => checkCallConsistency(db, callCode, BENCH_ACTOR));
    times.push(report.ms);
  }
  line(`checkCallConsistency (${callCode})`, `${timings(times)} — ${describeReport(report.result)}`);
  if (times.length < RUNS) {
    note(
      `${counted(times.length, 'passage')} au lieu de ${RUNS} : au-delà de ${CHECK_REPEAT_LIMIT_MS / 1000} s par passage, le banc d'essai dépasserait sa durée visée (2 min)`,
    );
  }
  line('  constats par code', findingsByCode(report.result));
  const call = await getCall(db, callCode);
  const applications = await timed(() => listCallApplications(db, call.id, BENCH_ACTOR));
  line(
    '  dont listCallApplications (lu 2 fois par le contrôle)',
    `${ms(applications.ms)} par lecture, ${count(applications.result.length)} demandes`,
  );
  const structures = await timed(() => listAllStructures(db));
  line('  dont listAllStructures', `${ms(structures.ms)}, ${count(structures.result.length)} structures`);
  estimateNameComparisons(structures.result);
  note(
    'checkDuplicateStructures compare chaque paire de structures du registre : coût quadratique en nombre de structures',
  );
}

export async function runScaleBenchmark(db: Database, callCode: string): Promise<void> {
  heading(
    `4. Montée en charge : +${count(SCALE.applications)} demandes proposées et +${count(SCALE.structures)} structures (PGlite en mémoire)`,
  );
  const inserted = await timed(() => insertScaleData(db, new Prng(SEED), callCode, SCALE));
  line('insertion (génération, calcul des montants, SQL)', ms(inserted.ms));
  await printCounts(db, callCode);
  await measureAllocationsCsv(db, callCode, RUNS);
  await measureCheckAtScale(db, callCode);
}
