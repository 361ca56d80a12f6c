/**
 * The data of an avenant's Word template (avenant.docx, `AmendmentData`), built from the
 * amendment as the conventions module gives it (AmendmentView), its convention (ConventionDetail)
 * and the collectivité: pure, every amount and date formatted here for print (a template never
 * computes). The convention's maximum amount before and after the avenant is the sum of its lines
 * as they stand right after this avenant: the changed lines at their amount after it, the other
 * lines at their amount in force without the avenants voted after this one.
 *
 * Only a proposed avenant (a draft submitted to the Commission Permanente) or a voted one has a
 * document; a rejected or withdrawn avenant has none.
 */
import { formatFrenchDate, formatFrenchLongDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { type Cents, cents, formatEuros, subtractCents, sumCents } from '../../../kernel/money.ts';
import type { AmendmentView, ConventionDetail } from '../../conventions/conventions.types.ts';
import type { Structure } from '../../structures/index.ts';
import type {
  AmendmentData,
  AmendmentImputationData,
  AmendmentLineData,
  CollectiviteData,
} from '../templates/template-data.ts';

/** The body that votes conventions and their avenants, when the convention's session does not say. */
export const DEFAULT_INSTANCE = 'Commission Permanente du Conseil départemental';

export interface AmendmentSources {
  amendment: AmendmentView;
  convention: ConventionDetail;
  collectivite: CollectiviteData;
  /** The structure's record (legal form, seat, representative); without it, what the convention knows. */
  structure?: Structure | null;
  /** The budget lines, for the label of each imputation. */
  budgetLines?: readonly { code: string; imputation: string; label: string }[];
  /** The body that approved the convention (its session's), "Commission Permanente du Conseil départemental". */
  instance?: string;
  /** The number of the deliberation that approved the convention, when known ("2023-198"). */
  conventionDeliberation?: string | null;
}

/** "-54 000,00 €", "+1 200,00 €", "0,00 €": a difference always shows its sign. */
export function signedEuros(amount: Cents): string {
  return `${amount > 0 ? '+' : ''}${formatEuros(amount)}`;
}

/**
 * A deliberation's reference as printed after "la délibération": "Délibération n°2023-259",
 * "2023-259" and "n°2023-259" all give "n°2023-259"; any other text is kept as it is.
 */
export function deliberationReference(reference: string | null | undefined): string {
  const text = (reference ?? '')
    .trim()
    .replace(/^(la\s+)?d[ée]lib[ée]ration\s+/i, '')
    .trim();
  if (text === '') return '';
  return /^\d/.test(text) ? `n°${text}` : text.replace(/^(n°|no\.?|n\.?\s*°)\s*/i, 'n°');
}

/**
 * The steps of a line's French explanation, one paragraph each: the domain joins them with ". "
 * ("Montant initial : … = 99 200,00 €. Du 01/01/2023 au 31/03/2023 : … = 24 800,00 €. …").
 */
export function explanationSteps(explanation: string): { texte: string }[] {
  const steps = explanation
    .split(/\.\s+(?=[\p{Lu}(])/u)
    .map((step) => step.trim())
    .filter((step) => step !== '');
  return (steps.length > 0 ? steps : ['Sans explication']).map((texte) => ({ texte }));
}

/**
 * The convention's maximum amount right after this avenant, and before it: the changed lines at
 * their amount after the avenant, the other lines at their amount in force less the differences
 * of the avenants voted after this one.
 */
export function conventionAmounts(
  amendment: AmendmentView,
  convention: ConventionDetail,
): { before: Cents; after: Cents } {
  const changed = new Set(amendment.lines.map((line) => line.conventionLineId));
  const laterVoted = convention.amendments.filter(
    (other) => other.id !== amendment.id && other.state === 'voted' && other.rank > amendment.rank,
  );
  const laterDelta = (lineId: number) =>
    sumCents(
      laterVoted.flatMap((other) =>
        other.lines.filter((line) => line.conventionLineId === lineId).map((line) => cents(line.deltaCents)),
      ),
    );
  const unchanged = convention.lines
    .filter((line) => !changed.has(line.id))
    .map((line) => subtractCents(cents(line.amountCents), laterDelta(line.id)));
  const after = sumCents([...unchanged, ...amendment.lines.map((line) => cents(line.amountAfterCents))]);
  return { before: subtractCents(after, cents(amendment.deltaCents)), after };
}

function address(structure: Structure): string {
  return [
    structure.addressStreet,
    [structure.addressPostalCode, structure.addressCity].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
}

function lineData(amendment: AmendmentView, convention: ConventionDetail): AmendmentLineData[] {
  return amendment.lines.map((line) => {
    const conventionLine = convention.lines.find((candidate) => candidate.id === line.conventionLineId);
    const operation = conventionLine?.operationTitle ?? line.label;
    const action = conventionLine?.label ?? line.label;
    return {
      operation,
      action: action === operation ? '' : action,
      avant: formatEuros(cents(line.amountBeforeCents)),
      apres: formatEuros(cents(line.amountAfterCents)),
      ecart: signedEuros(cents(line.deltaCents)),
      calcul: explanationSteps(line.explanation),
    };
  });
}

function imputationData(
  amendment: AmendmentView,
  convention: ConventionDetail,
  budgetLines: readonly { code: string; imputation: string; label: string }[],
): AmendmentImputationData[] {
  return amendment.budgetDeltas.map((delta) => {
    const line = budgetLines.find((candidate) => candidate.code === delta.budgetLineCode);
    const conventionLine = convention.lines.find(
      (candidate) => candidate.budgetLineCode === delta.budgetLineCode,
    );
    return {
      code: delta.budgetLineCode,
      imputation: line?.imputation ?? conventionLine?.imputation ?? '',
      libelle: line?.label ?? '',
      ecart: signedEuros(cents(delta.deltaCents)),
    };
  });
}

/** What avenant.docx receives. */
export function amendmentData(sources: AmendmentSources): AmendmentData {
  const { amendment, convention } = sources;
  if (amendment.conventionId !== convention.id) {
    throw new DomainError(
      'AMENDMENT_CONVENTION_MISMATCH',
      `L'avenant n°${amendment.rank} ne porte pas sur la convention n°${convention.number}.`,
    );
  }
  if (amendment.state !== 'proposed' && amendment.state !== 'voted') {
    throw new DomainError(
      'AMENDMENT_NOT_PRINTABLE',
      `L'avenant n°${amendment.rank} à la convention n°${amendment.conventionNumber} est « ${amendment.stateLabel} » : il n'a pas de document.`,
    );
  }
  const voted = amendment.state === 'voted';
  const structure = sources.structure ?? null;
  const representative = structure?.representativeName ?? '';
  const amounts = conventionAmounts(amendment, convention);
  return {
    collectivite: sources.collectivite,
    instance: sources.instance || DEFAULT_INSTANCE,
    numero: String(amendment.rank),
    conventionNumero: amendment.conventionNumber,
    vote: voted,
    decision: {
      reference: voted ? deliberationReference(amendment.decisionRef) : '',
      date: voted && amendment.decidedOn ? formatFrenchDate(amendment.decidedOn) : '',
    },
    proposeLe: formatFrenchDate(amendment.proposedOn),
    structure: {
      nom: structure?.legalName ?? convention.structure.name,
      formeJuridique: structure ? (structure.legalForm ?? structure.categoryLabel) : 'la structure',
      designation: 'la structure',
      siege: structure ? address(structure) : '',
      siret: structure?.siret ?? convention.structure.siret ?? '',
      representant: representative,
      representantQualite: representative ? (structure?.representativeTitle ?? 'Président(e)') : '',
    },
    convention: {
      deliberation: deliberationReference(sources.conventionDeliberation),
      deliberationDate: formatFrenchDate(convention.sessionDate),
    },
    dateEffet: formatFrenchDate(amendment.effectiveFrom),
    dateEffetLongue: formatFrenchLongDate(amendment.effectiveFrom),
    lignes: lineData(amendment, convention),
    montantAvant: formatEuros(amounts.before),
    montantApres: formatEuros(amounts.after),
    ecartTotal: signedEuros(cents(amendment.deltaCents)),
    imputations: imputationData(amendment, convention, sources.budgetLines ?? []),
  };
}

/** "Avenant n°1 à la convention n°2023-0001". */
export function amendmentTitle(amendment: Pick<AmendmentView, 'rank' | 'conventionNumber'>): string {
  return `Avenant n°${amendment.rank} à la convention n°${amendment.conventionNumber}`;
}

/** "avenant-1-convention-2023-0001.pdf": ASCII letters, digits and dashes. */
export function amendmentFileName(
  amendment: Pick<AmendmentView, 'rank' | 'conventionNumber'>,
  format: 'docx' | 'pdf',
): string {
  const number = amendment.conventionNumber
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `avenant-${amendment.rank}-convention-${number || 'sans-numero'}.${format}`;
}
