/**
 * Payments of the conventions of the session of 12 June 2023: the conventions are numbered and
 * their lines created from the report's applications; one is sent for signature and signed, its
 * advance requested. Idempotency by key (also under 50 concurrent requests: on PostgreSQL they run
 * in parallel through the pool), one live payment per part (the service's guard and the
 * database's index), no payment on an unsigned convention, missing bank details recorded as a
 * blocking reason, every change audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import { listAudit } from '../../src/modules/audit/index.ts';
import {
  assignConventionNumbers,
  createConventionLines,
  getConvention,
  recordConventionSignature,
  sendConventionForSignature,
} from '../../src/modules/conventions/index.ts';
import { requestPayment } from '../../src/modules/payments/index.ts';
import { completeConventionData } from '../support/convention-data.ts';
import { openTestDatabase, type TestDatabase, testDialect } from '../support/database.ts';

const GESTIONNAIRE = systemActor('gestionnaire des conventions');
const SHA = 'a'.repeat(64);

function domainCode(code: string) {
  return (error: unknown) => error instanceof DomainError && error.code === code;
}

interface LineRow {
  line_id: number;
  convention_id: number;
  structure_id: number;
  amount_cents: number;
}

describe('les versements des conventions', () => {
  let test_: TestDatabase;
  let lines: LineRow[];
  /** Two lines of two different conventions: the first is signed, the second is not. */
  let signed: LineRow;
  let unsigned: LineRow;

  before(async () => {
    test_ = await openTestDatabase({ seed: true });
    const { db } = test_;
    await completeConventionData(db);
    const [session] = await db.query<{ id: number }>(
      "select id from committee_sessions where session_date = '2023-06-12'",
    );
    assert.ok(session);
    const structures = await db.query<{ structure_id: number }>(
      `select distinct a.structure_id from report_applications ra
         join committee_reports r on r.id = ra.report_id
         join applications a on a.id = ra.application_id
        where r.session_id = $1 and a.kind = 'convention' and a.state in ('proposed', 'voted')
          and a.retained_cents > 0
        order by a.structure_id`,
      [session.id],
    );
    const created = await db.transaction(async (tx) => {
      await assignConventionNumbers(
        tx,
        { id: Number(session.id), year: 2023 },
        structures.map((row) => Number(row.structure_id)),
      );
      return createConventionLines(tx, Number(session.id));
    });
    assert.ok(created > 0);
    // Idempotent: a second call adds nothing.
    assert.equal(await db.transaction((tx) => createConventionLines(tx, Number(session.id))), 0);
    lines = (
      await db.query<LineRow>(
        `select l.id as line_id, l.convention_id, c.structure_id, l.amount_cents
           from convention_lines l join conventions c on c.id = l.convention_id order by l.id`,
      )
    ).map((row) => ({
      line_id: Number(row.line_id),
      convention_id: Number(row.convention_id),
      structure_id: Number(row.structure_id),
      amount_cents: Number(row.amount_cents),
    }));
    const first = lines[0];
    assert.ok(first);
    signed = first;
    const other = lines.find((line) => line.convention_id !== signed.convention_id);
    assert.ok(other);
    unsigned = other;
  });
  after(async () => test_.close());

  test('chaque application retenue de la séance a sa ligne de convention', async () => {
    const [count] = await test_.db.query<{ n: number }>(
      `select count(*)::int as n from applications a
        join report_applications ra on ra.application_id = a.id
       where a.kind = 'convention' and a.state in ('proposed', 'voted') and a.retained_cents > 0`,
    );
    assert.equal(lines.length, Number(count?.n));
  });

  test('une convention non signée ne reçoit aucun versement (motif en français)', async () => {
    await assert.rejects(
      requestPayment(test_.db, GESTIONNAIRE, {
        conventionLineId: unsigned.line_id,
        part: 'advance',
        idempotencyKey: 'non-signee-1',
      }),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'PAYMENT_REFUSED' &&
        error.message.includes("La convention n'est pas signée."),
    );
    const rows = await test_.db.query('select id from payments where convention_line_id = $1', [
      unsigned.line_id,
    ]);
    assert.equal(rows.length, 0);
  });

  test('la signature suit le cycle de vie, avec contrôle de version et audit', async () => {
    const { db } = test_;
    const draft = await getConvention(db, signed.convention_id);
    assert.equal(draft.state, 'draft');
    // draft → signed directly is not allowed by the lifecycle
    await assert.rejects(
      recordConventionSignature(db, GESTIONNAIRE, signed.convention_id, {
        signedOn: '2023-07-10',
        documentSha256: SHA,
        version: draft.version,
      }),
      domainCode('CONVENTION_TRANSITION_NOT_ALLOWED'),
    );
    const sent = await sendConventionForSignature(db, GESTIONNAIRE, signed.convention_id, {
      on: '2023-07-01',
      version: draft.version,
    });
    assert.equal(sent.state, 'sent_for_signature');
    // a stale version is refused
    await assert.rejects(
      recordConventionSignature(db, GESTIONNAIRE, signed.convention_id, {
        signedOn: '2023-07-10',
        documentSha256: SHA,
        version: draft.version,
      }),
      domainCode('CONFLICT'),
    );
    // the signed document is required
    await assert.rejects(
      recordConventionSignature(db, GESTIONNAIRE, signed.convention_id, {
        signedOn: '2023-07-10',
        documentSha256: null,
        version: sent.version,
      }),
      domainCode('SIGNED_DOCUMENT_MISSING'),
    );
    const done = await recordConventionSignature(db, GESTIONNAIRE, signed.convention_id, {
      signedOn: '2023-07-10',
      documentSha256: SHA,
      version: sent.version,
    });
    assert.equal(done.state, 'signed');
    assert.equal(done.signedOn, '2023-07-10');
    assert.equal(done.signedDocumentSha256, SHA);
    const history = await listAudit(db, 'convention', signed.convention_id);
    assert.deepEqual(
      history.map((entry) => entry.action),
      ['convention.send_for_signature', 'convention.sign'],
    );
  });

  test("l'avance est demandée au montant de l'échéancier ; la même clé rend le même versement", async () => {
    const { db } = test_;
    const first = await requestPayment(db, GESTIONNAIRE, {
      conventionLineId: signed.line_id,
      part: 'advance',
      idempotencyKey: 'avance-1',
    });
    assert.equal(first.created, true);
    // advancePercent 50 in the operations' convention terms
    assert.equal(first.payment.amountCents, Math.round(signed.amount_cents / 2));
    assert.equal(first.payment.scheduledAmountCents, first.payment.amountCents);
    assert.equal(first.payment.state, 'requested');
    assert.deepEqual(first.payment.blockers, []);
    const again = await requestPayment(db, GESTIONNAIRE, {
      conventionLineId: signed.line_id,
      part: 'advance',
      idempotencyKey: 'avance-1',
    });
    assert.equal(again.created, false);
    assert.equal(again.payment.id, first.payment.id);
    // the same key for another content is refused
    await assert.rejects(
      requestPayment(db, GESTIONNAIRE, {
        conventionLineId: signed.line_id,
        part: 'advance',
        amountCents: 100,
        idempotencyKey: 'avance-1',
      }),
      domainCode('IDEMPOTENCY_KEY_REUSED'),
    );
    const history = await listAudit(db, 'payment', first.payment.id);
    assert.deepEqual(
      history.map((entry) => entry.action),
      ['payment.request'],
    );
    assert.equal(history[0]?.actorLogin, 'gestionnaire des conventions');
  });

  test('une seconde clé pour la même part, tant que la première vit, est refusée (service et base)', async () => {
    const { db } = test_;
    await assert.rejects(
      requestPayment(db, GESTIONNAIRE, {
        conventionLineId: signed.line_id,
        part: 'advance',
        idempotencyKey: 'avance-2',
      }),
      domainCode('PAYMENT_PART_ALREADY_REQUESTED'),
    );
    // the database refuses it too, without the service
    await assert.rejects(
      db.query(
        `insert into payments (convention_line_id, part, due_after, amount_cents, idempotency_key, requested_by,
           requested_on)
         values ($1, 'advance', '"signature"', 100, 'direct-1', 'test', '2023-07-11')`,
        [signed.line_id],
      ),
      (error: unknown) => (error as { code?: string }).code === '23505',
    );
    // and a second row with an existing key
    await assert.rejects(
      db.query(
        `insert into payments (convention_line_id, part, due_after, amount_cents, idempotency_key, requested_by,
           requested_on, state)
         values ($1, 'advance', '"signature"', 100, 'avance-1', 'test', '2023-07-11', 'cancelled')`,
        [signed.line_id],
      ),
      (error: unknown) => (error as { code?: string }).code === '23505',
    );
    const rows = await db.query('select id from payments where convention_line_id = $1', [signed.line_id]);
    assert.equal(rows.length, 1);
  });

  test('cinquante demandes simultanées avec une clé donnent un seul versement', async () => {
    const { db } = test_;
    const target = lines.find(
      (line) => line.convention_id === signed.convention_id && line.line_id !== signed.line_id,
    );
    // A line of the signed convention without any payment yet (or the other convention, signed now).
    let lineId: number;
    if (target) lineId = target.line_id;
    else {
      const convention = await getConvention(db, unsigned.convention_id);
      const sent = await sendConventionForSignature(db, GESTIONNAIRE, unsigned.convention_id, {
        on: '2023-07-01',
        version: convention.version,
      });
      await recordConventionSignature(db, GESTIONNAIRE, unsigned.convention_id, {
        signedOn: '2023-07-12',
        documentSha256: SHA,
        version: sent.version,
      });
      lineId = unsigned.line_id;
    }
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        requestPayment(db, GESTIONNAIRE, {
          conventionLineId: lineId,
          part: 'advance',
          idempotencyKey: 'course',
        }),
      ),
    );
    const ids = new Set(results.map((result) => result.payment.id));
    assert.equal(ids.size, 1);
    assert.equal(results.filter((result) => result.created).length, 1);
    const rows = await db.query('select id from payments where idempotency_key = $1', ['course']);
    assert.equal(rows.length, 1);
    const [id] = ids;
    assert.equal((await listAudit(db, 'payment', id ?? 0)).length, 1);
  });

  test('un IBAN manquant est enregistré comme motif de blocage', async () => {
    const { db } = test_;
    const line = lines.find(
      (candidate) =>
        candidate.convention_id !== signed.convention_id &&
        candidate.convention_id !== unsigned.convention_id,
    );
    assert.ok(line);
    await db.query('update structures set iban = null where id = $1', [line.structure_id]);
    const convention = await getConvention(db, line.convention_id);
    const sent = await sendConventionForSignature(db, GESTIONNAIRE, line.convention_id, {
      on: '2023-07-01',
      version: convention.version,
    });
    await recordConventionSignature(db, GESTIONNAIRE, line.convention_id, {
      signedOn: '2023-07-12',
      documentSha256: SHA,
      version: sent.version,
    });
    const result = await requestPayment(db, GESTIONNAIRE, {
      conventionLineId: line.line_id,
      part: 'advance',
      idempotencyKey: 'sans-iban',
    });
    assert.equal(result.created, true);
    assert.deepEqual(
      result.payment.blockers.map((reason) => reason.code),
      ['IBAN_MISSING'],
    );
    assert.equal(
      result.payment.blockers[0]?.message,
      "L'IBAN de la structure n'est pas renseigné (RIB à produire).",
    );
  });

  // PGlite runs one transaction at a time: only PostgreSQL has a concurrent lock to wait on.
  const onPostgres = testDialect() === 'postgres' ? test : () => undefined;
  onPostgres(
    'la demande attend le verrou de la ligne (PostgreSQL : transactions réellement parallèles)',
    async () => {
      const { db } = test_;
      const used = new Set([signed.convention_id, unsigned.convention_id]);
      const line = lines.find((candidate) => !used.has(candidate.convention_id));
      assert.ok(line);
      let settled = false;
      let pending: Promise<unknown> = Promise.resolve();
      await db.transaction(async (tx) => {
        await tx.query('select id from convention_lines where id = $1 for update', [line.line_id]);
        pending = requestPayment(db, GESTIONNAIRE, {
          conventionLineId: line.line_id,
          part: 'advance',
          idempotencyKey: 'verrou',
        }).then(
          (result) => {
            settled = true;
            return result;
          },
          (error: unknown) => {
            settled = true;
            return error;
          },
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        // the request is still waiting for the line's lock
        assert.equal(settled, false);
      });
      const outcome = await pending;
      assert.ok(settled);
      // then it is checked against what is stored (this convention is not signed)
      assert.ok(outcome instanceof DomainError);
    },
  );
});
