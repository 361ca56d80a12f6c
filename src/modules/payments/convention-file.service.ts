/**
 * A convention's whole file after the vote, as the conventions page shows it (lines, schedule,
 * payments with what blocks them, recovery orders, amendments, documents due, ledger), and the
 * changes that involve its money: termination (the sums unduly received become recovery orders),
 * closing (only once settled), the bilan of a line (settles its balance), the yearly accounts of a
 * structure and the recovery orders themselves.
 */
import type { Actor } from '../../kernel/actor.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/dates.ts';
import { DomainError, NotFoundError } from '../../kernel/errors.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import {
  type AmendmentView,
  allowedConventionTransitions,
  CONVENTION_STATE_LABELS,
  type ConventionAction,
  type ConventionDetail,
  type ConventionLineDetail,
  type ConventionState,
  type ConventionSummary,
  changeConventionInTransaction,
  closeConvention,
  type DepartementTerminationGround,
  getConvention,
  type LedgerFiguresView,
  listAmendments,
  type RecoveryOrderView,
  selectConventions,
  selectYearlyAccounts,
  signedDocumentInfo,
  TERMINATION_GROUND_LABELS,
  TERMINATION_KIND_LABELS,
  type TerminationKind,
  terminateConvention,
  updateLineBilan,
  upsertYearlyAccounts,
  voteAmendmentInTransaction,
  withdrawPendingAmendment,
} from '../conventions/index.ts';
import { getStructure } from '../structures/index.ts';
import { type LoadedLine, loadLines, paymentContext, StructureFacts, yearlyAccountsOf } from './accounts.ts';
import {
  cancelRecoveryOrder,
  collectRecoveryOrder,
  computeLineLedger,
  issueRecoveryOrder,
  type LedgerFigures,
  RECOVERY_REASON_LABELS,
  RECOVERY_STATE_LABELS,
  type RecoveryReason,
  settleLineBalance,
  totalLedgers,
} from './domain/ledger.ts';
import { bankReasons, PAYMENT_STATE_LABELS, type PaymentState } from './domain/payment.ts';
import { computeSchedule, describeDueAfter } from './domain/schedule.ts';
import {
  insertRecovery,
  type RecoveryRow,
  selectRecovery,
  updatePaymentState,
  updateRecoveryState,
} from './payments.repository.ts';
import { lockLine, todayDate, toPaymentView } from './payments.service.ts';

export function figuresView(figures: LedgerFigures): LedgerFiguresView {
  return {
    votedCents: figures.voted,
    committedCents: figures.committed,
    dueCents: figures.due,
    paidCents: figures.paid,
    inFlightCents: figures.inFlight,
    recoveredCents: figures.recovered,
    netPaidCents: figures.netPaid,
    remainingCents: figures.remaining,
    toRecoverCents: figures.toRecover,
    releasableCents: figures.releasable,
  };
}

function recoveryView(row: RecoveryRow, lineLabel: string): RecoveryOrderView {
  const reason = row.reason as RecoveryReason;
  const state = row.state as RecoveryOrderView['state'];
  return {
    id: Number(row.id),
    conventionLineId: Number(row.convention_line_id),
    lineLabel,
    reason,
    reasonLabel: RECOVERY_REASON_LABELS[reason],
    amountCents: Number(row.amount_cents),
    state,
    stateLabel: RECOVERY_STATE_LABELS[state],
    issuedOn: row.issued_on as PlainDate,
    collectedOn: row.collected_on as PlainDate | null,
    cancelledOn: row.cancelled_on as PlainDate | null,
    cancelReason: row.cancel_reason,
    explanation: row.explanation,
    issuedBy: row.issued_by,
  };
}

