/**
 * The funding rules of the call for projects, as a pure engine: a rule and the facts of one dossier
 * give an amount in cents and a French explanation a reviewer can check by hand.
 *
 * The rules are those of délibération n°2023-259 of the Commission Permanente du Pas-de-Calais
 * (12 June 2023), annexes 1–2 ("règles de financement" of each operation) and annexe 3 (the amounts
 * retained, which the tests use as reference cases). Every rounding is named: a product by a
 * quantity is rounded once to the cent, half away from zero; a prorata uses cumulative rounding on a
 * continuous month scale (see `prorateAnnualAmount`).
 *
 * Nothing here does I/O, reads the clock or draws random numbers.
 */

import {
  addDays,
  formatFrenchDate,
  monthPosition,
  type Period,
  type PlainDate,
  periodMonthsAndDays,
} from '../../../kernel/dates.ts';
import {
  addCents,
  applyBasisPoints,
  type Cents,
  cents,
  formatEuros,
  formatEurosCompact,
  minCents,
  roundHalfAwayFromZero,
  subtractCents,
  sumCents,
  ZERO,
} from '../../../kernel/money.ts';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Structure d'insertion par l'activité économique: association intermédiaire, entreprise
 * d'insertion, atelier et chantier d'insertion. */
export type SiaeType = 'AI' | 'EI' | 'ACI';
export const SIAE_TYPES: readonly SiaeType[] = ['AI', 'EI', 'ACI'];

/** What a rule counts: places d'accompagnement, postes en insertion, participants, ETP. */
export type QuantityUnit = 'places' | 'postes' | 'participants' | 'etp';

export type FundingRule =
  | { kind: 'per_place_per_year'; annualRatePerPlace: Cents }
  | { kind: 'per_post_per_month_capped'; monthlyCapPerPost: Cents; indirectRateBasisPoints: number }
  | { kind: 'cost_based'; indirectRateBasisPoints: number; cap?: Cents | null }
  | { kind: 'flat_per_post_by_type'; amountsByType: Partial<Record<SiaeType, Cents>> }
  | { kind: 'fixed_on_review' };

export type FundingRuleKind = FundingRule['kind'];

export const FUNDING_RULE_LABELS: Record<FundingRuleKind, string> = {
  per_place_per_year: 'Forfait par place et par an, au prorata temporis',
  per_post_per_month_capped: 'Plafond mensuel par poste, dans la limite des dépenses réellement supportées',
  cost_based: 'Coûts réels : charges directes et charges indirectes forfaitaires',
  flat_per_post_by_type: 'Forfait par poste selon le type de structure',
  fixed_on_review: "Montant fixé à l'instruction",
};

export interface FundingInput {
  /** At most two decimals (2,5 ETP). */
  quantity: number | null;
  period: Period;
  siaeType?: SiaeType | null;
  /** Charges directes, external services included. */
  directCosts?: Cents | null;
  /** Prestations externes: part of the direct costs, excluded from the base of indirect costs. */
  externalServices?: Cents | null;
  /** Wording of the quantity in explanations; defaults to places or postes according to the rule. */
  unit?: QuantityUnit | null;
}

export type FundingResult =
  | { status: 'computed'; amount: Cents; explanation: string }
  | { status: 'not_computable'; reason: string; explanation: string }
  | { status: 'decided_on_review'; explanation: string };

export interface AmendmentInput {
  before: { quantity: number; period: Period };
  quantityAfter: number;
  effectiveFrom: PlainDate;
  /** Needed by the flat rate per post, which depends on the type of structure. */
  siaeType?: SiaeType | null;
  unit?: QuantityUnit | null;
}

export interface AmendmentPart {
  period: Period;
  quantity: number;
  amount: Cents;
  explanation: string;
}

export type AmendmentResult =
  | {
      status: 'computed';
      amountBefore: Cents;
      amountAfter: Cents;
      delta: Cents;
      explanation: string;
      parts: AmendmentPart[];
    }
  | { status: 'not_computable'; reason: string; explanation: string };

type NotComputable = Extract<FundingResult, { status: 'not_computable' }>;

