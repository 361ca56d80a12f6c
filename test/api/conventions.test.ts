/**
 * Conventions after the vote and their money through the API, with signed-in personas, on the
 * conventions of the session of 12 June 2023 (numbered and given their lines by the services in
 * `before`, as payments.test.ts does):
 *
 *   - who may do what: lecture reads the conventions but neither signs nor pays; an instructeur
 *     does not even read them; the vote of an amendment belongs to the committee (direction);
 *   - the signature (budget): sent for signature, then signed with the PDF in base64; the convention
 *     keeps the sha-256 of the bytes and gives them back; a file that is no PDF, a stale version and
 *     an impossible date are refused (422, 409, 400 naming `signedOn` in French);
 *   - a payment request is idempotent by key (201 then 200, one row); without IBAN it is blocked and
 *     cannot be validated until the bank details are fixed (an invalid IBAN is a 400 on `iban`);
 *   - the payment file (CSV for the finance software, XLSX) and the ledger with its CSV;
 *   - an amendment previewed, proposed, refused while another is proposed, voted by the direction:
 *     the line's amount changes;
 *   - a termination after an advance larger than the period carried out: a recovery order;
 *   - every change in the audit trail with the login of the persona who made it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type {
  AmendmentView,
  ConventionDetail,
  ConventionSummary,
  LedgerView,
  PaymentView,
} from '../../src/modules/conventions/index.ts';
import type { RequestPaymentResult } from '../../src/modules/payments/index.ts';
import { completeConventionData, numberSessionConventions } from '../support/convention-data.ts';
import {
  type Answer,
  type Api,
  assertStatus,
  assertValidation,
  CALL,
  type ErrorBody,
  openApi,
  parseCsv,
  request,
  type SessionHeaders,
  type Structure,
  signInAs,
} from './api-helpers.ts';

const PDF = Buffer.from(
  '%PDF-1.4\n% Convention signée par les deux parties\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const SHA256 = createHash('sha256').update(PDF).digest('hex');
/** The server's today, as its services read it. */
const TODAY = new Date().toISOString().slice(0, 10);

interface Persona {
  session: SessionHeaders;
  login: string;
}

interface Change {
  entity: string;
  entityId: number;
  action: string;
  login: string;
}

let api: Api;
let lecture: Persona;
let instructeur: Persona;
let budget: Persona;
let direction: Persona;
/** The conventions used, by number. */
const conventions = new Map<string, { id: number; structureId: number; lineIds: number[] }>();
/** Every change made through the API, to be found in the audit trail. */
const changes: Change[] = [];

async function persona(role: Parameters<typeof signInAs>[2], territories: string[] = []): Promise<Persona> {
  const session = await signInAs(api.app, api.database.db, role, territories);
  const me = await request<{ user: { login: string } }>(api.app, 'GET', '/api/session', undefined, session);
  assertStatus(me, 200);
  return { session, login: me.body.user.login };
}

function as<T>(who: Persona, method: 'GET' | 'POST', url: string, payload?: object): Promise<Answer<T>> {
  return request<T>(api.app, method, url, payload, who.session);
}

async function put<T>(who: Persona, url: string, payload: object): Promise<Answer<T>> {
  const response = await api.app.inject({ method: 'PUT', url, payload, headers: { ...who.session } });
  return { status: response.statusCode, body: response.json<T>(), response };
}

function convention(number: string) {
  const found = conventions.get(number);
  assert.ok(found, `convention ${number}`);
  return found;
}

function firstLine(number: string): number {
  const [line] = convention(number).lineIds;
  assert.ok(line !== undefined, `une ligne à la convention ${number}`);
  return line;
}

async function detail(number: string, who: Persona = budget): Promise<ConventionDetail> {
  const answer = await as<ConventionDetail>(who, 'GET', `/api/conventions/${convention(number).id}`);
  assertStatus(answer, 200);
  return answer.body;
}