/** The lifecycle's changes a convention allows, as the page offers them. */
function actionsOf(state: ConventionState): ConventionAction[] {
  const byTarget: Record<ConventionState, ConventionAction> = {
    draft: 'return_to_draft',
    sent_for_signature: 'send_for_signature',
    signed: 'sign',
    in_force: 'enter_into_force',
    closed: 'close',
    terminated: 'terminate',
  };
  return allowedConventionTransitions(state).map((target) => byTarget[target]);
}

async function lineDetails(sql: Sql, lines: readonly LoadedLine[], today: PlainDate) {
  const details: ConventionLineDetail[] = [];
  const payments = [];
  const facts = new StructureFacts(sql);
  for (const line of lines) {
    const context = await paymentContext(sql, line, today, facts);
    const schedule = computeSchedule(line.account.voted, line.terms);
    const segments = (line.row.segments ?? []) as {
      start: PlainDate;
      end: PlainDate;
      quantity: number | null;
      amount: number;
    }[];
    details.push({
      id: Number(line.row.id),
      applicationId: Number(line.row.application_id),
      applicationReference: line.row.application_reference,
      label: line.row.label,
      operationTitle: line.row.operation_title,
      budgetLineCode: line.row.budget_line_code,
      imputation: line.row.imputation,
      unit: line.row.unit,
      amountCents: line.account.voted,
      segments: segments.map((segment) => ({
        start: segment.start,
        end: segment.end,
        quantity: segment.quantity === null ? null : Number(segment.quantity),
        amountCents: Number(segment.amount),
      })),
      schedule: schedule.parts.map((part) => ({
        key: part.key,
        kind: part.kind,
        label: part.label,
        dueAfterLabel: describeDueAfter(part.dueAfter),
        amountCents: part.amount,
        explanation: part.explanation,
        paymentId:
          Number(
            line.paymentRows.find((row) => row.part === part.key && row.state !== 'cancelled')?.id ?? 0,
          ) || null,
      })),
      bilan:
        line.bilan === null
          ? null
          : {
              receivedOn: line.bilan.receivedOn,
              achieved: Number(line.bilan.achieved),
              target: Number(line.bilan.target),
              finalDueCents: Number(line.bilan.finalDue),
              explanation: line.bilan.explanation,
            },
      terminationCap:
        line.terminationCap === null
          ? null
          : { amountCents: line.terminationCap.amount, explanation: line.terminationCap.explanation },
      ledger: figuresView(computeLineLedger(line.account)),
    });
    payments.push(...line.paymentRows.map((row) => toPaymentView(row, context)));
  }
  return { details, payments };
}

export async function getConventionDetail(
  sql: Sql,
  conventionId: number,
  options: { today?: PlainDate } = {},
): Promise<ConventionDetail> {
  const today = options.today ?? todayDate();
  const convention = await getConvention(sql, conventionId);
  const [structure, lines, amendments, signedDocument, accounts, listRow] = await Promise.all([
    getStructure(sql, convention.structureId),
    loadLines(sql, { conventionId }),
    listAmendments(sql, conventionId),
    signedDocumentInfo(sql, conventionId),
    selectYearlyAccounts(sql, [convention.structureId]),
    selectConventions(sql, { id: conventionId }).then(([row]) => row),
  ]);
  const { details, payments } = await lineDetails(sql, lines, today);
  const period =
    listRow?.period_start && listRow.period_end
      ? { start: listRow.period_start as PlainDate, end: listRow.period_end as PlainDate }
      : null;
  const labels = new Map(lines.map((line) => [Number(line.row.id), line.row.label]));
  const termination = convention.termination;
  return {
    id: convention.id,
    number: convention.number,
    sessionDate: (listRow?.session_date ?? '') as PlainDate,
    structure: {
      id: structure.id,
      name: structure.legalName,
      siret: structure.siret,
      iban: structure.iban,
      bic: structure.bic,
      bankProblems: bankReasons({ iban: structure.iban, bic: structure.bic }).map((reason) => reason.message),
      version: structure.version,
    },
    state: convention.state,
    stateLabel: CONVENTION_STATE_LABELS[convention.state],
    actions: actionsOf(convention.state),
    period,
    sentForSignatureOn: convention.sentForSignatureOn,
    signedOn: convention.signedOn,
    signedDocument,
    inForceFrom: convention.inForceFrom,
    closedOn: convention.closedOn,
    termination:
      termination === null
        ? null
        : {
            ...termination,
            kindLabel: TERMINATION_KIND_LABELS[termination.kind],
            groundLabel: termination.ground === null ? null : TERMINATION_GROUND_LABELS[termination.ground],
          },
    lines: details,
    payments,
    recoveryOrders: lines.flatMap((line) =>
      line.recoveryRows.map((row) => recoveryView(row, labels.get(Number(row.convention_line_id)) ?? '')),
    ),
    amendments,
    yearlyAccounts: yearlyAccountsOf(period, accounts),
    ledger: figuresView(totalLedgers(lines.map((line) => computeLineLedger(line.account)))),
    version: convention.version,
  };
}

