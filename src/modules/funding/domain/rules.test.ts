import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  dateParts,
  daysInMonth,
  type Period,
  type PlainDate,
  parsePlainDate,
  periodDays,
} from '../../../kernel/dates.ts';
import { type Cents, cents, parseEuros } from '../../../kernel/money.ts';
import {
  type AmendmentResult,
  computeAmendment,
  computeFunding,
  describeRule,
  FUNDING_RULE_LABELS,
  type FundingInput,
  type FundingResult,
  type FundingRule,
  prorateAnnualAmount,
  type QuantityUnit,
  SIAE_TYPES,
  type SiaeType,
} from './rules.ts';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const date = (text: string): PlainDate => parsePlainDate(text);
const period = (start: string, end: string): Period => ({ start: date(start), end: date(end) });
const eur = (text: string): Cents => parseEuros(text);
/** Some expected strings are written with ordinary spaces where the engine puts no-break spaces. */
const plain = (text: string): string => text.replace(/\u00a0/g, ' ');

const YEAR_2023 = period('2023-01-01', '2023-12-31');
const Q1_2023 = period('2023-01-01', '2023-03-31');
const APR_DEC_2023 = period('2023-04-01', '2023-12-31');

const SOLIDARITE: FundingRule = { kind: 'per_place_per_year', annualRatePerPlace: eur('160') };
const SOCIOPRO: FundingRule = { kind: 'per_place_per_year', annualRatePerPlace: eur('250') };
const AI: FundingRule = {
  kind: 'per_post_per_month_capped',
  monthlyCapPerPost: eur('195'),
  indirectRateBasisPoints: 2000,
};
const EI: FundingRule = {
  kind: 'per_post_per_month_capped',
  monthlyCapPerPost: eur('250'),
  indirectRateBasisPoints: 2000,
};
const ACI_COSTS: FundingRule = { kind: 'cost_based', indirectRateBasisPoints: 2000 };
const PACTE: FundingRule = {
  kind: 'flat_per_post_by_type',
  amountsByType: { ACI: eur('4500'), EI: eur('3000') },
};
const FIXED: FundingRule = { kind: 'fixed_on_review' };

function expectComputed(result: FundingResult): { amount: Cents; explanation: string } {
  if (result.status !== 'computed')
    assert.fail(`expected an amount, got ${result.status}: ${result.explanation}`);
  return result;
}

function expectNotComputable(result: FundingResult | AmendmentResult, reason: string): string {
  if (result.status !== 'not_computable')
    assert.fail(`expected ${reason}, got ${result.status}: ${result.explanation}`);
  assert.equal(result.reason, reason);
  assert.match(result.explanation, /^Non calculable : /);
  return result.explanation;
}

function expectAmendment(result: AmendmentResult): Extract<AmendmentResult, { status: 'computed' }> {
  if (result.status !== 'computed')
    assert.fail(`expected an amendment, got ${result.reason}: ${result.explanation}`);
  return result;
}

const amountOf = (rule: FundingRule, input: FundingInput): Cents =>
  expectComputed(computeFunding(rule, input)).amount;

// ---------------------------------------------------------------------------------------------
// Tables from délibération n°2023-259
// ---------------------------------------------------------------------------------------------

