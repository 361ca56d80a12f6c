/**
 * The life of conventions after their signature, on the stored conventions of 12 June 2023: the
 * signature with its PDF, the advance paid, an amendment voted (segments split, budget given back),
 * an amendment beyond the budget line refused, a rejected one releasing its charge, the bilan
 * settling the balance with a recovery order for the excess, collected, then the convention closed;
 * a termination capping the line to the period carried out; yearly accounts overdue blocking a
 * payment. Every change in the audit trail with its author.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import {
  closeProposedAmendment,
  enterConventionIntoForce,
  getConvention,
  proposeAmendment,
  readSignedDocument,
  sendConventionForSignature,
  signConvention,
  voteAmendment,
} from '../../src/modules/conventions/index.ts';
import {
  closeSettledConvention,
  collectRecovery,
  getConventionDetail,
  getLedger,
  markPaymentPaid,
  recordBilan,
  requestPayment,
  sendPayment,
  terminateConventionWithRecovery,
  validatePayment,
} from '../../src/modules/payments/index.ts';
import { completeConventionData, numberSessionConventions } from '../support/convention-data.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const GESTIONNAIRE = systemActor('gestionnaire.conventions');
const TODAY = new Date().toISOString().slice(0, 10);
const PDF = Buffer.from('%PDF-1.4\n% convention signée\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

function domainCode(code: string) {
  return (error: unknown) => error instanceof DomainError && error.code === code;
}

interface LineRow {
  line_id: number;
  convention_id: number;
  structure_id: number;
  amount_cents: number;
}

describe('la vie des conventions après le vote', () => {
  let test_: TestDatabase;
  let lines: LineRow[];

  before(async () => {
    test_ = await openTestDatabase({ seed: true });
    const { db } = test_;
    await completeConventionData(db);
    await numberSessionConventions(db);
    // Conventions of a single line, so that each scenario has its own.
    lines = (
      await db.query<LineRow>(
        `select l.id as line_id, l.convention_id, c.structure_id, l.amount_cents
           from convention_lines l join conventions c on c.id = l.convention_id
          where (select count(*) from convention_lines o where o.convention_id = l.convention_id) = 1
            and l.amount_cents >= 1000000
          order by l.id`,
      )
    ).map((row) => ({
      line_id: Number(row.line_id),
      convention_id: Number(row.convention_id),
      structure_id: Number(row.structure_id),
      amount_cents: Number(row.amount_cents),
    }));
    assert.ok(lines.length >= 4, `${lines.length} conventions d'une ligne`);
  });
  after(async () => test_.close());

  async function signed(line: LineRow): Promise<void> {
    const { db } = test_;
    const draft = await getConvention(db, line.convention_id);
    const sent = await sendConventionForSignature(db, GESTIONNAIRE, line.convention_id, {
      on: '2023-06-20',
      version: draft.version,
    });
    await signConvention(db, GESTIONNAIRE, line.convention_id, {
      signedOn: '2023-06-26',
      version: sent.version,
      fileName: 'convention signée.pdf',
      content: PDF,
    });
  }

  async function paidAdvance(line: LineRow, key: string): Promise<number> {
    const { db } = test_;
    const { payment } = await requestPayment(db, GESTIONNAIRE, {
      conventionLineId: line.line_id,
      part: 'advance',
      idempotencyKey: key,
    });
    assert.deepEqual(payment.blockers, []);
    await validatePayment(db, GESTIONNAIRE, payment.id);
    await sendPayment(db, GESTIONNAIRE, payment.id);
    const paid = await markPaymentPaid(db, GESTIONNAIRE, payment.id, {
      paidOn: TODAY,
      financeReference: `M-${key}`,
    });
    assert.equal(paid.state, 'paid');
    return paid.amountCents;
  }

  test('signature avec le PDF, avance payée, avenant voté, bilan, titre recouvré, clôture', async () => {
    const { db } = test_;
    const line = lines[0] as LineRow;
    await signed(line);
    const document = await readSignedDocument(db, line.convention_id);
    assert.ok(document);
    assert.deepEqual(document.content, PDF);
    const detail = await getConventionDetail(db, line.convention_id);
    assert.equal(detail.state, 'signed');
    assert.equal(detail.signedDocument?.sha256, createHash('sha256').update(PDF).digest('hex'));
    const inForce = await enterConventionIntoForce(db, GESTIONNAIRE, line.convention_id, {
      on: '2023-06-26',
      version: detail.version,
    });
    assert.equal(inForce.state, 'in_force');

    const advance = await paidAdvance(line, 'avance-vie-1');
    assert.equal(advance, Math.round(line.amount_cents / 2));

    // Amendment lowering the amount from 1 October: nothing changes before the vote.
    const lowered = line.amount_cents - 500_000;
    const proposed = await proposeAmendment(db, GESTIONNAIRE, line.convention_id, {
      effectiveFrom: '2023-10-01',
      changes: [
        {
          conventionLineId: line.line_id,
          amountCents: lowered,
          justification: 'Places non pourvues au 1er octobre',
        },
      ],
    });
    assert.equal(proposed.deltaCents, -500_000);
    assert.equal(proposed.state, 'proposed');
    assert.equal(
      (await getConventionDetail(db, line.convention_id)).lines[0]?.amountCents,
      line.amount_cents,
    );
    const voted = await voteAmendment(db, GESTIONNAIRE, proposed.id, {
      votedOn: TODAY,
      decisionRef: 'Délibération n°2023-400',
      version: proposed.version,
    });
    assert.equal(voted.state, 'voted');
    const amended = await getConventionDetail(db, line.convention_id);
    assert.equal(amended.lines[0]?.amountCents, lowered);
    // A rule spread over time splits the line at the effective date; another keeps one segment.
    const segments = amended.lines[0]?.segments ?? [];
    if (segments.length === 2) assert.equal(segments[1]?.start, '2023-10-01');
    else assert.equal(segments.length, 1);
    assert.equal(
      amended.lines[0]?.segments.reduce((sum, segment) => sum + segment.amountCents, 0),
      lowered,
    );
    const [reduction] = await db.query<{ amount_cents: number; status: string }>(
      'select amount_cents, status from budget_commitments where amendment_id = $1',
      [proposed.id],
    );
    assert.deepEqual(
      { amount: Number(reduction?.amount_cents), status: reduction?.status },
      {
        amount: -500_000,
        status: 'committed',
      },
    );
    assert.equal(amended.ledger.votedCents, lowered);
    assert.equal(amended.ledger.committedCents, lowered);

    // Bilan: a quarter of the objectives → due a quarter of the amount in force; the advance paid
    // more: a recovery order for the difference, and no balance left.
    const afterBilan = await recordBilan(db, GESTIONNAIRE, line.line_id, {
      receivedOn: '2024-03-15',
      achieved: 1,
      target: 4,
    });
    const due = Math.round(lowered / 4);
    assert.equal(afterBilan.lines[0]?.bilan?.finalDueCents, due);
    const [order] = afterBilan.recoveryOrders;
    assert.ok(order);
    assert.equal(order.reason, 'balance');
    assert.equal(order.amountCents, advance - due);
    assert.equal(afterBilan.ledger.remainingCents, 0);
    assert.equal(afterBilan.ledger.toRecoverCents, 0);
    assert.equal(afterBilan.ledger.netPaidCents, due);
    // a second bilan is refused
    await assert.rejects(
      recordBilan(db, GESTIONNAIRE, line.line_id, { receivedOn: '2024-03-16', achieved: 4, target: 4 }),
      domainCode('BALANCE_ALREADY_SETTLED'),
    );
    const collected = await collectRecovery(db, GESTIONNAIRE, order.id, { on: TODAY });
    assert.equal(collected.state, 'collected');

    const closed = await closeSettledConvention(db, GESTIONNAIRE, line.convention_id, {
      on: '2025-01-15',
      version: afterBilan.version,
    });
    assert.equal(closed.state, 'closed');
    assert.equal(closed.closedOn, '2025-01-15');

    const ledger = await getLedger(db, 'DPID-2023-P2', 'convention');
    const row = ledger.rows.find((candidate) => candidate.conventionId === line.convention_id);
    assert.deepEqual(row && [row.votedCents, row.paidCents, row.recoveredCents, row.remainingCents], [
      lowered,
      advance,
      advance - due,
      0,
    ]);
    const actions = await db.query<{ action: string; actor_login: string }>(
      `select action, actor_login from audit_log
        where (entity = 'convention' and entity_id = $1) or entity in ('payment', 'amendment', 'recovery_order', 'convention_line')
        order by id`,
      [String(line.convention_id)],
    );
    const seen = new Set(actions.map((entry) => entry.action));
    for (const action of [
      'convention.send_for_signature',
      'convention.sign',
      'convention.enter_into_force',
      'payment.request',
      'payment.validate',
      'payment.send',
      'payment.record_paid',
      'amendment.propose',
      'amendment.vote',
      'convention_line.bilan',
      'recovery_order.issue',
      'recovery_order.collect',
      'convention.close',
    ]) {
      assert.ok(seen.has(action), action);
    }
    assert.ok(actions.every((entry) => entry.actor_login === GESTIONNAIRE.login));
  });

  test('un avenant au-delà des AE est refusé ; un avenant rejeté libère sa charge', async () => {
    const { db } = test_;
    const line = lines[1] as LineRow;
    await signed(line);
    await assert.rejects(
      proposeAmendment(db, GESTIONNAIRE, line.convention_id, {
        effectiveFrom: '2023-09-01',
        changes: [
          {
            conventionLineId: line.line_id,
            amountCents: line.amount_cents + 900_000_000,
            justification: 'Essai',
          },
        ],
      }),
      (error: unknown) => error instanceof DomainError && /BUDGET/.test(error.code),
    );
    assert.equal(
      (await db.query('select id from amendments where convention_id = $1', [line.convention_id])).length,
      0,
    );
    const proposed = await proposeAmendment(db, GESTIONNAIRE, line.convention_id, {
      effectiveFrom: '2023-09-01',
      changes: [
        {
          conventionLineId: line.line_id,
          amountCents: line.amount_cents + 100_000,
          justification: 'Places en plus',
        },
      ],
    });
    const [charge] = await db.query<{ amount_cents: number; status: string }>(
      'select amount_cents, status from budget_commitments where amendment_id = $1',
      [proposed.id],
    );
    assert.deepEqual([Number(charge?.amount_cents), charge?.status], [100_000, 'proposed']);
    await assert.rejects(
      proposeAmendment(db, GESTIONNAIRE, line.convention_id, {
        effectiveFrom: '2023-09-01',
        changes: [{ conventionLineId: line.line_id, amountCents: 1, justification: 'Autre' }],
      }),
      domainCode('AMENDMENT_ALREADY_PROPOSED'),
    );
    const rejected = await closeProposedAmendment(db, GESTIONNAIRE, proposed.id, {
      to: 'rejected',
      on: '2023-09-25',
      decisionRef: 'Délibération n°2023-401',
      version: proposed.version,
    });
    assert.equal(rejected.state, 'rejected');
    const [released] = await db.query<{ status: string }>(
      'select status from budget_commitments where amendment_id = $1',
      [proposed.id],
    );
    assert.equal(released?.status, 'cancelled');
    assert.equal(
      (await getConventionDetail(db, line.convention_id)).lines[0]?.amountCents,
      line.amount_cents,
    );
  });

  test('la résiliation plafonne la ligne à la période exécutée ; le trop-perçu devient un titre', async () => {
    const { db } = test_;
    const line = lines[2] as LineRow;
    await signed(line);
    const advance = await paidAdvance(line, 'avance-resiliation');
    const before = await getConventionDetail(db, line.convention_id);
    const terminated = await terminateConventionWithRecovery(db, GESTIONNAIRE, line.convention_id, {
      kind: 'inaccurate_declaration',
      notificationReceivedOn: '2023-07-03',
      version: before.version,
    });
    assert.equal(terminated.state, 'terminated');
    assert.equal(terminated.termination?.effectiveOn, '2023-07-03');
    const cap = terminated.lines[0]?.terminationCap;
    assert.ok(cap);
    assert.ok(cap.amountCents < line.amount_cents);
    assert.match(cap.explanation, /période exécutée/);
    const recovery = terminated.recoveryOrders.find((order) => order.reason === 'termination');
    if (advance > cap.amountCents) {
      assert.equal(recovery?.amountCents, advance - cap.amountCents);
    } else {
      assert.equal(recovery, undefined);
    }
    assert.equal(terminated.ledger.toRecoverCents, 0);
    // no more advance nor instalment on a terminated convention
    await assert.rejects(
      requestPayment(db, GESTIONNAIRE, {
        conventionLineId: line.line_id,
        part: 'advance',
        idempotencyKey: 'apres',
      }),
      domainCode('PAYMENT_PART_ALREADY_REQUESTED'),
    );
  });

  test('des comptes annuels en retard bloquent le versement, avec le motif', async () => {
    const { db } = test_;
    const line = lines[3] as LineRow;
    await signed(line);
    await db.query('delete from structure_yearly_accounts where structure_id = $1 and fiscal_year = 2023', [
      line.structure_id,
    ]);
    const { payment } = await requestPayment(db, GESTIONNAIRE, {
      conventionLineId: line.line_id,
      part: 'advance',
      idempotencyKey: 'comptes-en-retard',
    });
    assert.deepEqual(
      payment.blockers.map((reason) => reason.code),
      ['YEARLY_ACCOUNTS_MISSING'],
    );
    assert.deepEqual(payment.actions, ['cancel']);
    await assert.rejects(validatePayment(db, GESTIONNAIRE, payment.id), domainCode('PAYMENT_BLOCKED'));
    const detail = await getConventionDetail(db, line.convention_id);
    assert.equal(detail.yearlyAccounts.find((year) => year.fiscalYear === 2023)?.receivedOn, null);
  });
});