/** Every convention, with its money and the payments something blocks. */
export async function listConventions(
  sql: Sql,
  filter: { state?: string | undefined; search?: string | undefined },
  options: { today?: PlainDate } = {},
): Promise<ConventionSummary[]> {
  const today = options.today ?? todayDate();
  const [rows, lines] = await Promise.all([selectConventions(sql, filter), loadLines(sql, {})]);
  const byConvention = new Map<number, LoadedLine[]>();
  for (const line of lines) {
    const id = Number(line.row.convention_id);
    byConvention.set(id, [...(byConvention.get(id) ?? []), line]);
  }
  const summaries: ConventionSummary[] = [];
  const facts = new StructureFacts(sql);
  for (const row of rows) {
    const own = byConvention.get(Number(row.id)) ?? [];
    const total = totalLedgers(own.map((line) => computeLineLedger(line.account)));
    let blocked = 0;
    for (const line of own) {
      const live = line.paymentRows.filter(
        (payment) => payment.state === 'requested' || payment.state === 'validated',
      );
      if (live.length === 0) continue;
      const context = await paymentContext(sql, line, today, facts);
      blocked += live.filter((payment) => toPaymentView(payment, context).blockers.length > 0).length;
    }
    summaries.push({
      id: Number(row.id),
      number: row.number,
      sessionDate: row.session_date as PlainDate,
      structureId: Number(row.structure_id),
      structureName: row.structure_name,
      state: row.state as ConventionState,
      periodStart: row.period_start as PlainDate | null,
      periodEnd: row.period_end as PlainDate | null,
      amountCents: total.voted,
      paidCents: total.paid,
      recoveredCents: total.recovered,
      remainingCents: total.remaining,
      blockedPayments: blocked,
      version: Number(row.version),
    });
  }
  return summaries;
}

// ---------------------------------------------------------------------------------------------
// Recovery orders
// ---------------------------------------------------------------------------------------------

/** Issues the recovery order a line's ledger calls for, idempotent by key; audited. */
async function issueRecovery(
  tx: Sql,
  actor: Actor,
  line: LoadedLine,
  options: { key: string; reason: RecoveryReason; today: PlainDate },
): Promise<RecoveryRow | null> {
  const existing = line.recoveryRows.find((row) => row.idempotency_key === options.key);
  if (existing) return existing;
  const issued = issueRecoveryOrder(line.account, {
    key: options.key,
    reason: options.reason,
    issuedOn: options.today,
  });
  const row = await insertRecovery(tx, {
    conventionLineId: Number(line.row.id),
    key: options.key,
    reason: options.reason,
    amountCents: issued.order.amount,
    issuedOn: options.today,
    issuedBy: actor.login,
    explanation: issued.order.explanation,
  });
  await recordAudit(tx, {
    actor,
    action: 'recovery_order.issue',
    entity: 'recovery_order',
    entityId: Number(row.id),
    before: null,
    after: recoveryView(row, line.row.label),
  });
  return row;
}

