import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, type PlainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { type Cents, cents } from '../../../kernel/money.ts';
import { computeFunding, type FundingRule } from '../../funding/index.ts';
import {
  type AmendableConvention,
  type Amendment,
  closeAmendment,
  computeLineAmendment,
  type LineChange,
  proposeAmendment,
  voteAmendment,
} from './amendment.ts';
import { draftConvention, terminateConvention } from './lifecycle.ts';
import { amountCarriedOut, type ConventionLine, createLine, lineAmount } from './segments.ts';
import {
  APR_DEC_2023,
  BUDGET_LINE,
  date,
  eur,
  period,
  plain,
  SIVOM_SOCIOPRO,
  SIVOM_SOLIDARITE,
  SOCIOPRO,
  SOLIDARITE,
  signedSivom,
  YEAR_2023,
} from './sivom.fixture.ts';

function refuses(run: () => unknown, code: string, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError, 'DomainError attendue');
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(plain(error.message).includes(fragment), error.message);
    return true;
  });
}

const sivom = (): AmendableConvention => ({
  record: signedSivom(),
  lines: [SIVOM_SOLIDARITE, SIVOM_SOCIOPRO],
});

const APRIL_1 = date('2023-04-01');
const SPEC_CHANGES: LineChange[] = [
  { lineKey: 'T1-O1', quantity: 170 },
  { lineKey: 'T1-O2', quantity: 380 },
];

function proposeSpec(): Amendment {
  return proposeAmendment(sivom(), {
    effectiveFrom: APRIL_1,
    changes: SPEC_CHANGES,
    proposedOn: date('2023-05-25'),
  }).amendment;
}

function line(overrides: Partial<Parameters<typeof createLine>[0]> = {}): ConventionLine {
  return createLine({
    key: 'L',
    label: 'Ligne',
    budgetLine: BUDGET_LINE,
    rule: SOLIDARITE,
    unit: 'places',
    quantity: 90,
    period: YEAR_2023,
    amount: eur('14 400'),
    ...overrides,
  });
}

function computed(rule: FundingRule, quantity: number, start: string, end: string): Cents {
  const result = computeFunding(rule, { quantity, period: period(start, end) });
  assert.equal(result.status, 'computed');
  return result.status === 'computed' ? result.amount : cents(0);
}