describe('per place per year, prorata temporis (annexe 1, opérations 1 and 2)', () => {
  const cases: { name: string; rule: FundingRule; places: number; period: Period; expected: string }[] = [
    {
      name: 'CC Sud Artois, solidarité',
      rule: SOLIDARITE,
      places: 90,
      period: YEAR_2023,
      expected: '14 400,00',
    },
    {
      name: 'CCAS Wimereux, solidarité',
      rule: SOLIDARITE,
      places: 22,
      period: YEAR_2023,
      expected: '3 520,00',
    },
    {
      name: 'CC Sud Artois, socio-pro',
      rule: SOCIOPRO,
      places: 80,
      period: YEAR_2023,
      expected: '20 000,00',
    },
    { name: 'CCAS Wimereux, socio-pro', rule: SOCIOPRO, places: 33, period: YEAR_2023, expected: '8 250,00' },
    {
      name: 'SIVOM initial, solidarité',
      rule: SOLIDARITE,
      places: 620,
      period: YEAR_2023,
      expected: '99 200,00',
    },
    {
      name: 'SIVOM January–March, solidarité',
      rule: SOLIDARITE,
      places: 620,
      period: Q1_2023,
      expected: '24 800,00',
    },
    {
      name: 'SIVOM April–December, solidarité',
      rule: SOLIDARITE,
      places: 170,
      period: APR_DEC_2023,
      expected: '20 400,00',
    },
    {
      name: 'CCAS de Bruay, solidarité',
      rule: SOLIDARITE,
      places: 450,
      period: APR_DEC_2023,
      expected: '54 000,00',
    },
    {
      name: 'SIVOM initial, socio-pro',
      rule: SOCIOPRO,
      places: 560,
      period: YEAR_2023,
      expected: '140 000,00',
    },
    {
      name: 'SIVOM January–March, socio-pro',
      rule: SOCIOPRO,
      places: 560,
      period: Q1_2023,
      expected: '35 000,00',
    },
    {
      name: 'SIVOM April–December, socio-pro',
      rule: SOCIOPRO,
      places: 380,
      period: APR_DEC_2023,
      expected: '71 250,00',
    },
    {
      name: 'CCAS de Bruay, socio-pro',
      rule: SOCIOPRO,
      places: 180,
      period: APR_DEC_2023,
      expected: '33 750,00',
    },
  ];
  for (const c of cases) {
    test(`${c.name}: ${c.places} places → ${c.expected} €`, () => {
      assert.equal(amountOf(c.rule, { quantity: c.places, period: c.period }), eur(c.expected));
    });
  }

  test('explanations show the formula with French amounts', () => {
    assert.equal(
      expectComputed(computeFunding(SOLIDARITE, { quantity: 90, period: YEAR_2023 })).explanation,
      '90 places × 160\u00a0€ par an × 12 mois / 12 = 14\u00a0400,00\u00a0€',
    );
    assert.equal(
      expectComputed(computeFunding(SOLIDARITE, { quantity: 450, period: APR_DEC_2023 })).explanation,
      '450 places × 160\u00a0€ par an × 9 mois / 12 = 54\u00a0000,00\u00a0€',
    );
  });

  test('a period with days says so and is prorated by the days of its month', () => {
    // 15 days of a 31-day January: 99 200 € / 12 × 15 / 31 = 4 000 €.
    const first15 = expectComputed(
      computeFunding(SOLIDARITE, { quantity: 620, period: period('2023-01-01', '2023-01-15') }),
    );
    assert.equal(first15.amount, eur('4 000,00'));
    assert.equal(
      first15.explanation,
      '620 places × 160\u00a0€ par an × (15 jours) / 12 = 4\u00a0000,00\u00a0€',
    );
    // 72 000 € a year from 18 March: 6 000 € × (10 − 17/31) months = 56 709,677… €.
    const fromMarch18 = expectComputed(
      computeFunding(SOLIDARITE, { quantity: 450, period: period('2023-03-18', '2023-12-31') }),
    );
    assert.equal(fromMarch18.amount, eur('56 709,68'));
    assert.equal(
      fromMarch18.explanation,
      '450 places × 160\u00a0€ par an × (9 mois et 14 jours) / 12 = 56\u00a0709,68\u00a0€',
    );
  });

  test('twelve months starting on another day than the 1st give the annual amount (FJEP, 05/04/23 au 04/04/24)', () => {
    const result = expectComputed(
      computeFunding(SOLIDARITE, { quantity: 620, period: period('2023-04-05', '2024-04-04') }),
    );
    assert.equal(result.amount, eur('99 200,00'));
    assert.match(result.explanation, / × 12 mois \/ 12 = /);
  });

  test('a year starting mid-February across a leap year is not exactly annual (day weights differ by month length)', () => {
    // Pinned behaviour of the month scale, computed independently with exact fractions:
    // February 2023 days weigh 1/28 of a month, February 2024 days 1/29.
    assert.equal(
      amountOf(SOLIDARITE, { quantity: 620, period: period('2023-02-15', '2024-02-14') }),
      cents(9_905_747),
    );
    assert.equal(
      amountOf(SOLIDARITE, { quantity: 620, period: period('2024-02-15', '2025-02-14') }),
      cents(9_934_253),
    );
  });

  test('quantities with two decimals are exact and rounded once, half away from zero', () => {
    assert.equal(amountOf(SOLIDARITE, { quantity: 2.5, period: YEAR_2023 }), eur('400,00'));
    // 0,01 € a year × 0,5 place = 0,005 € → 0,01 €.
    assert.equal(
      amountOf(
        { kind: 'per_place_per_year', annualRatePerPlace: cents(1) },
        { quantity: 0.5, period: YEAR_2023 },
      ),
      cents(1),
    );
    // 2,55 is not exactly representable in binary; 100 € × 2,55 must still be 255,00 €.
    assert.equal(
      amountOf(
        { kind: 'per_place_per_year', annualRatePerPlace: eur('100') },
        { quantity: 2.55, period: YEAR_2023 },
      ),
      eur('255'),
    );
    assert.equal(
      expectComputed(computeFunding(SOLIDARITE, { quantity: 2.5, period: YEAR_2023, unit: 'etp' }))
        .explanation,
      '2,5 ETP × 160\u00a0€ par an × 12 mois / 12 = 400,00\u00a0€',
    );
  });

  test('quantities agree in French: singular below 2', () => {
    const wording = (quantity: number, unit: QuantityUnit): string =>
      plain(
        expectComputed(computeFunding(SOLIDARITE, { quantity, period: YEAR_2023, unit })).explanation,
      ).split(' × ')[0] ?? '';
    assert.deepEqual(
      [
        wording(0, 'places'),
        wording(1, 'places'),
        wording(1.5, 'postes'),
        wording(2, 'participants'),
        wording(23_568, 'places'),
      ],
      ['0 place', '1 place', '1,5 poste', '2 participants', '23 568 places'],
    );
  });

  test('zero places give 0 €; missing, negative or over-precise quantities are not computable', () => {
    assert.equal(amountOf(SOLIDARITE, { quantity: 0, period: YEAR_2023 }), cents(0));
    expectNotComputable(
      computeFunding(SOLIDARITE, { quantity: null, period: YEAR_2023 }),
      'QUANTITY_MISSING',
    );
    // The allocation table's "−450 places" for the SIVOM is a transfer, handled by an avenant.
    assert.match(
      expectNotComputable(
        computeFunding(SOLIDARITE, { quantity: -450, period: YEAR_2023 }),
        'QUANTITY_NEGATIVE',
      ),
      /avenant/,
    );
    expectNotComputable(
      computeFunding(SOLIDARITE, { quantity: 1.005, period: YEAR_2023 }),
      'QUANTITY_INVALID',
    );
    expectNotComputable(
      computeFunding(SOLIDARITE, { quantity: Number.NaN, period: YEAR_2023 }),
      'QUANTITY_INVALID',
    );
  });

  test('a period ending before it starts is not computable', () => {
    expectNotComputable(
      computeFunding(SOLIDARITE, { quantity: 1, period: period('2023-12-31', '2023-01-01') }),
      'PERIOD_INVALID',
    );
  });
});