/** A recovery order for what a line's ledger shows as unduly received (after an amendment, a control). */
export function issueRecoveryForLine(
  db: Database,
  actor: Actor,
  lineId: number,
  input: { reason: RecoveryReason; idempotencyKey: string },
  options: { today?: PlainDate } = {},
): Promise<RecoveryOrderView> {
  const today = options.today ?? todayDate();
  return db.transaction(async (tx) => {
    const line = await lockLine(tx, lineId);
    const row = await issueRecovery(tx, actor, line, {
      key: input.idempotencyKey.trim(),
      reason: input.reason,
      today,
    });
    return recoveryView(row as RecoveryRow, line.row.label);
  });
}

async function changeRecovery(
  db: Database,
  actor: Actor,
  id: number,
  change: 'collect' | 'cancel',
  input: { on?: string; reason?: string },
  today: PlainDate,
): Promise<RecoveryOrderView> {
  return db.transaction(async (tx) => {
    const found = await selectRecovery(tx, id);
    if (!found) throw new NotFoundError('Titre de recettes', id);
    const line = await lockLine(tx, Number(found.convention_line_id));
    const row = line.recoveryRows.find((candidate) => Number(candidate.id) === id) as RecoveryRow;
    const order = line.account.recoveries.find((candidate) => candidate.key === row.idempotency_key);
    if (!order) throw new NotFoundError('Titre de recettes', id);
    const next =
      change === 'collect'
        ? collectRecoveryOrder(order, { on: parsePlainDate(input.on ?? today, 'on') })
        : cancelRecoveryOrder(order, { on: today, reason: input.reason ?? '' });
    if (next.collectedOn !== null && next.collectedOn > today) {
      throw new DomainError('DATE_IN_FUTURE', 'La date de recouvrement ne peut pas être dans le futur.', {
        field: 'on',
      });
    }
    if (next.collectedOn !== null && next.collectedOn < order.issuedOn) {
      throw new DomainError(
        'COLLECTED_BEFORE_ISSUED',
        "La date de recouvrement précède l'émission du titre de recettes.",
        { field: 'on' },
      );
    }
    await updateRecoveryState(tx, id, {
      state: next.state,
      collectedOn: next.collectedOn,
      cancelledOn: next.cancelledOn,
      cancelReason: next.cancelReason,
    });
    const after = recoveryView(
      {
        ...row,
        state: next.state,
        collected_on: next.collectedOn,
        cancelled_on: next.cancelledOn,
        cancel_reason: next.cancelReason,
      },
      line.row.label,
    );
    await recordAudit(tx, {
      actor,
      action: `recovery_order.${change}`,
      entity: 'recovery_order',
      entityId: id,
      before: recoveryView(row, line.row.label),
      after,
    });
    return after;
  });
}

export function collectRecovery(
  db: Database,
  actor: Actor,
  id: number,
  input: { on: string },
  options: { today?: PlainDate } = {},
): Promise<RecoveryOrderView> {
  return changeRecovery(db, actor, id, 'collect', input, options.today ?? todayDate());
}

export function cancelRecovery(
  db: Database,
  actor: Actor,
  id: number,
  input: { reason: string },
  options: { today?: PlainDate } = {},
): Promise<RecoveryOrderView> {
  return changeRecovery(db, actor, id, 'cancel', input, options.today ?? todayDate());
}

// ---------------------------------------------------------------------------------------------
// Termination, closing, bilan, yearly accounts
// ---------------------------------------------------------------------------------------------

/**
 * Terminates a convention (article 10): the lifecycle checks the facts and computes the date it
 * takes effect; the payments not yet sent to the finance software, other than a balance, are
 * cancelled; each line whose net payments exceed what the period carried out is worth gets a
 * recovery order for the difference. One transaction.
 */