describe('the specification: SIVOM du Bruaysis from 1 April 2023', () => {
  test('620 → 170 places (solidarité): 99 200 € → 45 200 € (24 800 + 20 400)', () => {
    const [solidarite] = proposeSpec().lines;
    assert.ok(solidarite);
    assert.equal(solidarite.amountBefore, eur('99 200'));
    assert.equal(solidarite.amountAfter, eur('45 200'));
    assert.equal(solidarite.delta, eur('-54 000'));
    assert.deepEqual(
      solidarite.segmentsAfter.map((segment) => [segment.period, segment.quantity, segment.amount]),
      [
        [period('2023-01-01', '2023-03-31'), 620, eur('24 800')],
        [APR_DEC_2023, 170, eur('20 400')],
      ],
    );
    assert.equal(
      plain(solidarite.explanation),
      [
        'Montant initial : 620 places × 160 € par an × 12 mois / 12 = 99 200,00 €',
        'Du 01/01/2023 au 31/03/2023 : 620 places × 160 € par an × 3 mois / 12 = 24 800,00 €',
        'Du 01/04/2023 au 31/12/2023 : 170 places × 160 € par an × 9 mois / 12 = 20 400,00 €',
        'Total après avenant 45 200,00 € − montant initial 99 200,00 € = -54 000,00 €',
        'Montant en vigueur 99 200,00 € → 45 200,00 € (écart -54 000,00 €)',
      ].join('. '),
    );
  });

  test('560 → 380 places (socio-pro): 140 000 € → 106 250 € (35 000 + 71 250)', () => {
    const socio = proposeSpec().lines[1];
    assert.ok(socio);
    assert.equal(socio.amountAfter, eur('106 250'));
    assert.equal(socio.delta, eur('-33 750'));
    assert.deepEqual(
      socio.segmentsAfter.map((segment) => segment.amount),
      [eur('35 000'), eur('71 250')],
    );
  });

  test('the whole amendment: total, budget delta and explanation', () => {
    const amendment = proposeSpec();
    assert.equal(amendment.state, 'proposed');
    assert.equal(amendment.amountBefore, eur('239 200'));
    assert.equal(amendment.amountAfter, eur('151 450'));
    assert.equal(amendment.delta, eur('-87 750'));
    assert.deepEqual(amendment.budgetDeltas, [{ budgetLine: 'C02-446A05', delta: eur('-87 750') }]);
    assert.match(
      plain(amendment.explanation),
      /Total des lignes modifiées : 239 200,00 € → 151 450,00 € \(écart -87 750,00 €\), à compter du 01\/04\/2023\.$/,
    );
  });

  test('the CCAS de Bruay-la-Buissière’s new lines take exactly what the SIVOM gives back', () => {
    const amendment = proposeSpec();
    const ccasSolidarite = computed(SOLIDARITE, 450, '2023-04-01', '2023-12-31');
    const ccasSocio = computed(SOCIOPRO, 180, '2023-04-01', '2023-12-31');
    assert.equal(ccasSolidarite, eur('54 000'));
    assert.equal(ccasSocio, eur('33 750'));
    assert.equal(amendment.lines[0]?.delta, -ccasSolidarite);
    assert.equal(amendment.lines[1]?.delta, -ccasSocio);
    assert.equal(amendment.delta + ccasSolidarite + ccasSocio, 0);
  });

  test('nothing changes until the committee votes; the vote applies it', () => {
    const convention = sivom();
    const amendment = proposeSpec();
    assert.equal(lineAmount(SIVOM_SOLIDARITE), eur('99 200'));
    const voted = voteAmendment(convention, amendment, {
      votedOn: date('2023-06-12'),
      decisionRef: 'Délibération n°2023-259',
    });
    assert.equal(voted.amendment.state, 'voted');
    assert.equal(voted.amendment.decidedOn, '2023-06-12');
    assert.deepEqual(voted.convention.lines.map(lineAmount), [eur('45 200'), eur('106 250')]);
    assert.deepEqual(voted.convention.record.period, YEAR_2023);
    assert.deepEqual([voted.change.from, voted.change.to], ['proposed', 'voted']);
    assert.match(plain(voted.change.summary), /effectif le 01\/04\/2023 : 239 200,00 € → 151 450,00 €/);
    // The inputs are left as they were.
    assert.equal(convention.lines[0], SIVOM_SOLIDARITE);
    assert.equal(amendment.state, 'proposed');
  });

  test('terminated on 15 June: what was carried out follows the amended segments', () => {
    const { lines } = voteAmendment(sivom(), proposeSpec(), {
      votedOn: date('2023-06-12'),
      decisionRef: 'D',
    }).convention;
    const [solidarite, socio] = lines;
    assert.ok(solidarite && socio);
    // 24 800 € for January–March, then 170 places for April–June: 6 800 €.
    assert.equal(amountCarriedOut(solidarite, date('2023-06-30')), eur('31 600'));
    assert.equal(amountCarriedOut(socio, date('2023-06-30')), eur('58 750'));
  });
});

