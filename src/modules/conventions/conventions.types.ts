/**
 * The response shapes of the conventions and payments routes, shared by the API and the web client
 * (type-only: nothing here runs, so the browser bundle can import it). Amounts are integer cents,
 * dates plain dates (AAAA-MM-JJ).
 */
import type { PlainDate } from '../../kernel/dates.ts';
import type { AmendmentState } from './domain/amendment.ts';
import type {
  ConventionAction,
  ConventionState,
  DepartementTerminationGround,
  TerminationKind,
} from './domain/lifecycle.ts';

/** A convention in the list of conventions. */
export interface ConventionSummary {
  id: number;
  number: string;
  sessionDate: PlainDate;
  structureId: number;
  structureName: string;
  state: ConventionState;
  periodStart: PlainDate | null;
  periodEnd: PlainDate | null;
  /** Σ of its lines' amounts in force (after voted amendments). */
  amountCents: number;
  paidCents: number;
  recoveredCents: number;
  remainingCents: number;
  /** Payments requested or validated that something still blocks. */
  blockedPayments: number;
  version: number;
}

export interface SignedDocumentView {
  fileName: string;
  sha256: string;
  sizeBytes: number;
  uploadedBy: string;
}

export interface TerminationView {
  kind: TerminationKind;
  kindLabel: string;
  ground: DepartementTerminationGround | null;
  groundLabel: string | null;
  notificationReceivedOn: PlainDate;
  leadersHeardOn: PlainDate | null;
  effectiveOn: PlainDate;
  lastDayInForce: PlainDate;
}

/** Money of a line, a convention, a structure or a budget line (see payments/domain/ledger.ts). */
export interface LedgerFiguresView {
  votedCents: number;
  committedCents: number;
  dueCents: number;
  paidCents: number;
  inFlightCents: number;
  recoveredCents: number;
  netPaidCents: number;
  remainingCents: number;
  toRecoverCents: number;
  releasableCents: number;
}

export interface BlockingReasonView {
  code: string;
  message: string;
}

export type PaymentAction = 'validate' | 'send' | 'record_paid' | 'cancel';

export interface PaymentView {
  id: number;
  conventionLineId: number;
  /** The schedule part: "advance", "instalment-1", "balance". */
  part: string;
  kind: 'advance' | 'instalment' | 'balance';
  /** "Avance", "Acompte 1", "Solde". */
  label: string;
  amountCents: number;
  scheduledAmountCents: number | null;
  state: 'requested' | 'validated' | 'sent' | 'paid' | 'cancelled';
  stateLabel: string;
  idempotencyKey: string;
  requestedBy: string;
  requestedOn: PlainDate;
  validatedOn: PlainDate | null;
  sentOn: PlainDate | null;
  paidOn: PlainDate | null;
  financeReference: string | null;
  cancelledOn: PlainDate | null;
  cancelReason: string | null;
  /** What forbids its next step now (recomputed on each read; empty when nothing does). */
  blockers: BlockingReasonView[];
  /** The changes it allows now (validate only when nothing blocks it). */
  actions: PaymentAction[];
}

export interface SchedulePartView {
  key: string;
  kind: 'advance' | 'instalment' | 'balance';
  label: string;
  /** "à la signature", "après le bilan", "à partir du 01/07/2023". */
  dueAfterLabel: string;
  amountCents: number;
  explanation: string;
  /** Its live payment (not cancelled), if any. */
  paymentId: number | null;
}

export interface BilanView {
  receivedOn: PlainDate;
  achieved: number;
  target: number;
  /** What the line is finally worth after the bilan. */
  finalDueCents: number;
  explanation: string;
}

export interface SegmentView {
  start: PlainDate;
  end: PlainDate;
  quantity: number | null;
  amountCents: number;
}