export async function terminateConventionWithRecovery(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: {
    kind: TerminationKind;
    ground?: DepartementTerminationGround | null | undefined;
    notificationReceivedOn: string | null;
    leadersHeardOn?: string | null | undefined;
    version: number;
  },
  options: { today?: PlainDate } = {},
): Promise<ConventionDetail> {
  const today = options.today ?? todayDate();
  await db.transaction(async (tx) => {
    await changeConventionInTransaction(tx, actor, conventionId, input.version, (record) =>
      terminateConvention(record, {
        kind: input.kind,
        ground: input.ground ?? null,
        notificationReceivedOn:
          input.notificationReceivedOn === null
            ? null
            : parsePlainDate(input.notificationReceivedOn, 'notificationReceivedOn'),
        leadersHeardOn: input.leadersHeardOn ? parsePlainDate(input.leadersHeardOn, 'leadersHeardOn') : null,
        today,
      }),
    );
    await withdrawPendingAmendment(tx, actor, conventionId, { on: today, reason: 'Convention résiliée' });
    const lineIds = (await loadLines(tx, { conventionId })).map((line) => Number(line.row.id));
    for (const lineId of lineIds) {
      const line = await lockLine(tx, lineId);
      for (const payment of line.paymentRows) {
        if (payment.part === 'balance' || (payment.state !== 'requested' && payment.state !== 'validated'))
          continue;
        await updatePaymentState(tx, Number(payment.id), {
          state: 'cancelled',
          validatedOn: payment.validated_on,
          sentOn: payment.sent_on,
          paidOn: payment.paid_on,
          financeReference: payment.finance_reference,
          cancelledOn: today,
          cancelReason: 'Convention résiliée',
          blockedReasons: [],
        });
        await recordAudit(tx, {
          actor,
          action: 'payment.cancel',
          entity: 'payment',
          entityId: Number(payment.id),
          before: { state: payment.state, stateLabel: PAYMENT_STATE_LABELS[payment.state as PaymentState] },
          after: { state: 'cancelled', cancelReason: 'Convention résiliée' },
        });
      }
      const reloaded = await lockLine(tx, lineId);
      if (computeLineLedger(reloaded.account).toRecover > 0) {
        await issueRecovery(tx, actor, reloaded, {
          key: `termination-line-${lineId}`,
          reason: 'termination',
          today,
        });
      }
    }
  });
  return getConventionDetail(db, conventionId, { today });
}

/**
 * The committee votes an amendment: it takes effect (conventions module) and, in the same
 * transaction, each line it lowered below what the structure already received (net of recovery
 * orders) gets a recovery order for the excess, so that paid − recovered never exceeds the amount
 * in force.
 */
export function voteAmendmentWithRecovery(
  db: Database,
  actor: Actor,
  amendmentId: number,
  input: { votedOn: string; decisionRef: string; version: number },
  options: { today?: PlainDate } = {},
): Promise<AmendmentView> {
  const today = options.today ?? todayDate();
  return db.transaction(async (tx) => {
    const voted = await voteAmendmentInTransaction(tx, actor, amendmentId, input);
    for (const line of voted.lines) {
      const account = await lockLine(tx, line.conventionLineId);
      if (computeLineLedger(account.account).toRecover > 0) {
        await issueRecovery(tx, actor, account, {
          key: `amendment-${amendmentId}-line-${line.conventionLineId}`,
          reason: 'amendment',
          today,
        });
      }
    }
    return voted;
  });
}

/** Closes a convention whose period is over and whose lines are all settled (bilan, paid or recovered). */
export async function closeSettledConvention(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: { on: string; version: number },
  options: { today?: PlainDate } = {},
): Promise<ConventionDetail> {
  const today = options.today ?? todayDate();
  const on = parsePlainDate(input.on, 'on');
  await db.transaction(async (tx) => {
    const lines = await loadLines(tx, { conventionId });
    const isSettled =
      lines.length > 0 &&
      lines.every((line) => {
        const ledger = computeLineLedger(line.account);
        return (
          line.bilan !== null && ledger.inFlight === 0 && ledger.remaining === 0 && ledger.toRecover === 0
        );
      });
    await changeConventionInTransaction(tx, actor, conventionId, input.version, (record) =>
      closeConvention(record, { on, isSettled }),
    );
  });
  return getConventionDetail(db, conventionId, { today });
}