describe('other changes', () => {
  test('a second amendment starts from the first one’s segment', () => {
    const first = voteAmendment(sivom(), proposeSpec(), { votedOn: date('2023-06-12'), decisionRef: 'D1' });
    const second = proposeAmendment(first.convention, {
      effectiveFrom: date('2023-07-01'),
      changes: [{ lineKey: 'T1-O1', quantity: 100 }],
      proposedOn: date('2023-07-10'),
    }).amendment;
    const [solidarite] = second.lines;
    assert.ok(solidarite);
    // 70 places fewer for six months: 70 × 160 € / 2 = 5 600 €.
    assert.equal(solidarite.delta, eur('-5 600'));
    assert.equal(solidarite.amountAfter, eur('39 600'));
    assert.deepEqual(
      solidarite.segmentsAfter.map((segment) => [segment.period.start, segment.quantity, segment.amount]),
      [
        ['2023-01-01', 620, eur('24 800')],
        ['2023-04-01', 170, eur('6 800')],
        ['2023-07-01', 100, eur('8 000')],
      ],
    );
    refuses(
      () =>
        proposeAmendment(first.convention, {
          effectiveFrom: date('2023-03-01'),
          changes: [{ lineKey: 'T1-O1', quantity: 100 }],
          proposedOn: date('2023-07-10'),
        }),
      'AMENDMENT_BEFORE_PREVIOUS',
      '01/04/2023',
    );
  });

  test('an extension from the day after the end adds a segment', () => {
    const result = computeLineAmendment(line(), date('2024-01-01'), {
      lineKey: 'L',
      periodEnd: date('2024-03-31'),
    });
    assert.equal(result.delta, eur('3 600'));
    assert.equal(result.amountAfter, eur('18 000'));
    assert.deepEqual(
      result.segmentsAfter.map((segment) => [segment.period, segment.amount]),
      [
        [YEAR_2023, eur('14 400')],
        [period('2024-01-01', '2024-03-31'), eur('3 600')],
      ],
    );
    const convention = { record: signedSivom(), lines: [line()] };
    const proposed = proposeAmendment(convention, {
      effectiveFrom: date('2024-01-01'),
      changes: [{ lineKey: 'L', periodEnd: date('2024-03-31') }],
      proposedOn: date('2023-11-02'),
    }).amendment;
    const voted = voteAmendment(convention, proposed, { votedOn: date('2023-11-20'), decisionRef: 'D' });
    assert.deepEqual(voted.convention.record.period, period('2023-01-01', '2024-03-31'));
  });

  test('a shortening with more places from the same date', () => {
    // From 1 June, 120 places until 30 September instead of 90 until 31 December.
    const result = computeLineAmendment(line(), date('2023-06-01'), {
      lineKey: 'L',
      quantity: 120,
      periodEnd: date('2023-09-30'),
    });
    assert.equal(result.amountAfter, eur('6 000') + eur('6 400'));
    assert.deepEqual(
      result.segmentsAfter.map((segment) => [segment.period, segment.quantity, segment.amount]),
      [
        [period('2023-01-01', '2023-05-31'), 90, eur('6 000')],
        [period('2023-06-01', '2023-09-30'), 120, eur('6 400')],
      ],
    );
    assert.match(plain(result.explanation), /Avant avenant, du 01\/06\/2023 au 31\/12\/2023 : 8 400,00 €/);
  });

  test('a flat rate per post is not prorated and keeps one segment', () => {
    const pacte = line({
      rule: { kind: 'flat_per_post_by_type', amountsByType: { ACI: eur('4 500') } },
      siaeType: 'ACI',
      unit: 'postes',
      quantity: 4,
      amount: eur('18 000'),
    });
    const fewer = computeLineAmendment(pacte, date('2023-07-01'), { lineKey: 'L', quantity: 3 });
    assert.equal(fewer.amountAfter, eur('13 500'));
    assert.equal(fewer.segmentsAfter.length, 1);
    const longer = computeLineAmendment(pacte, date('2023-07-01'), {
      lineKey: 'L',
      periodEnd: date('2024-06-30'),
    });
    assert.equal(longer.delta, 0);
    assert.deepEqual(longer.segmentsAfter[0]?.period, period('2023-01-01', '2024-06-30'));
  });

  test('an amount retained apart from the scale keeps its deviation', () => {
    const retained = line({ amount: eur('10 000') });
    const result = computeLineAmendment(retained, date('2023-07-01'), { lineKey: 'L', quantity: 60 });
    // The rule's delta: 30 places fewer for six months, −2 400 €.
    assert.equal(result.amountAfter, eur('7 600'));
    assert.deepEqual(
      result.segmentsAfter.map((segment) => segment.amount),
      [eur('5 000'), eur('2 600')],
    );
  });

  test('a typed amount equal to the computation needs no justification; another one does', () => {
    const same = computeLineAmendment(line(), date('2023-07-01'), {
      lineKey: 'L',
      quantity: 60,
      amount: eur('12 000'),
    });
    assert.equal(same.amountAfter, eur('12 000'));
    assert.equal(same.justification, null);
    refuses(
      () =>
        computeLineAmendment(line(), date('2023-07-01'), {
          lineKey: 'L',
          quantity: 60,
          amount: eur('11 000'),
        }),
      'AMENDMENT_JUSTIFICATION_MISSING',
      '11 000,00',
      '12 000,00',
    );
    const justified = computeLineAmendment(line(), date('2023-07-01'), {
      lineKey: 'L',
      quantity: 60,
      amount: eur('11 000'),
      justification: 'coûts réels moindres',
    });
    assert.equal(justified.amountAfter, eur('11 000'));
    assert.equal(justified.computedAmountAfter, eur('12 000'));
    assert.match(
      plain(justified.explanation),
      /Montant retenu par avenant : 11 000,00 € \(coûts réels moindres\)/,
    );
  });

  test('a rule without scale needs a typed, justified amount', () => {
    const costs = line({
      rule: { kind: 'cost_based', indirectRateBasisPoints: 2000 },
      quantity: null,
      amount: eur('50 000'),
    });
    refuses(
      () => computeLineAmendment(costs, date('2023-07-01'), { lineKey: 'L', periodEnd: date('2024-06-30') }),
      'AMENDMENT_AMOUNT_REQUIRED',
      'saisissez le montant',
    );
    refuses(
      () => computeLineAmendment(costs, date('2023-07-01'), { lineKey: 'L', amount: eur('60 000') }),
      'AMENDMENT_JUSTIFICATION_MISSING',
      'barème',
    );
    const result = computeLineAmendment(costs, date('2023-07-01'), {
      lineKey: 'L',
      amount: eur('60 000'),
      justification: 'nouveau budget',
    });
    assert.equal(result.delta, eur('10 000'));
    assert.equal(result.segmentsAfter.length, 1);
  });
});