/** Sends the convention for signature and signs it with the PDF, as `who`; records both changes. */
async function signThroughApi(number: string, who: Persona): Promise<ConventionDetail> {
  const { id } = convention(number);
  const current = await detail(number, who);
  const sent = await as<ConventionDetail>(who, 'POST', `/api/conventions/${id}/send-for-signature`, {
    on: '2023-03-01',
    version: current.version,
  });
  assertStatus(sent, 200);
  assert.equal(sent.body.state, 'sent_for_signature');
  const signed = await as<ConventionDetail>(who, 'POST', `/api/conventions/${id}/signature`, {
    signedOn: '2023-03-15',
    version: sent.body.version,
    fileName: `convention-${number}-signée.pdf`,
    contentBase64: PDF.toString('base64'),
  });
  assertStatus(signed, 200);
  changes.push(
    { entity: 'convention', entityId: id, action: 'convention.send_for_signature', login: who.login },
    { entity: 'convention', entityId: id, action: 'convention.sign', login: who.login },
  );
  return signed.body;
}

/** Requests the advance of a line, validates, sends and records it paid, as `who`. */
async function payAdvance(lineId: number, who: Persona, key: string): Promise<PaymentView> {
  const requested = await as<RequestPaymentResult>(who, 'POST', `/api/convention-lines/${lineId}/payments`, {
    part: 'advance',
    idempotencyKey: key,
  });
  assertStatus(requested, 201);
  const id = requested.body.payment.id;
  assertStatus(await as(who, 'POST', `/api/payments/${id}/validate`), 200);
  assertStatus(await as(who, 'POST', `/api/payments/${id}/send`), 200);
  const paid = await as<PaymentView>(who, 'POST', `/api/payments/${id}/paid`, {
    paidOn: TODAY,
    financeReference: `MANDAT-${id}`,
  });
  assertStatus(paid, 200);
  assert.equal(paid.body.state, 'paid');
  for (const action of ['payment.request', 'payment.validate', 'payment.send', 'payment.record_paid']) {
    changes.push({ entity: 'payment', entityId: id, action, login: who.login });
  }
  return paid.body;
}

before(async () => {
  api = await openApi();
  const { db } = api.database;
  await completeConventionData(db);
  await numberSessionConventions(db);
  const rows = await db.query<{ id: number; number: string; structure_id: number; line_id: number }>(
    `select c.id, c.number, c.structure_id, l.id as line_id
       from conventions c join convention_lines l on l.convention_id = c.id
      where c.number in ('2023-0001', '2023-0005', '2023-0037')
      order by c.id, l.id`,
  );
  for (const row of rows) {
    const known = conventions.get(row.number);
    if (known) known.lineIds.push(Number(row.line_id));
    else {
      conventions.set(row.number, {
        id: Number(row.id),
        structureId: Number(row.structure_id),
        lineIds: [Number(row.line_id)],
      });
    }
  }
  assert.equal(conventions.size, 3);
  lecture = await persona('lecture');
  instructeur = await persona('instructeur', ['boulonnais']);
  budget = await persona('budget');
  direction = await persona('direction');
});
after(async () => api.close());

