/**
 * Test data of an avenant's document: the SIVOM du Bruaysis's avenant of délibération n°2023-259
 * (620 → 170 places référent solidarité, 560 → 380 places accompagnement socioprofessionnel from
 * 1 April 2023), computed by the conventions module's pure domain and shaped as its routes answer
 * (AmendmentView, ConventionDetail), without a database.
 */
import type { PlainDate } from '../../../kernel/dates.ts';
import type {
  AmendmentView,
  ConventionDetail,
  ConventionLineDetail,
  LedgerFiguresView,
} from '../../conventions/conventions.types.ts';
import { type Amendment, proposeAmendment, voteAmendment } from '../../conventions/domain/amendment.ts';
import type { AmountSegment } from '../../conventions/domain/segments.ts';
import {
  date,
  SIVOM_SOCIOPRO,
  SIVOM_SOLIDARITE,
  signedSivom,
} from '../../conventions/domain/sivom.fixture.ts';
import type { Structure } from '../../structures/index.ts';

export const CONVENTION_ID = 42;
export const AMENDMENT_ID = 7;
/** The ids of the SIVOM's convention lines, by line key. */
export const LINE_IDS: Record<string, number> = { 'T1-O1': 101, 'T1-O2': 102 };

const ZERO_LEDGER: LedgerFiguresView = {
  votedCents: 0,
  committedCents: 0,
  dueCents: 0,
  paidCents: 0,
  inFlightCents: 0,
  recoveredCents: 0,
  netPaidCents: 0,
  remainingCents: 0,
  toRecoverCents: 0,
  releasableCents: 0,
};

const segmentView = (segment: AmountSegment) => ({
  start: segment.period.start,
  end: segment.period.end,
  quantity: segment.quantity,
  amountCents: segment.amount,
});

/** The domain's amendment as the conventions module's routes show it. */
function toView(amendment: Amendment): AmendmentView {
  return {
    id: AMENDMENT_ID,
    conventionId: CONVENTION_ID,
    conventionNumber: '2023-0042',
    rank: 1,
    state: amendment.state,
    stateLabel: {
      proposed: 'Proposé à la commission',
      voted: 'Voté',
      rejected: 'Rejeté',
      withdrawn: 'Retiré',
    }[amendment.state],
    effectiveFrom: amendment.effectiveFrom,
    proposedOn: amendment.proposedOn,
    proposedBy: 'instructeur',
    amountBeforeCents: amendment.amountBefore,
    amountAfterCents: amendment.amountAfter,
    deltaCents: amendment.delta,
    lines: amendment.lines.map((line) => ({
      conventionLineId: LINE_IDS[line.lineKey] ?? 0,
      label: line.label,
      budgetLineCode: line.budgetLine,
      amountBeforeCents: line.amountBefore,
      amountAfterCents: line.amountAfter,
      deltaCents: line.delta,
      computedAmountAfterCents: line.computedAmountAfter,
      justification: line.justification,
      explanation: line.explanation,
      segmentsAfter: line.segmentsAfter.map(segmentView),
    })),
    budgetDeltas: amendment.budgetDeltas.map((delta) => ({
      budgetLineCode: delta.budgetLine,
      deltaCents: delta.delta,
    })),
    explanation: amendment.explanation,
    decidedOn: amendment.decidedOn,
    decisionRef: amendment.decisionRef,
    version: 1,
  };
}

/** The SIVOM's avenant as proposed on 25 May 2023, or as voted on 12 June 2023. */
export function sivomAmendment(state: 'proposed' | 'voted'): AmendmentView {
  const convention = { record: signedSivom(), lines: [SIVOM_SOLIDARITE, SIVOM_SOCIOPRO] };
  const { amendment } = proposeAmendment(convention, {
    effectiveFrom: date('2023-04-01'),
    changes: [
      { lineKey: 'T1-O1', quantity: 170 },
      { lineKey: 'T1-O2', quantity: 380 },
    ],
    proposedOn: date('2023-05-25'),
  });
  if (state === 'proposed') return toView(amendment);
  return toView(
    voteAmendment(convention, amendment, {
      votedOn: date('2023-06-12'),
      decisionRef: 'Délibération n°2023-259',
    }).amendment,
  );
}