describe('per post per month, capped by actual costs (annexe 2, opérations 1 and 2)', () => {
  // Annexe 3, "Aide à l'encadrement dans les Associations Intermédiaires", 01/01/2023 au 31/12/2023.
  const associationsIntermediaires: [string, number, string][] = [
    ['Unartois Insertion', 8, '18 720,00'],
    ['ATS', 20, '46 800,00'],
    ['ADSI', 15, '35 100,00'],
    ['ADS', 21, '49 140,00'],
    ['MSD', 20, '46 800,00'],
    ['REA', 20, '46 800,00'],
    ['Le relais vervellois', 24, '56 160,00'],
    ['TTS', 32, '74 880,00'],
    ['Espoir Littoral Services', 19, '44 460,00'],
    ["Inter'aides", 15, '35 100,00'],
    ['Travail Partage 62', 15, '35 100,00'],
    ['Travail services', 16, '37 440,00'],
    ['SAPIH Insertion', 15, '35 100,00'],
    ['AIAAC', 5, '11 700,00'],
    ['Partenaires Action', 20, '46 800,00'],
    ["APSA Coup d'main", 30, '70 200,00'],
    ['Relais Travail', 15, '35 100,00'],
    ['SAPI', 21, '49 140,00'],
    ['Interrelais', 35, '81 900,00'],
    ['Espoir Hucqueliers', 45, '105 300,00'],
    ['RES', 38, '88 920,00'],
    ['AGIR', 15, '35 100,00'],
    ['BASE', 18, '42 120,00'],
    ['ACTE+', 12, '28 080,00'],
    ['APARDE', 15, '35 100,00'],
    ['Solidarité Travail', 18, '42 120,00'],
  ];
  // Annexe 3, "Aide à l'encadrement dans les entreprises d'insertion".
  const entreprisesInsertion: [string, number, string][] = [
    ['Artois Technique Services', 3, '9 000,00'],
    ['Les jardins de la sensée', 8, '24 000,00'],
    ['Le relais', 12, '36 000,00'],
    ["Recup'aire", 59, '177 000,00'],
    ["D'MULTIPLES", 7, '21 000,00'],
    ['AUDOTRI', 10, '30 000,00'],
    ['Chenelet', 6, '18 000,00'],
    ['Régie de Quartier de Calais', 3, '9 000,00'],
    ['Dynamique Insertion Emploi', 3, '9 000,00'],
    ['Impulsion Régie de quartier', 8, '24 000,00'],
    ['Main forte', 6, '18 000,00'],
    ['Les coualis', 2, '6 000,00'],
    ["Activ'cites", 6, '18 000,00'],
    ['Gohelle environnement', 4, '12 000,00'],
    ['Alpha', 20, '60 000,00'],
    ['Abbaye de Belval', 2, '6 000,00'],
    ['Ailes', 2, '6 000,00'],
  ];
  const tables: {
    name: string;
    rule: FundingRule;
    lines: [string, number, string][];
    posts: number;
    total: string;
  }[] = [
    {
      name: 'associations intermédiaires (195 €)',
      rule: AI,
      lines: associationsIntermediaires,
      posts: 527,
      total: '1 233 180,00',
    },
    {
      name: "entreprises d'insertion (250 €)",
      rule: EI,
      lines: entreprisesInsertion,
      posts: 161,
      total: '483 000,00',
    },
  ];
  for (const table of tables) {
    test(`${table.name}: every line and the operation total`, () => {
      let total = 0;
      for (const [structure, posts, expected] of table.lines) {
        const amount = amountOf(table.rule, { quantity: posts, period: YEAR_2023 });
        assert.equal(amount, eur(expected), structure);
        total += amount;
      }
      assert.equal(
        table.lines.reduce((sum, [, posts]) => sum + posts, 0),
        table.posts,
      );
      assert.equal(total, eur(table.total));
    });
  }

  test('without actual costs the amount is the ceiling, and the explanation says so', () => {
    assert.equal(
      expectComputed(computeFunding(AI, { quantity: 8, period: YEAR_2023 })).explanation,
      '8 postes × 195\u00a0€ par mois × 12 mois = 18\u00a0720,00\u00a0€ (plafond ; dans la limite des dépenses réellement supportées)',
    );
  });

  test('actual costs below the ceiling bind', () => {
    const result = expectComputed(
      computeFunding(AI, {
        quantity: 8,
        period: YEAR_2023,
        directCosts: eur('10 000'),
        externalServices: eur('2 000'),
      }),
    );
    assert.equal(result.amount, eur('11 600,00'));
    assert.equal(
      result.explanation,
      'Plafond : 8 postes × 195\u00a0€ par mois × 12 mois = 18\u00a0720,00\u00a0€ ; dépenses éligibles : coûts directs 10\u00a0000,00\u00a0€ + 20\u00a0% × (10\u00a0000,00\u00a0€ − 2\u00a0000,00\u00a0€ de prestations externes) = 11\u00a0600,00\u00a0€ ; retenu : 11\u00a0600,00\u00a0€ (dépenses éligibles, dans la limite du plafond)',
    );
  });

  test('actual costs above the ceiling are capped', () => {
    const result = expectComputed(
      computeFunding(AI, { quantity: 8, period: YEAR_2023, directCosts: eur('20 000') }),
    );
    assert.equal(result.amount, eur('18 720,00'));
    assert.match(
      result.explanation,
      /= 24\u00a0000,00\u00a0€ ; retenu : 18\u00a0720,00\u00a0€ \(plafond atteint\)$/,
    );
  });

  test('the ceiling is prorated for a partial year', () => {
    assert.equal(amountOf(EI, { quantity: 4, period: period('2023-07-01', '2023-12-31') }), eur('6 000,00'));
    assert.equal(amountOf(AI, { quantity: 8, period: period('2023-04-01', '2024-03-31') }), eur('18 720,00'));
  });

  test('missing quantity or inconsistent costs are not computable', () => {
    expectNotComputable(
      computeFunding(AI, { quantity: null, period: YEAR_2023, directCosts: eur('1 000') }),
      'QUANTITY_MISSING',
    );
    expectNotComputable(
      computeFunding(AI, {
        quantity: 8,
        period: YEAR_2023,
        directCosts: eur('1 000'),
        externalServices: eur('1 500'),
      }),
      'EXTERNAL_SERVICES_EXCEED_DIRECT_COSTS',
    );
    expectNotComputable(
      computeFunding(AI, { quantity: 8, period: YEAR_2023, directCosts: cents(-1) }),
      'COSTS_INVALID',
    );
  });
});

