/**
 * An operation's convention terms as typed (objectives, déroulement, profile, advance at signature
 * as a percentage or a fixed amount, acomptes, review), their validation and the body of
 * PUT /api/operations/:id/convention-terms. An empty field means unknown: it is not sent, and the
 * session's documents list it as missing.
 *
 * What is typed is first read (French numbers, amounts in euros, dates JJ/MM/AAAA), then checked with
 * the server's own schema (src/modules/calls/calls.schemas.ts), whose messages show beside the field
 * they name.
 */
import {
  CONVENTION_TEXT_MAX,
  conventionTermsSchema,
  MAX_INSTALMENTS,
} from '../../../../src/modules/calls/calls.schemas.ts';
import type { FieldIssue } from '../../shared/api.ts';
import { errorsFromServer, type FieldErrors } from '../../shared/form.tsx';
import {
  eurosInputValue,
  formatDate,
  formatEuros,
  parseDateInput,
  parseEurosInput,
} from '../../shared/format.ts';
import type { ConventionTerms } from './types.ts';

export { MAX_INSTALMENTS };

export type AdvanceKind = 'percent' | 'amount';

/** An acompte as typed: its percentage and its date (empty: after the signature). */
export interface InstalmentValues {
  /** Stable identity of the row while the list is edited (React key, touched fields). */
  id: string;
  /** "20", "12,5", "30 %". */
  percent: string;
  /** "01/09/2023", or empty. */
  dueOn: string;
}

export interface ConventionTermsValues {
  objectives: string;
  procedure: string;
  professionalProfile: string;
  /** Whether the advance is typed as a percentage or as a fixed amount. */
  advanceKind: AdvanceKind;
  /** As typed: "50", "12,5", "30 %". */
  advancePercent: string;
  /** As typed, in euros: "12 000", "1 234,56". */
  advanceAmount: string;
  instalments: InstalmentValues[];
  review: string;
}

/** The form's fields; the acomptes have two controls per row (`instalmentKey`). */
export type ConventionTermsKey = keyof ConventionTermsValues;

export const CONVENTION_TERMS_ORDER: ConventionTermsKey[] = [
  'objectives',
  'procedure',
  'professionalProfile',
  'advanceKind',
  'advancePercent',
  'advanceAmount',
  'instalments',
  'review',
];

export const CONVENTION_TERMS_LABELS: Record<ConventionTermsKey, string> = {
  objectives: 'Objectifs de l’opération',
  procedure: 'Déroulement de l’action',
  professionalProfile: 'Profil du professionnel intervenant',
  advanceKind: 'Avance à la signature',
  advancePercent: 'Avance versée à la signature (%)',
  advanceAmount: 'Avance versée à la signature (€)',
  instalments: 'Acomptes',
  review: 'Bilan à transmettre',
};

/** The id of each field's control, for the labels and the error summary's links. */
export const CONVENTION_TERMS_TARGETS: Record<ConventionTermsKey, string> = {
  objectives: 'convention-objectifs',
  procedure: 'convention-deroulement',
  professionalProfile: 'convention-profil',
  advanceKind: 'convention-avance-type',
  advancePercent: 'convention-avance',
  advanceAmount: 'convention-avance-montant',
  instalments: 'convention-acomptes',
  review: 'convention-bilan',
};

/** The error key of a row's control: "instalments.0.percent", "instalments.1.dueOn". */
export function instalmentKey(index: number, field: 'percent' | 'dueOn'): string {
  return `instalments.${index}.${field}`;
}

export function instalmentLabel(index: number, field: 'percent' | 'dueOn'): string {
  return field === 'percent'
    ? `Acompte n°${index + 1} : part de la subvention (%)`
    : `Acompte n°${index + 1} : versé à partir du (facultatif)`;
}

export function instalmentTarget(index: number, field: 'percent' | 'dueOn'): string {
  return `convention-acompte-${index + 1}-${field === 'percent' ? 'pourcentage' : 'date'}`;
}

export const TEXT_MAX = CONVENTION_TEXT_MAX;
const PERCENT = /^-?\d+(?:[.,]\d+)?$/;
const PERCENT_EXPECTED = 'pourcentage attendu : un nombre de 0 à 100, par exemple 30 ou 12,5';