describe('les conventions par l’API', () => {
  test('lecture les lit, sans pouvoir ni signer ni payer ; un instructeur ne les lit pas', async () => {
    const { id } = convention('2023-0001');
    const list = await as<ConventionSummary[]>(lecture, 'GET', '/api/conventions');
    assertStatus(list, 200);
    const listed = list.body.find((row) => row.id === id);
    assert.equal(listed?.number, '2023-0001');
    assert.equal(listed?.state, 'draft');
    const read = await detail('2023-0001', lecture);
    assert.equal(read.number, '2023-0001');
    assert.equal(read.lines.length, convention('2023-0001').lineIds.length);

    const signature = {
      signedOn: '2023-03-15',
      version: read.version,
      fileName: 'convention.pdf',
      contentBase64: PDF.toString('base64'),
    };
    assertStatus(
      await as(lecture, 'POST', `/api/conventions/${id}/send-for-signature`, {
        on: '2023-03-01',
        version: read.version,
      }),
      403,
    );
    assertStatus(await as(lecture, 'POST', `/api/conventions/${id}/signature`, signature), 403);
    assertStatus(
      await as(lecture, 'POST', `/api/convention-lines/${firstLine('2023-0001')}/payments`, {
        part: 'advance',
        idempotencyKey: 'lecture-1',
      }),
      403,
    );
    assertStatus(await as(lecture, 'POST', '/api/payments/1/validate'), 403);
    assertStatus(await as(instructeur, 'GET', '/api/conventions'), 403);
    assertStatus(await as(instructeur, 'GET', `/api/conventions/${id}`), 403);
    // nothing was changed
    assert.equal((await detail('2023-0001')).state, 'draft');
  });

  test('budget envoie pour signature puis signe avec le PDF : sha-256 des octets, document rendu tel quel', async () => {
    const { id } = convention('2023-0001');
    const draft = await detail('2023-0001');
    const sent = await as<ConventionDetail>(budget, 'POST', `/api/conventions/${id}/send-for-signature`, {
      on: '2023-03-01',
      version: draft.version,
    });
    assertStatus(sent, 200);
    assert.equal(sent.body.state, 'sent_for_signature');
    changes.push({
      entity: 'convention',
      entityId: id,
      action: 'convention.send_for_signature',
      login: budget.login,
    });
    const body = {
      signedOn: '2023-03-15',
      version: sent.body.version,
      fileName: 'convention-2023-0001-signée.pdf',
      contentBase64: PDF.toString('base64'),
    };

    // A file that is no PDF
    const notPdf = await as<ErrorBody>(budget, 'POST', `/api/conventions/${id}/signature`, {
      ...body,
      contentBase64: Buffer.from('Bonjour, voici la convention.').toString('base64'),
    });
    assertStatus(notPdf, 422);
    assert.equal(notPdf.body.error, 'SIGNED_DOCUMENT_NOT_PDF');
    assert.equal(notPdf.body.fields?.[0]?.field, 'contentBase64');
    // The version read before the sending
    const stale = await as<ErrorBody>(budget, 'POST', `/api/conventions/${id}/signature`, {
      ...body,
      version: draft.version,
    });
    assertStatus(stale, 409);
    assert.equal(stale.body.error, 'CONFLICT');
    // An impossible date
    const badDate = await as(budget, 'POST', `/api/conventions/${id}/signature`, {
      ...body,
      signedOn: '2023-02-30',
    });
    const messages = assertValidation(badDate, ['signedOn']);
    assert.equal(messages.get('signedOn'), 'date de signature attendue au format AAAA-MM-JJ');
    assert.equal((await detail('2023-0001')).state, 'sent_for_signature');

    const signed = await as<ConventionDetail>(budget, 'POST', `/api/conventions/${id}/signature`, body);
    assertStatus(signed, 200);
    changes.push({ entity: 'convention', entityId: id, action: 'convention.sign', login: budget.login });
    assert.equal(signed.body.state, 'signed');
    assert.equal(signed.body.signedOn, '2023-03-15');
    assert.equal(signed.body.signedDocument?.sha256, SHA256);
    assert.equal(signed.body.signedDocument?.sizeBytes, PDF.length);
    assert.equal(signed.body.signedDocument?.fileName, 'convention-2023-0001-signée.pdf');
    assert.equal(signed.body.signedDocument?.uploadedBy, budget.login);

    const download = await as<string>(lecture, 'GET', `/api/conventions/${id}/signed-document`);
    assertStatus(download, 200);
    assert.equal(download.response.headers['content-type'], 'application/pdf');
    assert.match(String(download.response.headers['content-disposition']), /^attachment; filename=/);
    assert.ok(download.response.rawPayload.equals(PDF), 'les octets déposés');
    assert.equal(createHash('sha256').update(download.response.rawPayload).digest('hex'), SHA256);
  });

  test('une demande de versement est idempotente par clé : 201 puis 200, un seul versement', async () => {
    const line = firstLine('2023-0001');
    const payload = { part: 'advance', idempotencyKey: 'api-avance-2023-0001' };
    const first = await as<RequestPaymentResult>(
      budget,
      'POST',
      `/api/convention-lines/${line}/payments`,
      payload,
    );
    assertStatus(first, 201);
    assert.equal(first.body.created, true);
    changes.push({
      entity: 'payment',
      entityId: first.body.payment.id,
      action: 'payment.request',
      login: budget.login,
    });
    const again = await as<RequestPaymentResult>(
      budget,
      'POST',
      `/api/convention-lines/${line}/payments`,
      payload,
    );
    assertStatus(again, 200);
    assert.equal(again.body.created, false);
    assert.equal(again.body.payment.id, first.body.payment.id);
    const rows = await api.database.db.query('select id from payments where idempotency_key = $1', [
      payload.idempotencyKey,
    ]);
    assert.equal(rows.length, 1);
    // advancePercent 50 in the operations' convention terms
    const [amount] = await api.database.db.query<{ amount_cents: number }>(
      'select amount_cents from convention_lines where id = $1',
      [line],
    );
    assert.equal(first.body.payment.amountCents, Math.round(Number(amount?.amount_cents) / 2));
  });

  test('sans IBAN le versement est bloqué ; des coordonnées bancaires valides le débloquent', async () => {
    const { db } = api.database;
    const { structureId } = convention('2023-0001');
    const [before_] = await db.query<{ iban: string }>('select iban from structures where id = $1', [
      structureId,
    ]);
    assert.ok(before_?.iban);
    const iban = before_.iban;
    await db.query('update structures set iban = null where id = $1', [structureId]);

    const read = await detail('2023-0001');
    const payment = read.payments.find((candidate) => candidate.part === 'advance');
    assert.ok(payment);
    assert.equal(payment.state, 'requested');
    assert.deepEqual(
      payment.blockers.map((reason) => reason.code),
      ['IBAN_MISSING'],
    );
    assert.deepEqual(payment.actions, ['cancel']);
    assert.ok(read.structure.bankProblems.length > 0);
    const blocked = await as<ErrorBody>(budget, 'POST', `/api/payments/${payment.id}/validate`);
    assertStatus(blocked, 422);
    assert.equal(blocked.body.error, 'PAYMENT_BLOCKED');
    assert.deepEqual(
      ((blocked.body.details?.reasons ?? []) as { code: string }[]).map((reason) => reason.code),
      ['IBAN_MISSING'],
    );

    const structure = await as<Structure>(budget, 'GET', `/api/structures/${structureId}`);
    assertStatus(structure, 200);
    assert.equal(structure.body.iban, null);
    // One digit changed: the check digits no longer match.
    const wrong = `${iban.slice(0, -1)}${iban.endsWith('0') ? '1' : '0'}`;
    const invalid = await put<ErrorBody>(budget, `/api/structures/${structureId}/bank-details`, {
      iban: wrong,
      bic: structure.body.bic,
      version: structure.body.version,
    });
    const problems = assertValidation(invalid, ['iban']);
    assert.match(problems.get('iban') ?? '', /^L'IBAN .* est invalide \(clé/);
    const fixed = await put<Structure>(budget, `/api/structures/${structureId}/bank-details`, {
      iban,
      bic: structure.body.bic,
      version: structure.body.version,
    });
    assertStatus(fixed, 200);
    assert.equal(fixed.body.iban, iban);
    assert.equal(fixed.body.version, structure.body.version + 1);
    changes.push({ entity: 'structure', entityId: structureId, action: 'update', login: budget.login });

    const validated = await as<PaymentView>(budget, 'POST', `/api/payments/${payment.id}/validate`);
    assertStatus(validated, 200);
    assert.equal(validated.body.state, 'validated');
    assert.equal(validated.body.validatedOn, TODAY);
    changes.push({
      entity: 'payment',
      entityId: payment.id,
      action: 'payment.validate',
      login: budget.login,
    });
  });

  test('le fichier des versements validés pour le logiciel financier : CSV et XLSX', async () => {
    const read = await detail('2023-0001');
    const payment = read.payments.find((candidate) => candidate.state === 'validated');
    assert.ok(payment);
    const euros = `${Math.trunc(payment.amountCents / 100)}.${String(payment.amountCents % 100).padStart(2, '0')}`;

    const csv = await as<string>(lecture, 'GET', '/api/payments/export?state=validated&format=csv');
    assertStatus(csv, 200);
    assert.match(String(csv.response.headers['content-type']), /^text\/csv/);
    const [header, ...rows] = parseCsv(csv.response.body);
    assert.deepEqual(header, [
      'budget_line',
      'imputation',
      'structure',
      'siret',
      'iban',
      'bic',
      'amount',
      'object',
      'convention',
      'payment',
    ]);
    const row = rows.find((candidate) => candidate[9] === String(payment.id));
    assert.ok(row, 'le versement validé est dans le fichier');
    assert.equal(row[2], read.structure.name);
    assert.equal(row[3], read.structure.siret);
    assert.equal(row[4], read.structure.iban);
    assert.equal(row[5], read.structure.bic);
    assert.equal(row[6], euros);
    assert.match(row[6] ?? '', /^\d+\.\d{2}$/);
    assert.equal(row[7], `Avance — ${read.lines[0]?.label} — convention 2023-0001`);
    assert.equal(row[8], '2023-0001');

    const xlsx = await as<string>(lecture, 'GET', '/api/payments/export?state=validated&format=xlsx');
    assertStatus(xlsx, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Versements');
    assert.ok(sheet);
    assert.equal(sheet.getRow(1).getCell(5).value, 'IBAN');
    let found = false;
    sheet.eachRow((sheetRow) => {
      if (sheetRow.getCell(10).value !== payment.id) return;
      found = true;
      assert.equal(sheetRow.getCell(5).value, read.structure.iban);
      assert.equal(sheetRow.getCell(7).value, payment.amountCents / 100);
      assert.equal(sheetRow.getCell(9).value, '2023-0001');
    });
    assert.ok(found, 'le versement validé est dans le classeur');
  });

  test("le suivi financier de l'appel : voté = Σ des lignes ; son CSV", async () => {
    const ledger = await as<LedgerView>(lecture, 'GET', `/api/ledger?call=${CALL}&by=convention`);
    assertStatus(ledger, 200);
    const [voted] = await api.database.db.query<{ total: number }>(
      `select coalesce(sum(l.amount_cents), 0) as total
         from convention_lines l join applications a on a.id = l.application_id join calls k on k.id = a.call_id
        where k.code = $1`,
      [CALL],
    );
    assert.ok(ledger.body.rows.length > 0);
    assert.equal(
      ledger.body.rows.reduce((sum, row) => sum + row.votedCents, 0),
      Number(voted?.total),
    );
    assert.equal(ledger.body.total.votedCents, Number(voted?.total));
    const own = ledger.body.rows.find((row) => row.key === '2023-0001');
    assert.equal(own?.inFlightCents, (await detail('2023-0001')).ledger.inFlightCents);

    const csv = await as<string>(lecture, 'GET', `/api/ledger/export?call=${CALL}&format=csv`);
    assertStatus(csv, 200);
    assert.equal(csv.response.body.split('\r\n')[0], 'convention,structure,voted,paid,recovered,remaining');
    const [, ...rows] = parseCsv(csv.response.body);
    assert.equal(rows.length, ledger.body.rows.length);
  });

  test('un avenant : aperçu, proposition, refus tant qu’un autre est proposé, vote par la direction', async () => {
    const { db } = api.database;
    const number = '2023-0005';
    const { id } = convention(number);
    await signThroughApi(number, budget);
    const line = firstLine(number);
    const before_ = await detail(number);
    const amountBefore = before_.lines[0]?.amountCents ?? 0;
    const input = { effectiveFrom: '2023-07-01', changes: [{ conventionLineId: line, quantity: 10 }] };

    const preview = await as<AmendmentView>(
      budget,
      'POST',
      `/api/conventions/${id}/amendments/preview`,
      input,
    );
    assertStatus(preview, 200);
    // 8 → 10 postes from 1 July: 2 postes × 195 € × 6 months
    assert.equal(preview.body.deltaCents, 2 * 19_500 * 6);
    assert.equal(preview.body.lines[0]?.amountAfterCents, amountBefore + 2 * 19_500 * 6);
    assert.equal((await db.query('select id from amendments where convention_id = $1', [id])).length, 0);

    const proposed = await as<AmendmentView>(budget, 'POST', `/api/conventions/${id}/amendments`, input);
    assertStatus(proposed, 201);
    assert.equal(proposed.body.state, 'proposed');
    assert.equal(proposed.body.deltaCents, preview.body.deltaCents);
    changes.push({
      entity: 'amendment',
      entityId: proposed.body.id,
      action: 'amendment.propose',
      login: budget.login,
    });
    const charged = await db.query<{ amount_cents: number; status: string }>(
      'select amount_cents, status from budget_commitments where amendment_id = $1',
      [proposed.body.id],
    );
    assert.deepEqual(
      charged.map((row) => [Number(row.amount_cents), row.status]),
      [[preview.body.deltaCents, 'proposed']],
    );
    const twice = await as<ErrorBody>(budget, 'POST', `/api/conventions/${id}/amendments`, {
      effectiveFrom: '2023-09-01',
      changes: [{ conventionLineId: line, quantity: 12 }],
    });
    assertStatus(twice, 422);
    assert.equal(twice.body.error, 'AMENDMENT_ALREADY_PROPOSED');

    const vote = {
      votedOn: proposed.body.proposedOn,
      decisionRef: 'Délibération n°2023-999 de la Commission Permanente',
      version: proposed.body.version,
    };
    assertStatus(await as(budget, 'POST', `/api/amendments/${proposed.body.id}/vote`, vote), 403);
    const voted = await as<AmendmentView>(
      direction,
      'POST',
      `/api/amendments/${proposed.body.id}/vote`,
      vote,
    );
    assertStatus(voted, 200);
    assert.equal(voted.body.state, 'voted');
    changes.push({
      entity: 'amendment',
      entityId: proposed.body.id,
      action: 'amendment.vote',
      login: direction.login,
    });

    const after_ = await detail(number);
    const amended = after_.lines.find((candidate) => candidate.id === line);
    assert.equal(amended?.amountCents, amountBefore + 2 * 19_500 * 6);
    assert.deepEqual(
      amended?.segments.map((segment) => [segment.start, segment.end, segment.quantity]),
      [
        ['2023-01-01', '2023-06-30', 8],
        ['2023-07-01', '2023-12-31', 10],
      ],
    );
    assert.equal(after_.amendments[0]?.state, 'voted');
    assert.equal(after_.ledger.votedCents, amountBefore + 2 * 19_500 * 6);
  });

  test('une résiliation après une avance plus grande que la période exécutée : titre de recettes', async () => {
    const number = '2023-0037';
    const { id } = convention(number);
    await signThroughApi(number, budget);
    const line = firstLine(number);
    const advance = await payAdvance(line, budget, 'api-avance-2023-0037');
    const current = await detail(number);
    const terminated = await as<ConventionDetail>(budget, 'POST', `/api/conventions/${id}/termination`, {
      kind: 'at_structure_request',
      notificationReceivedOn: '2023-03-31',
      version: current.version,
    });
    assertStatus(terminated, 200);
    changes.push({ entity: 'convention', entityId: id, action: 'convention.terminate', login: budget.login });
    assert.equal(terminated.body.state, 'terminated');
    // one clear month after 31 March: in effect until 30 April
    assert.equal(terminated.body.termination?.effectiveOn, '2023-05-01');
    assert.equal(terminated.body.termination?.lastDayInForce, '2023-04-30');
    const terminatedLine = terminated.body.lines.find((candidate) => candidate.id === line);
    const cap = terminatedLine?.terminationCap?.amountCents;
    assert.ok(cap !== undefined && cap < advance.amountCents, 'la période exécutée vaut moins que l’avance');
    const orders = terminated.body.recoveryOrders.filter((order) => order.conventionLineId === line);
    assert.equal(orders.length, 1);
    const [order] = orders;
    assert.ok(order);
    assert.equal(order.reason, 'termination');
    assert.equal(order.state, 'issued');
    assert.equal(order.amountCents, advance.amountCents - cap);
    assert.equal(order.issuedBy, budget.login);
    changes.push({
      entity: 'recovery_order',
      entityId: order.id,
      action: 'recovery_order.issue',
      login: budget.login,
    });
    assert.equal(terminatedLine?.ledger.paidCents, advance.amountCents);
    assert.equal(terminatedLine?.ledger.recoveredCents, advance.amountCents - cap);
    assert.equal(terminatedLine?.ledger.toRecoverCents, 0);
    // the detail read again says the same
    assert.deepEqual((await detail(number, lecture)).recoveryOrders, terminated.body.recoveryOrders);
  });

  test("chaque changement est au journal d'audit avec l'identifiant de la personne", async () => {
    assert.ok(changes.length >= 15);
    const rows = await api.database.db.query<{
      entity: string;
      entity_id: string;
      action: string;
      actor_login: string;
    }>('select entity, entity_id, action, actor_login from audit_log order by id');
    for (const change of changes) {
      assert.ok(
        rows.some(
          (row) =>
            row.entity === change.entity &&
            row.entity_id === String(change.entityId) &&
            row.action === change.action &&
            row.actor_login === change.login,
        ),
        `au journal : ${JSON.stringify(change)}`,
      );
    }
    // and nobody else appears for what the personas did on these conventions
    const ids = [...conventions.values()].map((known) => String(known.id));
    const onConventions = rows.filter((row) => row.entity === 'convention' && ids.includes(row.entity_id));
    assert.deepEqual([...new Set(onConventions.map((row) => row.actor_login))].sort(), [budget.login]);
  });
});