/** A convention line in force for `amountCents`. */
export function conventionLine(
  id: number,
  options: { label: string; operationTitle: string; amountCents: number; applicationId?: number },
): ConventionLineDetail {
  return {
    id,
    applicationId: options.applicationId ?? id + 1000,
    applicationReference: `P1-${id}`,
    label: options.label,
    operationTitle: options.operationTitle,
    budgetLineCode: 'C02-446A05',
    imputation: '6568/93446',
    unit: 'places',
    amountCents: options.amountCents,
    segments: [],
    schedule: [],
    bilan: null,
    terminationCap: null,
    ledger: ZERO_LEDGER,
  };
}

/**
 * The SIVOM's convention voted on 15 May 2023 with its avenants: its lines are in force after the
 * voted ones (the amount after the avenant once it is voted, before it while it is proposed).
 */
export function sivomConvention(
  amendments: readonly AmendmentView[],
  extraLines: readonly ConventionLineDetail[] = [],
): ConventionDetail {
  const inForce = (lineId: number, initial: number) =>
    amendments
      .filter((amendment) => amendment.state === 'voted')
      .flatMap((amendment) => amendment.lines.filter((line) => line.conventionLineId === lineId))
      .reduce((amount, line) => amount + line.deltaCents, initial);
  const lines = [
    conventionLine(101, {
      label: "620 places d'accompagnement",
      operationTitle: 'Dispositif référent solidarité',
      amountCents: inForce(101, 99_200_00),
    }),
    conventionLine(102, {
      label: "560 places d'accompagnement",
      operationTitle: 'Accompagnement socioprofessionnel des bénéficiaires du RSA',
      amountCents: inForce(102, 140_000_00),
    }),
    ...extraLines,
  ];
  return {
    id: CONVENTION_ID,
    number: '2023-0042',
    sessionDate: '2023-05-15' as PlainDate,
    structure: {
      id: 3,
      name: 'SIVOM du Bruaysis',
      siret: '25620130500016',
      iban: null,
      bic: null,
      bankProblems: ['IBAN manquant'],
      version: 1,
    },
    state: 'signed',
    stateLabel: 'Signée',
    actions: [],
    period: { start: '2023-01-01' as PlainDate, end: '2023-12-31' as PlainDate },
    sentForSignatureOn: '2023-05-16' as PlainDate,
    signedOn: '2023-05-22' as PlainDate,
    signedDocument: null,
    inForceFrom: null,
    closedOn: null,
    termination: null,
    lines,
    payments: [],
    recoveryOrders: [],
    amendments: [...amendments],
    yearlyAccounts: [],
    ledger: ZERO_LEDGER,
    version: 3,
  };
}

/** A structure name with markup, an entity and template tags: it must come out literally. */
export const HOSTILE_NAME = 'SIVOM <b>&amp; {nom} {#x} du Bruaysis';

/** The SIVOM's record in the registry, under the hostile name. */
export const SIVOM_STRUCTURE: Structure = {
  id: 3,
  legalName: HOSTILE_NAME,
  shortName: 'SIVOM du Bruaysis',
  displayName: 'SIVOM du Bruaysis',
  aliases: [],
  category: 'syndicat',
  categoryLabel: 'Syndicat intercommunal',
  siaeTypes: [],
  legalForm: null,
  siret: '25620130500016',
  rna: null,
  addressStreet: '1 rue Jules Guesde',
  addressPostalCode: '62700',
  addressCity: 'Bruay-la-Buissière',
  representativeName: 'Jean DURAND',
  representativeTitle: 'Président',
  email: null,
  phone: null,
  iban: null,
  bic: null,
  version: 1,
  updatedAt: '2023-05-01T00:00:00Z',
};

export const BUDGET_LINES = [
  { code: 'C02-446A05', imputation: '6568/93446', label: 'Indemnisation des organismes référents' },
];