describe('actual costs plus flat indirect costs (annexe 2, opération 3 and opérations 6 to 12)', () => {
  const cases: {
    name: string;
    rule: FundingRule;
    direct: string;
    external?: string;
    expected: string;
    explanation: string;
  }[] = [
    {
      name: 'with external services',
      rule: ACI_COSTS,
      direct: '10 000',
      external: '2 000',
      expected: '11 600,00',
      explanation:
        'Coûts directs 10 000,00 € + 20 % × (10 000,00 € − 2 000,00 € de prestations externes) = 11 600,00 €',
    },
    {
      name: 'without external services',
      rule: ACI_COSTS,
      direct: '10 000',
      expected: '12 000,00',
      explanation: 'Coûts directs 10 000,00 € + 20 % × 10 000,00 € = 12 000,00 €',
    },
    {
      name: 'cap binding',
      rule: { ...ACI_COSTS, cap: eur('11 000') },
      direct: '10 000',
      expected: '11 000,00',
      explanation: 'Coûts directs 10 000,00 € + 20 % × 10 000,00 € = 12 000,00 € plafonné à 11 000,00 €',
    },
    {
      name: 'cap one cent below the eligible costs',
      rule: { ...ACI_COSTS, cap: eur('11 999,99') },
      direct: '10 000',
      expected: '11 999,99',
      explanation: 'Coûts directs 10 000,00 € + 20 % × 10 000,00 € = 12 000,00 € plafonné à 11 999,99 €',
    },
    {
      name: 'cap equal to the eligible costs',
      rule: { ...ACI_COSTS, cap: eur('12 000') },
      direct: '10 000',
      expected: '12 000,00',
      explanation: 'Coûts directs 10 000,00 € + 20 % × 10 000,00 € = 12 000,00 €',
    },
    {
      name: 'cap not binding',
      rule: { ...ACI_COSTS, cap: eur('20 000') },
      direct: '10 000',
      expected: '12 000,00',
      explanation: 'Coûts directs 10 000,00 € + 20 % × 10 000,00 € = 12 000,00 €',
    },
    {
      name: 'SM EDEN 62, 8 postes at 9 769,50 € (annexe 3)',
      rule: ACI_COSTS,
      direct: '65 130',
      expected: '78 156,00',
      explanation: 'Coûts directs 65 130,00 € + 20 % × 65 130,00 € = 78 156,00 €',
    },
    {
      name: 'indirect costs rounded to the cent, half away from zero (20 % × 0,03 € = 0,006 €)',
      rule: ACI_COSTS,
      direct: '0,03',
      expected: '0,04',
      explanation: 'Coûts directs 0,03 € + 20 % × 0,03 € = 0,04 €',
    },
  ];
  for (const c of cases) {
    test(`${c.name} → ${c.expected} €`, () => {
      const result = expectComputed(
        computeFunding(c.rule, {
          quantity: null,
          period: YEAR_2023,
          directCosts: eur(c.direct),
          externalServices: c.external === undefined ? null : eur(c.external),
        }),
      );
      assert.equal(result.amount, eur(c.expected));
      assert.equal(plain(result.explanation), c.explanation);
    });
  }

  test('missing direct costs: the amount is the one decided on review', () => {
    const explanation = expectNotComputable(
      computeFunding(ACI_COSTS, { quantity: 8, period: YEAR_2023 }),
      'DIRECT_COSTS_MISSING',
    );
    assert.equal(
      explanation,
      "Non calculable : coûts directs manquants (le montant retenu est celui décidé à l'instruction)",
    );
  });

  test('external services above direct costs, or negative costs, are not computable', () => {
    const tooMuch = expectNotComputable(
      computeFunding(ACI_COSTS, {
        quantity: null,
        period: YEAR_2023,
        directCosts: eur('1 000'),
        externalServices: eur('1 000,01'),
      }),
      'EXTERNAL_SERVICES_EXCEED_DIRECT_COSTS',
    );
    assert.match(
      tooMuch,
      /prestations externes \(1\u00a0000,01\u00a0€\) dépassent les coûts directs \(1\u00a0000,00\u00a0€\)/,
    );
    expectNotComputable(
      computeFunding(ACI_COSTS, { quantity: null, period: YEAR_2023, directCosts: cents(-100) }),
      'COSTS_INVALID',
    );
    expectNotComputable(
      computeFunding(ACI_COSTS, {
        quantity: null,
        period: YEAR_2023,
        directCosts: eur('100'),
        externalServices: cents(-1),
      }),
      'COSTS_INVALID',
    );
  });
});

