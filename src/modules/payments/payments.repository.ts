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