/**
 * Records a line's bilan and settles its balance: what the line is finally worth for the objectives
 * achieved (never above its amount in force nor, after a termination, the period carried out). When
 * more was paid, a recovery order is issued for the difference.
 */
export async function recordBilan(
  db: Database,
  actor: Actor,
  lineId: number,
  input: { receivedOn: string; achieved: number; target: number },
  options: { today?: PlainDate } = {},
): Promise<ConventionDetail> {
  const today = options.today ?? todayDate();
  const receivedOn = parsePlainDate(input.receivedOn, 'receivedOn');
  if (receivedOn > today) {
    throw new DomainError('DATE_IN_FUTURE', 'La date de réception du bilan ne peut pas être dans le futur.', {
      field: 'receivedOn',
    });
  }
  const conventionId = await db.transaction(async (tx) => {
    const line = await lockLine(tx, lineId);
    const { account, settlement } = settleLineBalance(line.account, {
      conventionState: line.row.convention_state as ConventionState,
      bilanReceived: true,
      achievement: { achieved: input.achieved, target: input.target },
    });
    const bilan = {
      receivedOn,
      achieved: input.achieved,
      target: input.target,
      finalDue: account.finalDue,
      explanation: settlement.explanation,
    };
    await updateLineBilan(tx, lineId, bilan);
    await recordAudit(tx, {
      actor,
      action: 'convention_line.bilan',
      entity: 'convention_line',
      entityId: lineId,
      before: { bilan: null },
      after: { bilan, summary: settlement.explanation },
    });
    if (settlement.recovery > 0) {
      const reloaded = await lockLine(tx, lineId);
      await issueRecovery(tx, actor, reloaded, { key: `balance-line-${lineId}`, reason: 'balance', today });
    }
    return Number(line.row.convention_id);
  });
  return getConventionDetail(db, conventionId, { today });
}

/** The yearly accounts of a structure for a fiscal year, received on a date (audited). */
export async function recordYearlyAccounts(
  db: Database,
  actor: Actor,
  structureId: number,
  input: { fiscalYear: number; receivedOn: string },
  options: { today?: PlainDate } = {},
): Promise<{ fiscalYear: number; receivedOn: PlainDate }> {
  const today = options.today ?? todayDate();
  const receivedOn = parsePlainDate(input.receivedOn, 'receivedOn');
  if (receivedOn > today) {
    throw new DomainError(
      'DATE_IN_FUTURE',
      'La date de réception des comptes ne peut pas être dans le futur.',
      {
        field: 'receivedOn',
      },
    );
  }
  if (Number(receivedOn.slice(0, 4)) < input.fiscalYear) {
    throw new DomainError(
      'ACCOUNTS_BEFORE_YEAR_END',
      `Les comptes de l'exercice ${input.fiscalYear} ne peuvent pas être reçus avant sa clôture.`,
      { field: 'receivedOn' },
    );
  }
  await getStructure(db, structureId);
  await db.transaction(async (tx) => {
    const before = await upsertYearlyAccounts(tx, {
      structureId,
      fiscalYear: input.fiscalYear,
      receivedOn,
      recordedBy: actor.login,
    });
    await recordAudit(tx, {
      actor,
      action: 'structure.yearly_accounts',
      entity: 'structure',
      entityId: structureId,
      before: before ? { fiscalYear: input.fiscalYear, receivedOn: before.received_on } : null,
      after: { fiscalYear: input.fiscalYear, receivedOn },
    });
  });
  return { fiscalYear: input.fiscalYear, receivedOn };
}