describe('flat amount per post by type of structure (annexe 2, opération 4, Pacte Ambition IAE)', () => {
  // Annexe 3, Pacte Ambition IAE, with the "Opération IAE" lines printed after the ACI total.
  // "Face valo" (0,00 €, report d'opération) is a decision, not the rule, and is left out.
  const lines: [string, SiaeType, number, string][] = [
    ['Habitat insertion', 'ACI', 4, '18 000,00'],
    ['Creectif biosol', 'ACI', 10, '45 000,00'],
    ['Elfouad', 'ACI', 8, '36 000,00'],
    ['DIE', 'ACI', 4, '18 000,00'],
    ['Eureka', 'ACI', 4, '18 000,00'],
    ['AES, nettoyage des plages', 'ACI', 6, '27 000,00'],
    ['AES, brigade verte', 'ACI', 6, '27 000,00'],
    ['Chenelet (EI)', 'EI', 6, '18 000,00'],
    ['Les anges gardins', 'ACI', 8, '36 000,00'],
  ];
  test('every line and the operation total of 243 000 €', () => {
    let total = 0;
    for (const [structure, siaeType, posts, expected] of lines) {
      const amount = amountOf(PACTE, { quantity: posts, period: YEAR_2023, siaeType });
      assert.equal(amount, eur(expected), structure);
      total += amount;
    }
    assert.equal(total, eur('243 000,00'));
  });

  test('explanation names the type; the amount is not prorated', () => {
    assert.equal(
      expectComputed(computeFunding(PACTE, { quantity: 4, period: YEAR_2023, siaeType: 'ACI' })).explanation,
      '4 postes × 4\u00a0500\u00a0€ (forfait ACI) = 18\u00a0000,00\u00a0€',
    );
    assert.equal(amountOf(PACTE, { quantity: 4, period: APR_DEC_2023, siaeType: 'ACI' }), eur('18 000,00'));
    assert.equal(amountOf(PACTE, { quantity: 2.5, period: YEAR_2023, siaeType: 'EI' }), eur('7 500,00'));
  });

  test('a type without a rate, or no type, is not computable', () => {
    assert.match(
      expectNotComputable(
        computeFunding(PACTE, { quantity: 4, period: YEAR_2023, siaeType: 'AI' }),
        'TYPE_RATE_MISSING',
      ),
      /\bAI\b/,
    );
    expectNotComputable(computeFunding(PACTE, { quantity: 4, period: YEAR_2023 }), 'SIAE_TYPE_MISSING');
    expectNotComputable(
      computeFunding(PACTE, { quantity: null, period: YEAR_2023, siaeType: 'EI' }),
      'QUANTITY_MISSING',
    );
  });
});

describe('amount fixed on review (têtes de réseau, MDPH, EPSM, Accompagnement Global)', () => {
  test('no scale: decided on review', () => {
    assert.deepEqual(computeFunding(FIXED, { quantity: null, period: YEAR_2023 }), {
      status: 'decided_on_review',
      explanation: "Montant fixé à l'instruction (pas de barème)",
    });
  });
});

describe('rules described in French', () => {
  const cases: [FundingRule, string][] = [
    [SOLIDARITE, '160 € par place et par an, au prorata temporis (mois)'],
    [
      AI,
      '195 € maximum par mois et par poste, au prorata temporis (mois), dans la limite des dépenses réellement supportées (charges directes + 20 % de charges indirectes hors prestations externes)',
    ],
    [
      ACI_COSTS,
      'Charges directes + 20 % de charges indirectes (sur les charges directes hors prestations externes)',
    ],
    [
      { kind: 'cost_based', indirectRateBasisPoints: 1250, cap: eur('9 769,50') },
      'Charges directes + 12,5 % de charges indirectes (sur les charges directes hors prestations externes), plafonné à 9 769,50 €',
    ],
    [PACTE, 'Forfait par poste selon le type de structure : EI 3 000 €, ACI 4 500 €'],
    [
      { kind: 'flat_per_post_by_type', amountsByType: {} },
      'Forfait par poste selon le type de structure : aucun montant défini',
    ],
    [FIXED, "Montant fixé à l'instruction (pas de barème)"],
  ];
  for (const [rule, expected] of cases) {
    test(`${rule.kind}: ${expected}`, () => {
      assert.equal(plain(describeRule(rule)), expected);
    });
  }

  test('every kind has a label', () => {
    assert.equal(FUNDING_RULE_LABELS.per_place_per_year, 'Forfait par place et par an, au prorata temporis');
    for (const label of Object.values(FUNDING_RULE_LABELS)) assert.ok(label.length > 0);
  });

  test('a rule with a negative rate is rejected rather than computed', () => {
    expectNotComputable(
      computeFunding(
        { kind: 'per_place_per_year', annualRatePerPlace: cents(-16_000) },
        { quantity: 1, period: YEAR_2023 },
      ),
      'RULE_INVALID',
    );
  });
});

