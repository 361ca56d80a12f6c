/**
 * What the conventions and payments routes send (src/modules/conventions, src/modules/payments): the
 * server's own response shapes, imported type-only (nothing of the server is bundled), so that the
 * screens and the API cannot drift apart.
 */
export type {
  AmendmentLineView,
  AmendmentView,
  BilanView,
  BlockingReasonView,
  ConventionDetail,
  ConventionLineDetail,
  ConventionSummary,
  LedgerFiguresView,
  LedgerGroupingView,
  LedgerRowView,
  LedgerView,
  PaymentAction,
  PaymentListItem,
  PaymentView,
  RecoveryOrderView,
  SchedulePartView,
  SegmentView,
  SignedDocumentView,
  TerminationView,
  YearlyAccountsView,
} from '../../../../src/modules/conventions/conventions.types.ts';
export type { AmendmentState } from '../../../../src/modules/conventions/domain/amendment.ts';
export type {
  ConventionAction,
  ConventionState,
  DepartementTerminationGround,
  TerminationKind,
} from '../../../../src/modules/conventions/domain/lifecycle.ts';

import type { PaymentView } from '../../../../src/modules/conventions/conventions.types.ts';

/** POST /api/convention-lines/:id/payments */
export interface PaymentRequestAnswer {
  payment: PaymentView;
  /** false when the idempotency key had already been used (the same payment comes back). */
  created: boolean;
  blockers: { code: string; message: string }[];
}

/** POST /api/structures/:id/yearly-accounts */
export interface YearlyAccountsAnswer {
  fiscalYear: number;
  receivedOn: string;
}