function notComputable(reason: string, detail: string): NotComputable {
  return { status: 'not_computable', reason, explanation: `Non calculable : ${detail}` };
}

function computed(amount: Cents, explanation: string): FundingResult {
  return { status: 'computed', amount, explanation };
}

function isNotComputable(value: object): value is NotComputable {
  return 'status' in value && value.status === 'not_computable';
}

// ---------------------------------------------------------------------------------------------
// Wording helpers
// ---------------------------------------------------------------------------------------------

const NBSP = '\u00a0';

const UNIT_WORDS: Record<QuantityUnit, { singular: string; plural: string }> = {
  places: { singular: 'place', plural: 'places' },
  postes: { singular: 'poste', plural: 'postes' },
  participants: { singular: 'participant', plural: 'participants' },
  etp: { singular: 'ETP', plural: 'ETP' },
};

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/** "20 %", "12,5 %" from basis points. */
export function formatRate(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `,${fraction}` : ''}${NBSP}%`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Quantities: exact hundredths
// ---------------------------------------------------------------------------------------------

/** A quantity read exactly as hundredths ("2,5 ETP" is 250n), with its French wording. */
interface Quantity {
  readonly hundredths: bigint;
  readonly text: string;
}

function formatQuantity(hundredths: bigint, unit: QuantityUnit): string {
  const abs = hundredths < 0n ? -hundredths : hundredths;
  const fraction = String(abs % 100n)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const number = `${hundredths < 0n ? '-' : ''}${groupThousands(String(abs / 100n))}${fraction ? `,${fraction}` : ''}`;
  // French agreement: plural from 2 on ("1,5 poste", "2 postes").
  const words = UNIT_WORDS[unit];
  return `${number} ${abs >= 200n ? words.plural : words.singular}`;
}

function readQuantity(raw: number | null | undefined, unit: QuantityUnit): Quantity | NotComputable {
  const noun = UNIT_WORDS[unit].plural;
  if (raw === null || raw === undefined)
    return notComputable('QUANTITY_MISSING', `nombre de ${noun} manquant`);
  // toFixed(2) gives back the written decimal for any number typed with at most two decimals, and
  // another number otherwise (1.005 → "1.00"), so this both checks and converts without floats.
  const fixed = Number.isFinite(raw) && Math.abs(raw) < 1e15 ? raw.toFixed(2) : '';
  if (fixed === '' || Number(fixed) !== raw) {
    return notComputable('QUANTITY_INVALID', `nombre de ${noun} invalide (${raw}) : au plus deux décimales`);
  }
  const hundredths = BigInt(fixed.replace('.', ''));
  if (hundredths < 0n) {
    // The allocation table's "−450 places" for the SIVOM is a transfer, not a quantity: a reduction
    // of a convention is an avenant (computeAmendment).
    return notComputable(
      'QUANTITY_NEGATIVE',
      `nombre de ${noun} négatif (${formatQuantity(hundredths, unit)}) ; une réduction se traite par avenant`,
    );
  }
  return { hundredths, text: formatQuantity(hundredths, unit) };
}

/** rate × quantity, rounded once to the cent, half away from zero. */
function timesQuantity(rate: Cents, quantity: Quantity): Cents {
  return roundHalfAwayFromZero(BigInt(rate) * quantity.hundredths, 100n);
}

// ---------------------------------------------------------------------------------------------
// Prorata temporis
// ---------------------------------------------------------------------------------------------

interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Position of the end of a day: the start of the next day, without leaving the kernel's date range. */
function endOfDayPosition(date: PlainDate): Fraction {
  const start = monthPosition(date);
  return { numerator: start.numerator + 1n, denominator: start.denominator };
}

/**
 * The scale starts in January 1900 rather than year 0: a shift by whole years adds the same whole
 * multiple of the annual amount to every F(t), so differences are identical, and intermediate values
 * stay far inside the safe-integer range of Cents.
 */
const ORIGIN_MONTHS = 1900n * 12n;

/** F(t) = annual × position(t) / 12, rounded half away from zero. */
function cumulativeAmount(annual: Cents, position: Fraction): Cents {
  const months = position.numerator - ORIGIN_MONTHS * position.denominator;
  return roundHalfAwayFromZero(BigInt(annual) * months, 12n * position.denominator);
}

/**
 * Prorata temporis in months (délibération n°2023-259, annexe 1, opérations 1 and 2: "réparti … au
 * prorata temporis"), with cumulative rounding: amount = F(end + 1 day) − F(start). Because every
 * amount is a difference of the same function F, splitting a period at any day gives parts that sum
 * to the whole to the cent (the SIVOM / CCAS de Bruay transfer of 99 200 € loses nothing), whole
 * calendar months are exact, and twelve consecutive months give the annual amount. A day counts for
 * 1/28 to 1/31 of its own month, so the one exception is a year starting on February 2–29 when the
 * two Februaries differ in length (15/02/2023 to 14/02/2024 is 12 months + 14/29 − 14/28).
 * Exactness there would need the leap day to weigh nothing, which no split-consistent scale avoids.
 */
export function prorateAnnualAmount(annual: Cents, period: Period): Cents {
  return subtractCents(
    cumulativeAmount(annual, endOfDayPosition(period.end)),
    cumulativeAmount(annual, monthPosition(period.start)),
  );
}

/** "12 mois" when the period spans whole months on the scale, else "(9 mois et 14 jours)". */
function formatDuration(period: Period): string {
  const start = monthPosition(period.start);
  const end = endOfDayPosition(period.end);
  const span = end.numerator * start.denominator - start.numerator * end.denominator;
  const unit = start.denominator * end.denominator;
  if (span % unit === 0n) return `${span / unit} mois`;
  const { months, days } = periodMonthsAndDays(period);
  const daysText = `${days} ${days === 1 ? 'jour' : 'jours'}`;
  if (months === 0) return `(${daysText})`;
  if (days === 0) return `(${months} mois)`;
  return `(${months} mois et ${daysText})`;
}

function checkPeriod(period: Period): NotComputable | null {
  if (period.end < period.start) {
    return notComputable(
      'PERIOD_INVALID',
      `la fin de période (${formatFrenchDate(period.end)}) précède son début (${formatFrenchDate(period.start)})`,
    );
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Eligible costs (charges directes + charges indirectes forfaitaires)
// ---------------------------------------------------------------------------------------------

interface EligibleCosts {
  readonly amount: Cents;
  /** "coûts directs 10 000,00 € + 20 % × (10 000,00 € − 2 000,00 € de prestations externes) = 11 600,00 €" */
  readonly formula: string;
}

const DIRECT_COSTS_MISSING_DETAIL =
  "coûts directs manquants (le montant retenu est celui décidé à l'instruction)";

/**
 * "Charges indirectes : forfaitisées à hauteur de 20 % des dépenses directes (hors prestations
 * externes)" (délibération n°2023-259, annexe 2, opérations 1 to 3 and 6 to 12): the indirect costs
 * are a flat rate of the direct costs minus the external services, which stay in the direct costs.
 */
function eligibleCosts(
  input: FundingInput,
  indirectRateBasisPoints: number,
  directCosts: Cents,
): EligibleCosts | NotComputable {
  const external = input.externalServices ?? ZERO;
  if (!Number.isSafeInteger(directCosts) || directCosts < 0) {
    return notComputable('COSTS_INVALID', `coûts directs invalides (${directCosts} centimes)`);
  }
  if (!Number.isSafeInteger(external) || external < 0) {
    return notComputable('COSTS_INVALID', `prestations externes invalides (${external} centimes)`);
  }
  if (external > directCosts) {
    return notComputable(
      'EXTERNAL_SERVICES_EXCEED_DIRECT_COSTS',
      `les prestations externes (${formatEuros(external)}) dépassent les coûts directs (${formatEuros(directCosts)}) dont elles font partie`,
    );
  }
  const indirectBase = subtractCents(directCosts, external);
  const amount = addCents(directCosts, applyBasisPoints(indirectBase, indirectRateBasisPoints));
  const base =
    external > 0
      ? `(${formatEuros(directCosts)} − ${formatEuros(external)} de prestations externes)`
      : formatEuros(directCosts);
  return {
    amount,
    formula: `coûts directs ${formatEuros(directCosts)} + ${formatRate(indirectRateBasisPoints)} × ${base} = ${formatEuros(amount)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// The rules
// ---------------------------------------------------------------------------------------------

function isValidAmount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function checkRule(rule: FundingRule): NotComputable | null {
  const amounts: number[] = [];
  const rates: number[] = [];
  switch (rule.kind) {
    case 'per_place_per_year':
      amounts.push(rule.annualRatePerPlace);
      break;
    case 'per_post_per_month_capped':
      amounts.push(rule.monthlyCapPerPost, rule.monthlyCapPerPost * 12);
      rates.push(rule.indirectRateBasisPoints);
      break;
    case 'cost_based':
      if (rule.cap !== null && rule.cap !== undefined) amounts.push(rule.cap);
      rates.push(rule.indirectRateBasisPoints);
      break;
    case 'flat_per_post_by_type':
      for (const type of SIAE_TYPES) {
        const amount = rule.amountsByType[type];
        if (amount !== undefined) amounts.push(amount);
      }
      break;
    case 'fixed_on_review':
      break;
  }
  if (amounts.every(isValidAmount) && rates.every(isValidAmount)) return null;
  return notComputable(
    'RULE_INVALID',
    `règle « ${FUNDING_RULE_LABELS[rule.kind]} » mal paramétrée (montant ou taux invalide)`,
  );
}

/**
 * Opérations 1 and 2 of annexe 1: 160 € (référent solidarité) or 250 € (accompagnement
 * socioprofessionnel) per place and per year, prorata temporis in months.
 */
function perPlacePerYear(annualRatePerPlace: Cents, input: FundingInput): FundingResult {
  const quantity = readQuantity(input.quantity, input.unit ?? 'places');
  if (isNotComputable(quantity)) return quantity;
  const amount = prorateAnnualAmount(timesQuantity(annualRatePerPlace, quantity), input.period);
  return computed(
    amount,
    `${quantity.text} × ${formatEurosCompact(annualRatePerPlace)} par an × ${formatDuration(input.period)} / 12 = ${formatEuros(amount)}`,
  );
}

/**
 * Opérations 1 and 2 of annexe 2 (associations intermédiaires, 195 €; entreprises d'insertion,
 * 250 €): "fixée à N € par mois et par participant maximum, et ce, dans la limite des dépenses
 * effectivement supportées". The ceiling is prorated like the per-place rule; the actual costs are
 * known at the bilan, so without them the amount is the ceiling.
 */
function perPostPerMonthCapped(
  rule: Extract<FundingRule, { kind: 'per_post_per_month_capped' }>,
  input: FundingInput,
): FundingResult {
  const quantity = readQuantity(input.quantity, input.unit ?? 'postes');
  if (isNotComputable(quantity)) return quantity;
  const annualCeiling = timesQuantity(cents(rule.monthlyCapPerPost * 12), quantity);
  const ceiling = prorateAnnualAmount(annualCeiling, input.period);
  const ceilingFormula = `${quantity.text} × ${formatEurosCompact(rule.monthlyCapPerPost)} par mois × ${formatDuration(input.period)} = ${formatEuros(ceiling)}`;
  if (input.directCosts === null || input.directCosts === undefined) {
    return computed(
      ceiling,
      `${ceilingFormula} (plafond ; dans la limite des dépenses réellement supportées)`,
    );
  }
  const eligible = eligibleCosts(input, rule.indirectRateBasisPoints, input.directCosts);
  if (isNotComputable(eligible)) return eligible;
  const amount = minCents(ceiling, eligible.amount);
  const binding =
    eligible.amount <= ceiling ? 'dépenses éligibles, dans la limite du plafond' : 'plafond atteint';
  return computed(
    amount,
    `Plafond : ${ceilingFormula} ; dépenses éligibles : ${eligible.formula} ; retenu : ${formatEuros(amount)} (${binding})`,
  );
}

/**
 * Opération 3 of annexe 2 (ateliers et chantiers d'insertion) and opérations 6 to 12: actual
 * direct costs plus 20 % of indirect costs on the direct costs excluding external services,
 * optionally capped by the amount the call allows.
 */
function costBased(rule: Extract<FundingRule, { kind: 'cost_based' }>, input: FundingInput): FundingResult {
  if (input.directCosts === null || input.directCosts === undefined) {
    return notComputable('DIRECT_COSTS_MISSING', DIRECT_COSTS_MISSING_DETAIL);
  }
  const eligible = eligibleCosts(input, rule.indirectRateBasisPoints, input.directCosts);
  if (isNotComputable(eligible)) return eligible;
  const formula = capitalize(eligible.formula);
  if (rule.cap !== null && rule.cap !== undefined && eligible.amount > rule.cap) {
    return computed(rule.cap, `${formula} plafonné à ${formatEuros(rule.cap)}`);
  }
  return computed(eligible.amount, formula);
}

/**
 * Opération 4 of annexe 2 (Pacte Ambition IAE): "aide financière … forfaitisée selon le type de
 * structure" (annexe 3: 4 500 € per poste for an ACI, 3 000 € for an EI). The amount is per post
 * for the whole operation, so it is not prorated.
 */
function flatPerPostByType(
  rule: Extract<FundingRule, { kind: 'flat_per_post_by_type' }>,
  input: FundingInput,
): FundingResult {
  const type = input.siaeType;
  if (type === null || type === undefined) {
    return notComputable('SIAE_TYPE_MISSING', 'type de structure (AI, EI ou ACI) manquant');
  }
  const rate = rule.amountsByType[type];
  if (rate === undefined) {
    return notComputable('TYPE_RATE_MISSING', `aucun forfait par poste n'est prévu pour le type ${type}`);
  }
  const quantity = readQuantity(input.quantity, input.unit ?? 'postes');
  if (isNotComputable(quantity)) return quantity;
  const amount = timesQuantity(rate, quantity);
  return computed(
    amount,
    `${quantity.text} × ${formatEurosCompact(rate)} (forfait ${type}) = ${formatEuros(amount)}`,
  );
}

/**
 * Computes the amount a rule gives for one dossier, with an explanation. What cannot be computed
 * says why, with a stable reason code, instead of throwing; only amounts beyond the safe-integer
 * range of Cents surface as the kernel's MONEY_NOT_INTEGER error.
 */
export function computeFunding(rule: FundingRule, input: FundingInput): FundingResult {
  const problem = checkRule(rule) ?? checkPeriod(input.period);
  if (problem) return problem;
  switch (rule.kind) {
    case 'per_place_per_year':
      return perPlacePerYear(rule.annualRatePerPlace, input);
    case 'per_post_per_month_capped':
      return perPostPerMonthCapped(rule, input);
    case 'cost_based':
      return costBased(rule, input);
    case 'flat_per_post_by_type':
      return flatPerPostByType(rule, input);
    case 'fixed_on_review':
      // Têtes de réseau, MDPH, EPSM, Accompagnement Global: the deliberation states an amount
      // decided per structure (IRAE 54 000 €, COORACE 15 000 €), with no scale to apply.
      return { status: 'decided_on_review', explanation: "Montant fixé à l'instruction (pas de barème)" };
  }
}

/** A French one-liner stating the rule, for screens and documents. */
export function describeRule(rule: FundingRule): string {
  switch (rule.kind) {
    case 'per_place_per_year':
      return `${formatEurosCompact(rule.annualRatePerPlace)} par place et par an, au prorata temporis (mois)`;
    case 'per_post_per_month_capped':
      return `${formatEurosCompact(rule.monthlyCapPerPost)} maximum par mois et par poste, au prorata temporis (mois), dans la limite des dépenses réellement supportées (charges directes + ${formatRate(rule.indirectRateBasisPoints)} de charges indirectes hors prestations externes)`;
    case 'cost_based': {
      const cap = rule.cap !== null && rule.cap !== undefined ? `, plafonné à ${formatEuros(rule.cap)}` : '';
      return `Charges directes + ${formatRate(rule.indirectRateBasisPoints)} de charges indirectes (sur les charges directes hors prestations externes)${cap}`;
    }
    case 'flat_per_post_by_type': {
      const rates = SIAE_TYPES.flatMap((type) => {
        const amount = rule.amountsByType[type];
        return amount === undefined ? [] : [`${type} ${formatEurosCompact(amount)}`];
      });
      return `Forfait par poste selon le type de structure : ${rates.length > 0 ? rates.join(', ') : 'aucun montant défini'}`;
    }
    case 'fixed_on_review':
      return "Montant fixé à l'instruction (pas de barème)";
  }
}

// ---------------------------------------------------------------------------------------------
// Amendments (avenants)
// ---------------------------------------------------------------------------------------------

function asAmendmentFailure(result: FundingResult): AmendmentResult {
  if (result.status === 'not_computable') return result;
  // Only reached if a rule decided on review slipped through: say so rather than invent an amount.
  return notComputable('AMENDMENT_NEEDS_REVIEW', result.explanation);
}

/**
 * An avenant changes the quantity from a date (délibération n°2023-259, annexe 1: the SIVOM du
 * Bruaysis keeps 620 places from January to March and 170 from April, the CCAS de Bruay taking the
 * other 450). For a prorated rule the convention's period is split at the effective date and each
 * part is computed with its own quantity; cumulative rounding makes the parts add up exactly. A
 * flat rate per post is not prorated: the new quantity applies to the whole operation. Rules on
 * actual costs or decided on review have no scale to recompute: the amendment goes back to review.
 */
export function computeAmendment(rule: FundingRule, input: AmendmentInput): AmendmentResult {
  if (rule.kind === 'cost_based' || rule.kind === 'fixed_on_review') {
    return notComputable(
      'AMENDMENT_NEEDS_REVIEW',
      `l'avenant d'une règle « ${FUNDING_RULE_LABELS[rule.kind]} » se décide à l'instruction`,
    );
  }
  const { period } = input.before;
  const problem = checkPeriod(period);
  if (problem) return problem;
  if (input.effectiveFrom < period.start || input.effectiveFrom > period.end) {
    return notComputable(
      'EFFECTIVE_DATE_OUTSIDE_PERIOD',
      `la date d'effet de l'avenant (${formatFrenchDate(input.effectiveFrom)}) est hors de la période de la convention (du ${formatFrenchDate(period.start)} au ${formatFrenchDate(period.end)})`,
    );
  }
  const compute = (quantity: number, partPeriod: Period): FundingResult =>
    computeFunding(rule, { quantity, period: partPeriod, siaeType: input.siaeType, unit: input.unit });

  const before = compute(input.before.quantity, period);
  if (before.status !== 'computed') return asAmendmentFailure(before);

  const partSpecs: { period: Period; quantity: number }[] =
    rule.kind === 'flat_per_post_by_type'
      ? [{ period, quantity: input.quantityAfter }]
      : [
          // An avenant effective on the first day leaves no part at the former quantity.
          ...(input.effectiveFrom > period.start
            ? [
                {
                  period: { start: period.start, end: addDays(input.effectiveFrom, -1) },
                  quantity: input.before.quantity,
                },
              ]
            : []),
          { period: { start: input.effectiveFrom, end: period.end }, quantity: input.quantityAfter },
        ];
  const parts: AmendmentPart[] = [];
  for (const spec of partSpecs) {
    const result = compute(spec.quantity, spec.period);
    if (result.status !== 'computed') return asAmendmentFailure(result);
    parts.push({ ...spec, amount: result.amount, explanation: result.explanation });
  }

  const amountAfter = sumCents(parts.map((part) => part.amount));
  const delta = subtractCents(amountAfter, before.amount);
  const lines = [
    `Montant initial : ${before.explanation}`,
    ...parts.map(
      (part) =>
        `Du ${formatFrenchDate(part.period.start)} au ${formatFrenchDate(part.period.end)} : ${part.explanation}`,
    ),
    `Total après avenant ${formatEuros(amountAfter)} − montant initial ${formatEuros(before.amount)} = ${formatEuros(delta)}`,
  ];
  return {
    status: 'computed',
    amountBefore: before.amount,
    amountAfter,
    delta,
    explanation: lines.join('. '),
    parts,
  };
}
