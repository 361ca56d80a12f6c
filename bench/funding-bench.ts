/**
 * Section 1: the funding engine alone, synchronous, on the main thread (one core). Every result is
 * folded into a tally (amounts, statuses, length of the explanations) that is printed and compared
 * between runs: the engine cannot be optimised away, and a run that computed something else fails.
 */
import { computeAmendment, computeFunding, type FundingRuleKind } from '../src/modules/funding/index.ts';
import { Prng } from './prng.ts';
import { best, count, counted, euros, heading, line, median, ms, runsList } from './report.ts';
import {
  type AmendmentCase,
  type FundingCase,
  syntheticAmendmentCases,
  syntheticFundingCases,
} from './synthetic.ts';

const SEED = 20_230_612;
const APPLICATIONS = 100_000;
const AMENDMENTS = 10_000;
const RUNS = 5;

interface FundingTally {
  computed: number;
  decidedOnReview: number;
  notComputable: number;
  amountSum: number;
  explanationChars: number;
}

function computeAll(cases: readonly FundingCase[]): FundingTally {
  const tally: FundingTally = {
    computed: 0,
    decidedOnReview: 0,
    notComputable: 0,
    amountSum: 0,
    explanationChars: 0,
  };
  for (const { rule, input } of cases) {
    const result = computeFunding(rule, input);
    tally.explanationChars += result.explanation.length;
    if (result.status === 'computed') {
      tally.computed += 1;
      tally.amountSum += result.amount;
    } else if (result.status === 'decided_on_review') {
      tally.decidedOnReview += 1;
    } else {
      tally.notComputable += 1;
    }
  }
  return tally;
}

interface AmendmentTally {
  computed: number;
  notComputable: number;
  parts: number;
  deltaSum: number;
  amountAfterSum: number;
  explanationChars: number;
}

function amendAll(cases: readonly AmendmentCase[]): AmendmentTally {
  const tally: AmendmentTally = {
    computed: 0,
    notComputable: 0,
    parts: 0,
    deltaSum: 0,
    amountAfterSum: 0,
    explanationChars: 0,
  };
  for (const { rule, input } of cases) {
    const result = computeAmendment(rule, input);
    tally.explanationChars += result.explanation.length;
    if (result.status === 'computed') {
      tally.computed += 1;
      tally.parts += result.parts.length;
      tally.deltaSum += result.delta;
      tally.amountAfterSum += result.amountAfter;
    } else {
      tally.notComputable += 1;
    }
  }
  return tally;
}

/** Times `work` `runs` times; fails unless every run gives the tally of the warm-up. */
function timeRuns<T>(runs: number, reference: T, work: () => T): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    const tally = work();
    times.push(performance.now() - start);
    if (JSON.stringify(tally) !== JSON.stringify(reference)) {
      throw new Error(`Résultats différents d'un passage à l'autre : ${JSON.stringify(tally)}`);
    }
  }
  return times;
}

interface Unit {
  singular: string;
  plural: string;
}

function printThroughput(label: string, totalMs: number, items: number, unit: Unit): void {
  const perSecond = Math.round((items / totalMs) * 1000);
  const nsPerItem = Math.round((totalMs * 1e6) / items);
  line(
    label,
    `${ms(totalMs)} · ${count(perSecond)} ${unit.plural}/s · ${count(nsPerItem)} ns/${unit.singular}`,
  );
}

function printTimes(name: string, times: readonly number[], items: number, unit: Unit): void {
  line(`${name}, ${times.length} passages (ms)`, runsList(times));
  printThroughput(`${name}, médiane`, median(times), items, unit);
  printThroughput(`${name}, meilleur`, best(times), items, unit);
}

export function runFundingBenchmark(): void {
  heading(
    `1. Moteur de financement : ${count(APPLICATIONS)} dossiers et ${count(AMENDMENTS)} avenants synthétiques (graine ${SEED}, un cœur)`,
  );
  const generation = performance.now();
  const prng = new Prng(SEED);
  const applications = syntheticFundingCases(prng, APPLICATIONS);
  const amendments = syntheticAmendmentCases(prng, AMENDMENTS);
  line('génération des données (non mesurée ensuite)', ms(performance.now() - generation));
  const byKind = new Map<FundingRuleKind, number>();
  for (const { rule } of applications) byKind.set(rule.kind, (byKind.get(rule.kind) ?? 0) + 1);
  line(
    'répartition des dossiers par règle',
    [...byKind].map(([kind, total]) => `${kind} ${count(total)}`).join(', '),
  );

  // One untimed pass lets V8 optimise the engine before the timed ones; its tally is the reference.
  const warmUp = performance.now();
  const fundingReference = computeAll(applications);
  const amendmentReference = amendAll(amendments);
  line('échauffement (1 passage de chaque, non compté)', ms(performance.now() - warmUp));
  const expectedOnReview = byKind.get('fixed_on_review') ?? 0;
  if (
    fundingReference.notComputable !== 0 ||
    fundingReference.decidedOnReview !== expectedOnReview ||
    fundingReference.computed + expectedOnReview !== APPLICATIONS ||
    amendmentReference.computed !== AMENDMENTS
  ) {
    throw new Error(
      `Résultats incohérents : ${JSON.stringify({ fundingReference, amendmentReference, expectedOnReview })}`,
    );
  }

  const fundingTimes = timeRuns(RUNS, fundingReference, () => computeAll(applications));
  printTimes('computeFunding', fundingTimes, APPLICATIONS, { singular: 'dossier', plural: 'dossiers' });
  line(
    'computeFunding, contrôle',
    `${count(fundingReference.computed)} calculés, ${count(fundingReference.decidedOnReview)} fixés à l'instruction, ${counted(fundingReference.notComputable, 'non calculable')}`,
  );
  line('computeFunding, somme des montants (checksum)', euros(fundingReference.amountSum));
  line('computeFunding, longueur des explications', `${count(fundingReference.explanationChars)} caractères`);

  const amendmentTimes = timeRuns(RUNS, amendmentReference, () => amendAll(amendments));
  printTimes('computeAmendment', amendmentTimes, AMENDMENTS, { singular: 'avenant', plural: 'avenants' });
  line(
    'computeAmendment, contrôle',
    `${count(amendmentReference.computed)} calculés en ${count(amendmentReference.parts)} parties, ${counted(amendmentReference.notComputable, 'non calculable')}`,
  );
  line(
    'computeAmendment, somme des écarts (checksum)',
    `${euros(amendmentReference.deltaSum)} (montants après avenant ${euros(amendmentReference.amountAfterSum)})`,
  );
  line(
    'computeAmendment, longueur des explications',
    `${count(amendmentReference.explanationChars)} caractères`,
  );
}