describe('guards', () => {
  const cases: [string, PlainDate, LineChange, string, string][] = [
    [
      'an effective date before the period',
      date('2022-12-31'),
      { lineKey: 'L', quantity: 1 },
      'EFFECTIVE_DATE_OUTSIDE_PERIOD',
      '31/12/2022',
    ],
    [
      'an effective date after the period',
      date('2024-01-01'),
      { lineKey: 'L', quantity: 1 },
      'EFFECTIVE_DATE_OUTSIDE_PERIOD',
      'hors de la période',
    ],
    [
      'an effective date well after the end, even for an extension',
      date('2024-01-02'),
      { lineKey: 'L', periodEnd: date('2024-06-30') },
      'EFFECTIVE_DATE_OUTSIDE_PERIOD',
      '02/01/2024',
    ],
    [
      'a new end before the effective date',
      date('2023-07-01'),
      { lineKey: 'L', periodEnd: date('2023-06-30') },
      'AMENDMENT_END_BEFORE_EFFECTIVE_DATE',
      '30/06/2023',
    ],
    [
      'a negative quantity',
      date('2023-07-01'),
      { lineKey: 'L', quantity: -1 },
      'AMENDMENT_QUANTITY_INVALID',
      '-1',
    ],
    [
      'three decimals',
      date('2023-07-01'),
      { lineKey: 'L', quantity: 1.005 },
      'AMENDMENT_QUANTITY_INVALID',
      'deux décimales',
    ],
    [
      'a negative amount',
      date('2023-07-01'),
      { lineKey: 'L', amount: cents(-1), justification: 'x' },
      'AMOUNT_INVALID',
      '-1',
    ],
    [
      'no change',
      date('2023-07-01'),
      { lineKey: 'L', quantity: 90 },
      'AMENDMENT_WITHOUT_CHANGE',
      'ne change rien',
    ],
  ];
  for (const [name, effectiveFrom, change, code, fragment] of cases) {
    test(`refused: ${name}`, () =>
      refuses(() => computeLineAmendment(line(), effectiveFrom, change), code, fragment));
  }

  test('refused: a recomputed part that would be negative', () => {
    // Retained at half the scale, then down to no place: the rule's delta exceeds what is left.
    const retained = line({ amount: eur('7 200') });
    refuses(
      () => computeLineAmendment(retained, date('2023-07-01'), { lineKey: 'L', quantity: 0 }),
      'AMENDMENT_NEGATIVE_AMOUNT',
      'saisissez le montant',
    );
  });

  test('refused: a convention that is not signed, or terminated', () => {
    const draft = { record: draftConvention(YEAR_2023), lines: [SIVOM_SOLIDARITE] };
    const options = { effectiveFrom: APRIL_1, changes: SPEC_CHANGES, proposedOn: date('2023-05-25') };
    refuses(() => proposeAmendment(draft, options), 'CONVENTION_NOT_AMENDABLE', 'En préparation');
    const terminated = terminateConvention(signedSivom(), {
      kind: 'at_structure_request',
      notificationReceivedOn: date('2023-06-01'),
      today: date('2023-06-02'),
    }).after;
    refuses(
      () =>
        voteAmendment({ record: terminated, lines: sivom().lines }, proposeSpec(), {
          votedOn: date('2023-06-12'),
          decisionRef: 'D',
        }),
      'CONVENTION_NOT_AMENDABLE',
      'Résiliée',
    );
  });

  test('refused: no line, an unknown line, a line changed twice', () => {
    const base = { effectiveFrom: APRIL_1, proposedOn: date('2023-05-25') };
    refuses(() => proposeAmendment(sivom(), { ...base, changes: [] }), 'AMENDMENT_EMPTY');
    refuses(
      () => proposeAmendment(sivom(), { ...base, changes: [{ lineKey: 'T9', quantity: 1 }] }),
      'AMENDMENT_LINE_UNKNOWN',
      'T9',
    );
    refuses(
      () =>
        proposeAmendment(sivom(), {
          ...base,
          changes: [
            { lineKey: 'T1-O1', quantity: 1 },
            { lineKey: 'T1-O1', quantity: 2 },
          ],
        }),
      'AMENDMENT_LINE_DUPLICATE',
    );
  });

  test('the vote: once only, after the proposal, with its deliberation, on unchanged lines', () => {
    const amendment = proposeSpec();
    const vote = { votedOn: date('2023-06-12'), decisionRef: 'Délibération n°2023-259' };
    const voted = voteAmendment(sivom(), amendment, vote);
    refuses(
      () => voteAmendment(voted.convention, voted.amendment, vote),
      'AMENDMENT_TRANSITION_NOT_ALLOWED',
      'Voté',
    );
    refuses(
      () => voteAmendment(sivom(), amendment, { ...vote, votedOn: date('2023-05-24') }),
      'AMENDMENT_VOTE_BEFORE_PROPOSAL',
    );
    refuses(
      () => voteAmendment(sivom(), amendment, { ...vote, decisionRef: ' ' }),
      'AMENDMENT_DECISION_MISSING',
    );
    // Computed on the SIVOM's lines, voted on lines already amended: recompute.
    refuses(() => voteAmendment(voted.convention, amendment, vote), 'AMENDMENT_STALE', 'recalculez');
    // A line the amendment changes is no longer in the convention.
    refuses(
      () => voteAmendment({ record: signedSivom(), lines: [SIVOM_SOLIDARITE] }, amendment, vote),
      'AMENDMENT_LINE_UNKNOWN',
      'Accompagnement socioprofessionnel',
    );
  });

  test('rejected or withdrawn, an amendment is final', () => {
    const rejected = closeAmendment(proposeSpec(), {
      to: 'rejected',
      on: date('2023-06-12'),
      decisionRef: 'D',
    });
    assert.equal(rejected.amendment.state, 'rejected');
    assert.equal(rejected.change.action, 'reject');
    refuses(
      () => voteAmendment(sivom(), rejected.amendment, { votedOn: date('2023-06-12'), decisionRef: 'D' }),
      'AMENDMENT_TRANSITION_NOT_ALLOWED',
      'Rejeté',
    );
    refuses(
      () => closeAmendment(proposeSpec(), { to: 'withdrawn', on: date('2023-06-12'), decisionRef: '' }),
      'AMENDMENT_DECISION_MISSING',
      'retiré',
    );
  });
});

