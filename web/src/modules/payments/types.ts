/**
 * What the payments and ledger routes send (src/modules/payments): the server's own response shapes,
 * imported type-only through the conventions module's re-export.
 */
export type {
  LedgerFiguresView,
  LedgerGroupingView,
  LedgerRowView,
  LedgerView,
  PaymentListItem,
} from '../conventions/types.ts';
