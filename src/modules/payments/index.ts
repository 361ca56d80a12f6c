/** What other modules may use of the payments module (the money of conventions). */
export {
  cancelRecovery,
  closeSettledConvention,
  collectRecovery,
  getConventionDetail,
  issueRecoveryForLine,
  listConventions,
  recordBilan,
  recordYearlyAccounts,
  terminateConventionWithRecovery,
  voteAmendmentWithRecovery,
} from './convention-file.service.ts';
export {
  getLedger,
  LEDGER_CSV_HEADER,
  ledgerToCsv,
  ledgerToXlsx,
  listPayments,
  PAYMENTS_CSV_HEADER,
  paymentsToCsv,
  paymentsToXlsx,
} from './ledger.service.ts';
export {
  cancelPayment,
  markPaymentPaid,
  type PaymentView,
  type RequestPaymentResult,
  requestPayment,
  sendPayment,
  validatePayment,
} from './payments.service.ts';