/**
 * A percentage typed, as a number: undefined when empty (unknown), NaN when it is not a number.
 * "12,5", "12.5", "30 %" and "30%" are read; spaces are ignored.
 */
export function parsePercent(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/%$/, '');
  if (compact === '') return undefined;
  if (!PERCENT.test(compact)) return Number.NaN;
  return Number(compact.replace(',', '.'));
}

/** 12.5 → "12,5"; undefined → "". */
export function formatPercentInput(value: number | undefined): string {
  return value === undefined ? '' : String(value).replace('.', ',');
}

/** 12.5 → "12,5 %". */
export function formatPercent(value: number): string {
  return `${formatPercentInput(value)}\u00a0%`;
}

let rows = 0;

/** A new acompte row (empty, or from stored terms). */
export function instalmentRow(values: { percent?: string; dueOn?: string } = {}): InstalmentValues {
  rows += 1;
  return { id: `acompte-${rows}`, percent: values.percent ?? '', dueOn: values.dueOn ?? '' };
}

/** The advance and the acomptes as read from what is typed (a row's unreadable parts left out). */
interface ReadPayment {
  advancePercent?: number;
  advanceAmountCents?: number;
  instalments?: { percent?: number; dueOn?: string }[];
}

/** What is typed, read; the messages of what cannot be read, by error key. */
function readPayment(values: ConventionTermsValues): { read: ReadPayment; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const read: ReadPayment = {};
  if (values.advanceKind === 'percent') {
    const percent = parsePercent(values.advancePercent);
    if (percent !== undefined && Number.isNaN(percent)) errors.advancePercent = PERCENT_EXPECTED;
    else if (percent !== undefined) read.advancePercent = percent;
  } else {
    const amount = parseEurosInput(values.advanceAmount, 'montant');
    if (!amount.ok) errors.advanceAmount = 'montant attendu en euros, par exemple 12 000 ou 1 234,56';
    else if (amount.value !== null) read.advanceAmountCents = amount.value;
  }
  if (values.instalments.length > 0) {
    read.instalments = values.instalments.map((row, index) => {
      const instalment: { percent?: number; dueOn?: string } = {};
      const percent = parsePercent(row.percent);
      if (percent === undefined)
        errors[instalmentKey(index, 'percent')] = 'la part de l’acompte est obligatoire';
      else if (Number.isNaN(percent)) errors[instalmentKey(index, 'percent')] = PERCENT_EXPECTED;
      else instalment.percent = percent;
      const dueOn = parseDateInput(row.dueOn, 'date');
      if (!dueOn.ok)
        errors[instalmentKey(index, 'dueOn')] = 'date invalide (attendu JJ/MM/AAAA, par exemple 01/09/2023)';
      else if (dueOn.value !== null) instalment.dueOn = dueOn.value;
      return instalment;
    });
  }
  return { read, errors };
}

/** The form's error key of a path of the server's schema. */
function keyOfPath(path: readonly PropertyKey[]): string {
  const [first, index, field] = path.map(String);
  if (first === 'advanceAmountCents') return 'advanceAmount';
  if (first === 'instalments' && index !== undefined && (field === 'percent' || field === 'dueOn'))
    return instalmentKey(Number(index), field);
  return first ?? '_form';
}

/**
 * The messages of the form, by error key: what cannot be read, then the server's schema's (its
 * ranges, the advance as a percentage or an amount, the total of the advance and acomptes).
 */
export function validateConventionTerms(values: ConventionTermsValues): FieldErrors {
  const { read, errors } = readPayment(values);
  const result = conventionTermsSchema.safeParse({
    objectives: values.objectives,
    procedure: values.procedure,
    professionalProfile: values.professionalProfile,
    review: values.review,
    ...read,
  });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = keyOfPath(issue.path);
      errors[key] ??= issue.message;
    }
  }
  return errors;
}

/** The server's field messages (400), keyed like the form's controls. */
export function formErrorsFromServer(fields: readonly FieldIssue[]): FieldErrors {
  const errors = errorsFromServer(fields);
  const { advanceAmountCents, ...rest } = errors;
  return advanceAmountCents === undefined ? rest : { ...rest, advanceAmount: advanceAmountCents };
}