describe('properties', () => {
  const base = date('2023-01-01');
  test('a change of quantity equals the rule on each part; segments are contiguous and add up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 0, max: 364 }),
        fc.constantFrom(SOLIDARITE, SOCIOPRO),
        (before, after, effectiveOffset, terminationOffset, rule) => {
          fc.pre(before !== after);
          const amount = computed(rule, before, '2023-01-01', '2023-12-31');
          const start = line({ rule, quantity: before, amount });
          const effectiveFrom = addDays(base, effectiveOffset);
          const result = computeLineAmendment(start, effectiveFrom, { lineKey: 'L', quantity: after });
          const head =
            effectiveOffset === 0 ? 0 : computed(rule, before, '2023-01-01', addDays(effectiveFrom, -1));
          const tail = computed(rule, after, effectiveFrom, '2023-12-31');
          assert.equal(result.amountAfter, head + tail);
          const amended: ConventionLine = { ...start, segments: result.segmentsAfter };
          assert.equal(lineAmount(amended), result.amountAfter);
          result.segmentsAfter.forEach((segment, index) => {
            const next = result.segmentsAfter[index + 1];
            if (next) assert.equal(addDays(segment.period.end, 1), next.period.start);
            assert.ok(segment.amount >= 0);
          });
          // What was carried out never exceeds the amount in force and grows with time.
          const lastDay = addDays(base, terminationOffset);
          const carried = amountCarriedOut(amended, lastDay);
          assert.ok(carried >= 0 && carried <= result.amountAfter);
          assert.ok(amountCarriedOut(amended, addDays(lastDay, 1)) >= carried);
        },
      ),
      { numRuns: 500 },
    );
  });
});