describe('prorateAnnualAmount', () => {
  test('whole months and the calendar year', () => {
    assert.equal(prorateAnnualAmount(eur('99 200'), YEAR_2023), eur('99 200'));
    assert.equal(prorateAnnualAmount(eur('99 200'), Q1_2023), eur('24 800'));
    assert.equal(prorateAnnualAmount(eur('1 200'), period('2024-02-01', '2024-02-29')), eur('100'));
  });

  test('a single day of February in a leap year weighs 1/29 of the month', () => {
    // 1 200 € a year is 100 € a month: 100 / 29 = 3,448… €.
    assert.equal(prorateAnnualAmount(eur('1 200'), period('2024-02-29', '2024-02-29')), eur('3,45'));
  });

  test('cumulative rounding: twelve months of 0,01 € a year share the cent without losing it', () => {
    const months = Array.from({ length: 12 }, (_, index) => {
      const start = date(`2023-${String(index + 1).padStart(2, '0')}-01`);
      const nextMonthStart =
        index === 11 ? date('2024-01-01') : date(`2023-${String(index + 2).padStart(2, '0')}-01`);
      return prorateAnnualAmount(cents(1), { start, end: addDays(nextMonthStart, -1) });
    });
    assert.equal(
      months.reduce((sum, amount) => sum + amount, 0),
      1,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Amendments (avenants)
// ---------------------------------------------------------------------------------------------

describe('amendments', () => {
  test('the specification: SIVOM du Bruaysis, 620 → 170 places solidarité from 1 April 2023', () => {
    const result = expectAmendment(
      computeAmendment(SOLIDARITE, {
        before: { quantity: 620, period: YEAR_2023 },
        quantityAfter: 170,
        effectiveFrom: date('2023-04-01'),
      }),
    );
    assert.deepEqual(
      result.parts.map((part) => [part.period, part.quantity, part.amount]),
      [
        [Q1_2023, 620, eur('24 800,00')],
        [APR_DEC_2023, 170, eur('20 400,00')],
      ],
    );
    assert.equal(result.amountBefore, eur('99 200,00'));
    assert.equal(result.amountAfter, eur('45 200,00'));
    assert.equal(result.delta, eur('-54 000,00'));
    assert.equal(
      plain(result.explanation),
      [
        'Montant initial : 620 places × 160 € par an × 12 mois / 12 = 99 200,00 €',
        'Du 01/01/2023 au 31/03/2023 : 620 places × 160 € par an × 3 mois / 12 = 24 800,00 €',
        'Du 01/04/2023 au 31/12/2023 : 170 places × 160 € par an × 9 mois / 12 = 20 400,00 €',
        'Total après avenant 45 200,00 € − montant initial 99 200,00 € = -54 000,00 €',
      ].join('. '),
    );
  });

  test('the specification: SIVOM du Bruaysis, 560 → 380 places socio-pro from 1 April 2023', () => {
    const result = expectAmendment(
      computeAmendment(SOCIOPRO, {
        before: { quantity: 560, period: YEAR_2023 },
        quantityAfter: 380,
        effectiveFrom: date('2023-04-01'),
      }),
    );
    assert.deepEqual(
      result.parts.map((part) => part.amount),
      [eur('35 000,00'), eur('71 250,00')],
    );
    assert.equal(result.amountAfter, eur('106 250,00'));
    assert.equal(result.delta, eur('-33 750,00'));
  });

  test('the transfer to the CCAS de Bruay keeps the total of each operation', () => {
    for (const [rule, before, after, initial] of [
      [SOLIDARITE, 620, 170, '99 200,00'],
      [SOCIOPRO, 560, 380, '140 000,00'],
    ] as const) {
      const sivom = expectAmendment(
        computeAmendment(rule, {
          before: { quantity: before, period: YEAR_2023 },
          quantityAfter: after,
          effectiveFrom: date('2023-04-01'),
        }),
      );
      const ccas = amountOf(rule, { quantity: before - after, period: APR_DEC_2023 });
      assert.equal(sivom.delta + ccas, 0);
      assert.equal(sivom.amountAfter + ccas, eur(initial));
    }
  });

  test('effective on the first day: one part at the new quantity', () => {
    const result = expectAmendment(
      computeAmendment(SOLIDARITE, {
        before: { quantity: 620, period: YEAR_2023 },
        quantityAfter: 170,
        effectiveFrom: date('2023-01-01'),
      }),
    );
    assert.equal(result.parts.length, 1);
    assert.equal(result.amountAfter, eur('27 200,00'));
  });

  test('effective outside the period is not computable', () => {
    for (const effectiveFrom of ['2022-12-31', '2024-01-01']) {
      expectNotComputable(
        computeAmendment(SOLIDARITE, {
          before: { quantity: 620, period: YEAR_2023 },
          quantityAfter: 170,
          effectiveFrom: date(effectiveFrom),
        }),
        'EFFECTIVE_DATE_OUTSIDE_PERIOD',
      );
    }
  });

  test('per-post ceiling: 8 → 4 postes from 1 July', () => {
    const result = expectAmendment(
      computeAmendment(AI, {
        before: { quantity: 8, period: YEAR_2023 },
        quantityAfter: 4,
        effectiveFrom: date('2023-07-01'),
      }),
    );
    assert.deepEqual(
      result.parts.map((part) => part.amount),
      [eur('9 360,00'), eur('4 680,00')],
    );
    assert.equal(result.delta, eur('-4 680,00'));
  });

  test('flat rate per post: the new quantity applies to the whole operation', () => {
    const result = expectAmendment(
      computeAmendment(PACTE, {
        before: { quantity: 4, period: YEAR_2023 },
        quantityAfter: 3,
        effectiveFrom: date('2023-07-01'),
        siaeType: 'ACI',
      }),
    );
    assert.equal(result.amountBefore, eur('18 000,00'));
    assert.equal(result.amountAfter, eur('13 500,00'));
    assert.equal(result.delta, eur('-4 500,00'));
    expectNotComputable(
      computeAmendment(PACTE, {
        before: { quantity: 4, period: YEAR_2023 },
        quantityAfter: 3,
        effectiveFrom: date('2023-07-01'),
      }),
      'SIAE_TYPE_MISSING',
    );
  });

  test('rules on actual costs or fixed on review go back to review', () => {
    for (const rule of [ACI_COSTS, FIXED]) {
      expectNotComputable(
        computeAmendment(rule, {
          before: { quantity: 8, period: YEAR_2023 },
          quantityAfter: 4,
          effectiveFrom: date('2023-07-01'),
        }),
        'AMENDMENT_NEEDS_REVIEW',
      );
    }
  });

  test('an invalid new quantity is reported', () => {
    expectNotComputable(
      computeAmendment(SOLIDARITE, {
        before: { quantity: 620, period: YEAR_2023 },
        quantityAfter: -1,
        effectiveFrom: date('2023-04-01'),
      }),
      'QUANTITY_NEGATIVE',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const BASE = date('2000-01-01');
const dateArb = fc.integer({ min: 0, max: 365 * 150 }).map((offset) => addDays(BASE, offset));
/** A period of 1 day to about 5 years. */
const periodArb = fc
  .tuple(dateArb, fc.integer({ min: 0, max: 365 * 5 }))
  .map(([start, length]): Period => ({ start, end: addDays(start, length) }));
/** 0 to 1 000, with up to two decimals. */
const quantityArb = fc.integer({ min: 0, max: 100_000 }).map((hundredths) => hundredths / 100);
const rateArb = fc.integer({ min: 0, max: 5_000_000 }).map(cents);
const annualArb = fc.integer({ min: 0, max: 100_000_000_000 }).map(cents);
const basisPointsArb = fc.integer({ min: 0, max: 10_000 });
const siaeTypeArb = fc.constantFrom<SiaeType>(...SIAE_TYPES);
/** Direct costs and external services not above them. */
const costsArb = fc
  .integer({ min: 0, max: 1_000_000_000 })
  .chain((direct) => fc.tuple(fc.constant(cents(direct)), fc.integer({ min: 0, max: direct }).map(cents)));

const proratedRuleArb: fc.Arbitrary<FundingRule> = fc.oneof(
  rateArb.map((annualRatePerPlace): FundingRule => ({ kind: 'per_place_per_year', annualRatePerPlace })),
  fc.tuple(rateArb, basisPointsArb).map(
    ([monthlyCapPerPost, indirectRateBasisPoints]): FundingRule => ({
      kind: 'per_post_per_month_capped',
      monthlyCapPerPost,
      indirectRateBasisPoints,
    }),
  ),
);
const flatRuleArb: fc.Arbitrary<FundingRule> = fc
  .record({ AI: rateArb, EI: rateArb, ACI: rateArb })
  .map((amountsByType): FundingRule => ({ kind: 'flat_per_post_by_type', amountsByType }));
const anyRuleArb: fc.Arbitrary<FundingRule> = fc.oneof(
  proratedRuleArb,
  flatRuleArb,
  fc
    .tuple(basisPointsArb, fc.option(rateArb))
    .map(
      ([indirectRateBasisPoints, cap]): FundingRule => ({ kind: 'cost_based', indirectRateBasisPoints, cap }),
    ),
  fc.constant(FIXED),
);

/** The same month and day one year later exists and its month has the same length. */
function anniversaryIsSameDay(start: PlainDate): boolean {
  const { year, month, day } = dateParts(start);
  return day === 1 || daysInMonth(year, month) === daysInMonth(year + 1, month);
}

function oneYearFrom(start: PlainDate): Period {
  const { year, month, day } = dateParts(start);
  return {
    start,
    end: addDays(
      parsePlainDate(`${year + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`),
      -1,
    ),
  };
}

describe('properties', () => {
  test('a year from any day (whose anniversary falls in a month of the same length) is the annual amount', () => {
    fc.assert(
      fc.property(annualArb, dateArb.filter(anniversaryIsSameDay), (annual, start) => {
        assert.equal(prorateAnnualAmount(annual, oneYearFrom(start)), annual);
      }),
      { numRuns: 1000 },
    );
  });

  test('a year from the 1st of any month, by places, is rate × places', () => {
    fc.assert(
      fc.property(rateArb, quantityArb, dateArb, (annualRatePerPlace, quantity, anyDay) => {
        const { year, month } = dateParts(anyDay);
        const start = parsePlainDate(`${year}-${String(month).padStart(2, '0')}-01`);
        const rule: FundingRule = { kind: 'per_place_per_year', annualRatePerPlace };
        const whole = amountOf(rule, { quantity, period: oneYearFrom(start) });
        const annual = amountOf(rule, {
          quantity,
          period: { start: date('2023-01-01'), end: date('2023-12-31') },
        });
        assert.equal(whole, annual);
      }),
      { numRuns: 500 },
    );
  });

  test('whole calendar months of an annual amount divisible by 12 are exactly annual / 12 each', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        dateArb,
        fc.integer({ min: 1, max: 60 }),
        (monthly, anyDay, months) => {
          const { year, month } = dateParts(anyDay);
          const start = parsePlainDate(`${year}-${String(month).padStart(2, '0')}-01`);
          const endMonth = month - 1 + months;
          const after = parsePlainDate(
            `${year + Math.floor(endMonth / 12)}-${String((endMonth % 12) + 1).padStart(2, '0')}-01`,
          );
          assert.equal(
            prorateAnnualAmount(cents(monthly * 12), { start, end: addDays(after, -1) }),
            monthly * months,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  test('a period split in two at any day gives parts summing to the whole, to the cent', () => {
    fc.assert(
      fc.property(proratedRuleArb, quantityArb, periodArb, fc.nat(), (rule, quantity, whole, at) => {
        fc.pre(whole.end > whole.start);
        const splitAt = addDays(whole.start, 1 + (at % (periodDays(whole) - 1)));
        const first = amountOf(rule, { quantity, period: { start: whole.start, end: addDays(splitAt, -1) } });
        const second = amountOf(rule, { quantity, period: { start: splitAt, end: whole.end } });
        assert.equal(first + second, amountOf(rule, { quantity, period: whole }));
      }),
      { numRuns: 1000 },
    );
  });

  test('amounts are never negative for non-negative inputs', () => {
    fc.assert(
      fc.property(
        anyRuleArb,
        quantityArb,
        periodArb,
        siaeTypeArb,
        fc.option(costsArb),
        (rule, quantity, p, siaeType, costs) => {
          const result = computeFunding(rule, {
            quantity,
            period: p,
            siaeType,
            directCosts: costs?.[0] ?? null,
            externalServices: costs?.[1] ?? null,
          });
          if (result.status === 'computed') assert.ok(result.amount >= 0, result.explanation);
          else if (result.status === 'not_computable') assert.equal(result.reason, 'DIRECT_COSTS_MISSING');
          else assert.equal(rule.kind, 'fixed_on_review');
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('the capped rule never exceeds its ceiling nor the eligible costs', () => {
    fc.assert(
      fc.property(
        rateArb,
        basisPointsArb,
        quantityArb,
        periodArb,
        costsArb,
        (monthlyCapPerPost, bp, quantity, p, [direct, external]) => {
          const rule: FundingRule = {
            kind: 'per_post_per_month_capped',
            monthlyCapPerPost,
            indirectRateBasisPoints: bp,
          };
          const amount = amountOf(rule, {
            quantity,
            period: p,
            directCosts: direct,
            externalServices: external,
          });
          const ceiling = amountOf(rule, { quantity, period: p });
          const eligible = amountOf(
            { kind: 'cost_based', indirectRateBasisPoints: bp },
            { quantity: null, period: p, directCosts: direct, externalServices: external },
          );
          assert.ok(amount <= ceiling && amount <= eligible);
          assert.equal(amount, Math.min(ceiling, eligible));
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('the cost-based rule never exceeds its cap, and is direct + indirect below it', () => {
    fc.assert(
      fc.property(basisPointsArb, rateArb, costsArb, (bp, cap, [direct, external]) => {
        const input: FundingInput = {
          quantity: null,
          period: YEAR_2023,
          directCosts: direct,
          externalServices: external,
        };
        const capped = amountOf({ kind: 'cost_based', indirectRateBasisPoints: bp, cap }, input);
        const uncapped = amountOf({ kind: 'cost_based', indirectRateBasisPoints: bp }, input);
        assert.ok(capped <= cap);
        assert.ok(uncapped >= direct);
        assert.equal(capped, Math.min(cap, uncapped));
      }),
      { numRuns: 1000 },
    );
  });

  const amendmentArb = fc
    .tuple(fc.oneof(proratedRuleArb, flatRuleArb), periodArb, fc.nat(), quantityArb, quantityArb, siaeTypeArb)
    .map(([rule, p, at, before, after, siaeType]) => ({
      rule,
      siaeType,
      input: {
        before: { quantity: before, period: p },
        quantityAfter: after,
        effectiveFrom: addDays(p.start, at % periodDays(p)),
      },
    }));

  test('an amendment: after is the sum of its parts, delta is after − before, before is the rule over the period', () => {
    fc.assert(
      fc.property(amendmentArb, ({ rule, siaeType, input }) => {
        const result = expectAmendment(computeAmendment(rule, { ...input, siaeType }));
        assert.equal(
          result.amountAfter,
          result.parts.reduce((sum, part) => sum + part.amount, 0),
        );
        assert.equal(result.delta, result.amountAfter - result.amountBefore);
        assert.equal(
          result.amountBefore,
          amountOf(rule, { quantity: input.before.quantity, period: input.before.period, siaeType }),
        );
      }),
      { numRuns: 1000 },
    );
  });

  test('an amendment keeping the quantity changes nothing', () => {
    fc.assert(
      fc.property(amendmentArb, ({ rule, siaeType, input }) => {
        const result = expectAmendment(
          computeAmendment(rule, { ...input, quantityAfter: input.before.quantity, siaeType }),
        );
        assert.equal(result.delta, 0);
        assert.equal(result.amountAfter, result.amountBefore);
      }),
      { numRuns: 1000 },
    );
  });
});
