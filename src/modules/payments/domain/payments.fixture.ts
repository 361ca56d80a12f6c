/** Builders shared by the payments tests: a line account, payments in a given state, a context. */
import type { PlainDate } from '../../../kernel/dates.ts';
import type { Cents } from '../../../kernel/money.ts';
import { date, eur } from '../../conventions/domain/sivom.fixture.ts';
import type { LineAccount, RecoveryOrder } from './ledger.ts';
import type { Payment, PaymentContext, PaymentState } from './payment.ts';
import type { SchedulePartKind } from './schedule.ts';

export const VALID_IBAN = 'FR7630006000011234567890189';
export const VALID_BIC = 'AGRIFRPP';

export function account(overrides: Partial<LineAccount> = {}): LineAccount {
  return {
    conventionRef: '2023-0042',
    structureRef: 'sivom-bruaysis',
    lineKey: 'T1-O1',
    budgetLine: 'C02-446A05',
    voted: eur('45 200'),
    committed: eur('45 200'),
    terminationCap: null,
    finalDue: null,
    payments: [],
    recoveries: [],
    ...overrides,
  };
}

export function payment(
  key: string,
  state: PaymentState,
  amount: Cents,
  overrides: Partial<Payment> & { kind?: SchedulePartKind } = {},
): Payment {
  const kind = overrides.kind ?? 'advance';
  return {
    idempotencyKey: key,
    conventionRef: '2023-0042',
    lineKey: 'T1-O1',
    partKey: kind === 'instalment' ? 'instalment-1' : kind,
    kind,
    dueAfter: kind === 'balance' ? 'bilan' : 'signature',
    scheduledAmount: kind === 'balance' ? null : amount,
    amount,
    state,
    requestedOn: date('2023-06-01'),
    validatedOn: null,
    sentOn: null,
    paidOn: null,
    financeReference: null,
    cancelledOn: null,
    cancelReason: null,
    ...overrides,
  };
}

export function recovery(
  key: string,
  amount: Cents,
  state: RecoveryOrder['state'] = 'issued',
): RecoveryOrder {
  return {
    key,
    conventionRef: '2023-0042',
    lineKey: 'T1-O1',
    reason: 'balance',
    amount,
    state,
    issuedOn: date('2024-03-01'),
    collectedOn: null,
    cancelledOn: null,
    cancelReason: null,
    explanation: '',
  };
}

export function context(
  overrides: Partial<PaymentContext> = {},
  today: PlainDate = date('2023-06-15'),
): PaymentContext {
  return {
    account: account(),
    conventionState: 'in_force',
    bank: { iban: VALID_IBAN, bic: VALID_BIC },
    documents: { bilanReceived: true, yearlyAccountsMissing: false },
    today,
    ...overrides,
  };
}
