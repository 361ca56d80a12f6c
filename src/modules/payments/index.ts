/** What other modules may use of the payments module. */
export { type PaymentView, type RequestPaymentResult, requestPayment } from './payments.service.ts';