export interface ConventionLineDetail {
  id: number;
  applicationId: number;
  applicationReference: string;
  label: string;
  operationTitle: string;
  budgetLineCode: string;
  imputation: string;
  unit: string | null;
  /** Amount in force (after voted amendments). */
  amountCents: number;
  segments: SegmentView[];
  schedule: SchedulePartView[];
  bilan: BilanView | null;
  /** After a termination: what the period carried out is worth, with its explanation. */
  terminationCap: { amountCents: number; explanation: string } | null;
  ledger: LedgerFiguresView;
}

export interface RecoveryOrderView {
  id: number;
  conventionLineId: number;
  lineLabel: string;
  reason: 'balance' | 'termination' | 'amendment' | 'control';
  reasonLabel: string;
  amountCents: number;
  state: 'issued' | 'collected' | 'cancelled';
  stateLabel: string;
  issuedOn: PlainDate;
  collectedOn: PlainDate | null;
  cancelledOn: PlainDate | null;
  cancelReason: string | null;
  explanation: string;
  issuedBy: string;
}

export interface AmendmentLineView {
  conventionLineId: number;
  label: string;
  budgetLineCode: string;
  amountBeforeCents: number;
  amountAfterCents: number;
  deltaCents: number;
  computedAmountAfterCents: number | null;
  justification: string | null;
  explanation: string;
  segmentsAfter: SegmentView[];
}

export interface AmendmentView {
  id: number;
  conventionId: number;
  conventionNumber: string;
  /** Order among the convention's amendments: "Avenant n°1". */
  rank: number;
  state: AmendmentState;
  stateLabel: string;
  effectiveFrom: PlainDate;
  proposedOn: PlainDate;
  proposedBy: string;
  amountBeforeCents: number;
  amountAfterCents: number;
  deltaCents: number;
  lines: AmendmentLineView[];
  budgetDeltas: { budgetLineCode: string; deltaCents: number }[];
  explanation: string;
  decidedOn: PlainDate | null;
  decisionRef: string | null;
  version: number;
}

export interface YearlyAccountsView {
  fiscalYear: number;
  /** Six months after the end of the fiscal year. */
  dueBy: PlainDate;
  receivedOn: PlainDate | null;
}

export interface ConventionDetail {
  id: number;
  number: string;
  sessionDate: PlainDate;
  structure: {
    id: number;
    name: string;
    siret: string | null;
    iban: string | null;
    bic: string | null;
    /** French reasons the bank details cannot be used (missing, invalid); empty when they can. */
    bankProblems: string[];
    version: number;
  };
  state: ConventionState;
  stateLabel: string;
  /** The changes of state the convention allows now. */
  actions: ConventionAction[];
  period: { start: PlainDate; end: PlainDate } | null;
  sentForSignatureOn: PlainDate | null;
  signedOn: PlainDate | null;
  signedDocument: SignedDocumentView | null;
  inForceFrom: PlainDate | null;
  closedOn: PlainDate | null;
  termination: TerminationView | null;
  lines: ConventionLineDetail[];
  payments: PaymentView[];
  recoveryOrders: RecoveryOrderView[];
  amendments: AmendmentView[];
  yearlyAccounts: YearlyAccountsView[];
  ledger: LedgerFiguresView;
  version: number;
}

/** A payment in the list of payments (the finance software's view). */
export interface PaymentListItem extends PaymentView {
  conventionId: number;
  conventionNumber: string;
  structureId: number;
  structureName: string;
  siret: string | null;
  iban: string | null;
  bic: string | null;
  budgetLineCode: string;
  imputation: string;
  /** "Avance — Référent de parcours solidarité — convention 2023-0001". */
  object: string;
}

export type LedgerGroupingView = 'line' | 'convention' | 'structure' | 'budgetLine';

export interface LedgerRowView extends LedgerFiguresView {
  /** The convention number, structure name or budget line code (and line label for lines). */
  key: string;
  label: string;
  conventionId: number | null;
  structureId: number | null;
}

export interface LedgerView {
  callCode: string;
  by: LedgerGroupingView;
  rows: LedgerRowView[];
  total: LedgerFiguresView;
}
