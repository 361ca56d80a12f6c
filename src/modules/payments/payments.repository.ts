/** The only SQL of the payments module. */
import type { Sql } from '../../platform/database.ts';

export interface PaymentRow {
  id: number;
  convention_line_id: number;
  part: string;
  due_after: unknown;
  scheduled_amount_cents: number | null;
  amount_cents: number;
  state: string;
  idempotency_key: string;
  requested_by: string;
  requested_on: string;
  blocked_reasons: unknown;
  validated_on: string | null;
  sent_on: string | null;
  paid_on: string | null;
  finance_reference: string | null;
  cancelled_on: string | null;
  cancel_reason: string | null;
}

const COLUMNS = `id, convention_line_id, part, due_after, scheduled_amount_cents, amount_cents, state, idempotency_key,
  requested_by, requested_on, blocked_reasons, validated_on, sent_on, paid_on, finance_reference, cancelled_on,
  cancel_reason`;

export function selectPaymentsOfLine(sql: Sql, conventionLineId: number): Promise<PaymentRow[]> {
  return sql.query<PaymentRow>(`select ${COLUMNS} from payments where convention_line_id = $1 order by id`, [
    conventionLineId,
  ]);
}

export async function selectPaymentByKey(sql: Sql, idempotencyKey: string): Promise<PaymentRow | undefined> {
  const [row] = await sql.query<PaymentRow>(`select ${COLUMNS} from payments where idempotency_key = $1`, [
    idempotencyKey,
  ]);
  return row;
}

export async function insertPayment(
  sql: Sql,
  payment: {
    conventionLineId: number;
    part: string;
    dueAfter: unknown;
    scheduledAmountCents: number | null;
    amountCents: number;
    idempotencyKey: string;
    requestedBy: string;
    requestedByUserId: number | null;
    requestedOn: string;
    blockedReasons: unknown;
  },
): Promise<PaymentRow> {
  const [row] = await sql.query<PaymentRow>(
    `insert into payments (convention_line_id, part, due_after, scheduled_amount_cents, amount_cents, idempotency_key,
       requested_by, requested_by_user_id, requested_on, blocked_reasons)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     returning ${COLUMNS}`,
    [
      payment.conventionLineId,
      payment.part,
      JSON.stringify(payment.dueAfter),
      payment.scheduledAmountCents,
      payment.amountCents,
      payment.idempotencyKey,
      payment.requestedBy,
      payment.requestedByUserId,
      payment.requestedOn,
      JSON.stringify(payment.blockedReasons),
    ],
  );
  return row as PaymentRow;
}

export function selectPaymentsOfLines(sql: Sql, lineIds: readonly number[]): Promise<PaymentRow[]> {
  return sql.query<PaymentRow>(
    `select ${COLUMNS} from payments where convention_line_id = any($1::bigint[]) order by id`,
    [lineIds],
  );
}

export async function selectPayment(sql: Sql, id: number): Promise<PaymentRow | undefined> {
  const [row] = await sql.query<PaymentRow>(`select ${COLUMNS} from payments where id = $1`, [id]);
  return row;
}

export function selectPaymentLineIds(
  sql: Sql,
  state: string | undefined,
): Promise<{ convention_line_id: number }[]> {
  return sql.query<{ convention_line_id: number }>(
    `select distinct convention_line_id from payments ${state ? 'where state = $1' : ''}`,
    state ? [state] : [],
  );
}

export async function updatePaymentState(
  sql: Sql,
  id: number,
  patch: {
    state: string;
    validatedOn: string | null;
    sentOn: string | null;
    paidOn: string | null;
    financeReference: string | null;
    cancelledOn: string | null;
    cancelReason: string | null;
    blockedReasons: unknown;
  },
): Promise<void> {
  await sql.query(
    `update payments set state = $2, validated_on = $3, sent_on = $4, paid_on = $5, finance_reference = $6,
            cancelled_on = $7, cancel_reason = $8, blocked_reasons = $9
      where id = $1`,
    [
      id,
      patch.state,
      patch.validatedOn,
      patch.sentOn,
      patch.paidOn,
      patch.financeReference,
      patch.cancelledOn,
      patch.cancelReason,
      JSON.stringify(patch.blockedReasons),
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// Recovery orders
// ---------------------------------------------------------------------------------------------

export interface RecoveryRow {
  id: number;
  convention_line_id: number;
  idempotency_key: string;
  reason: string;
  amount_cents: number;
  state: string;
  issued_on: string;
  issued_by: string;
  collected_on: string | null;
  cancelled_on: string | null;
  cancel_reason: string | null;
  explanation: string;
}

const RECOVERY_COLUMNS = `id, convention_line_id, idempotency_key, reason, amount_cents, state, issued_on::text as issued_on,
  issued_by, collected_on::text as collected_on, cancelled_on::text as cancelled_on, cancel_reason, explanation`;

export function selectRecoveriesOfLines(sql: Sql, lineIds: readonly number[]): Promise<RecoveryRow[]> {
  return sql.query<RecoveryRow>(
    `select ${RECOVERY_COLUMNS} from recovery_orders where convention_line_id = any($1::bigint[]) order by id`,
    [lineIds],
  );
}

export async function selectRecovery(sql: Sql, id: number): Promise<RecoveryRow | undefined> {
  const [row] = await sql.query<RecoveryRow>(
    `select ${RECOVERY_COLUMNS} from recovery_orders where id = $1`,
    [id],
  );
  return row;
}

export async function insertRecovery(
  sql: Sql,
  order: {
    conventionLineId: number;
    key: string;
    reason: string;
    amountCents: number;
    issuedOn: string;
    issuedBy: string;
    explanation: string;
  },
): Promise<RecoveryRow> {
  const [row] = await sql.query<RecoveryRow>(
    `insert into recovery_orders (convention_line_id, idempotency_key, reason, amount_cents, issued_on, issued_by,
       explanation)
     values ($1, $2, $3, $4, $5, $6, $7)
     returning ${RECOVERY_COLUMNS}`,
    [
      order.conventionLineId,
      order.key,
      order.reason,
      order.amountCents,
      order.issuedOn,
      order.issuedBy,
      order.explanation,
    ],
  );
  return row as RecoveryRow;
}

export async function updateRecoveryState(
  sql: Sql,
  id: number,
  patch: {
    state: string;
    collectedOn: string | null;
    cancelledOn: string | null;
    cancelReason: string | null;
  },
): Promise<void> {
  await sql.query(
    'update recovery_orders set state = $2, collected_on = $3, cancelled_on = $4, cancel_reason = $5 where id = $1',
    [id, patch.state, patch.collectedOn, patch.cancelledOn, patch.cancelReason],
  );
}