export function valuesFromTerms(terms: ConventionTerms): ConventionTermsValues {
  const byAmount = terms.advanceAmountCents !== undefined && !((terms.advancePercent ?? 0) > 0);
  return {
    objectives: terms.objectives ?? '',
    procedure: terms.procedure ?? '',
    professionalProfile: terms.professionalProfile ?? '',
    advanceKind: byAmount ? 'amount' : 'percent',
    advancePercent: byAmount ? '' : formatPercentInput(terms.advancePercent),
    advanceAmount: byAmount ? eurosInputValue(terms.advanceAmountCents) : '',
    instalments: (terms.instalments ?? []).map((instalment) =>
      instalmentRow({
        percent: formatPercentInput(instalment.percent),
        dueOn: instalment.dueOn ? formatDate(instalment.dueOn) : '',
      }),
    ),
    review: terms.review ?? '',
  };
}

/** The body of the PUT: the fields filled in, trimmed; the empty ones are left out (unknown). */
export function toConventionTermsBody(values: ConventionTermsValues): ConventionTerms {
  const { read } = readPayment(values);
  const body: ConventionTerms = {};
  for (const key of ['objectives', 'procedure', 'professionalProfile', 'review'] as const) {
    const value = values[key].trim();
    if (value !== '') body[key] = value;
  }
  if (read.advancePercent !== undefined) body.advancePercent = read.advancePercent;
  if (read.advanceAmountCents !== undefined) body.advanceAmountCents = read.advanceAmountCents;
  if (read.instalments !== undefined) {
    // sent once every row reads (validateConventionTerms finds no error)
    body.instalments = read.instalments.map(({ percent = 0, dueOn }) =>
      dueOn === undefined ? { percent } : { percent, dueOn },
    );
  }
  return body;
}

/** The terms in one canonical form, to compare them. */
function canonical(terms: ConventionTerms): string {
  return JSON.stringify([
    terms.objectives ?? null,
    terms.procedure ?? null,
    terms.professionalProfile ?? null,
    terms.advancePercent ?? null,
    terms.advanceAmountCents ?? null,
    (terms.instalments ?? []).map((instalment) => [instalment.percent, instalment.dueOn ?? null]),
    terms.review ?? null,
  ]);
}

export function sameTerms(a: ConventionTerms, b: ConventionTerms): boolean {
  return canonical(a) === canonical(b);
}

/** What the convention needs, in the form's order, with its short name in a list of what remains. */
const NEEDED: [string, (terms: ConventionTerms) => boolean][] = [
  ['objectifs', (terms) => Boolean(terms.objectives)],
  ['déroulement', (terms) => Boolean(terms.procedure)],
  ['profil du professionnel', (terms) => Boolean(terms.professionalProfile)],
  // known as a percentage (even 0 %) or as a fixed amount
  ['avance', (terms) => terms.advancePercent !== undefined || terms.advanceAmountCents !== undefined],
  ['bilan', (terms) => Boolean(terms.review)],
];

/** The terms the convention still lacks (short names), in the form's order. */
export function missingTerms(terms: ConventionTerms): string[] {
  return NEEDED.filter(([, known]) => !known(terms)).map(([name]) => name);
}

/** The advance as the call shows it: "50 %", "12 000,00 €", or null when unknown. */
export function advanceText(terms: ConventionTerms): string | null {
  if (terms.advanceAmountCents !== undefined && !((terms.advancePercent ?? 0) > 0))
    return formatEuros(terms.advanceAmountCents);
  if (terms.advancePercent !== undefined) return formatPercent(terms.advancePercent);
  return null;
}

/** "20 % après la signature", "30 % à partir du 01/09/2023". */
export function instalmentText(instalment: { percent: number; dueOn?: string }): string {
  return `${formatPercent(instalment.percent)} ${
    instalment.dueOn ? `à partir du ${formatDate(instalment.dueOn)}` : 'après la signature'
  }`;
}

/** The form's address for an operation of a call. */
export function conventionTermsPath(callCode: string, operationId: number): string {
  return `/appels/${encodeURIComponent(callCode)}/operations/${operationId}/convention`;
}
