/**
 * Model-based test of the PERSISTED services of conventions and their money (fast-check
 * `fc.commands` + `fc.asyncModelRun`), on one seeded database opened once: the conventions of the
 * session of 12 June 2023 are numbered and their lines created as in payments.test.ts, then each run
 * takes two of four conventions (two lines at 160 € and 250 € per place; one line at 195 € per post
 * and month; a line per post with a cost-based line; a line per post with a flat amount per post),
 * puts them back in their just-numbered state with SQL, and plays a random sequence of:
 *
 *   sign       send for signature, then sign with a small PDF
 *   amend      preview, propose and vote an amendment (a quantity, or an amount with its
 *              justification), effective inside the period
 *   advance    request, validate, send and mark paid the advance (50 % of the amount in force)
 *   bilan      record the bilan of a line, then pay the balance the ledger says remains
 *   terminate  termination at the structure's request, notified inside the period
 *   collect    collect a recovery order
 *
 * Each command's `check()` says when it applies in the model; `run()` calls the services, and a
 * refusal (DomainError) must be one the model expected where the model can tell (state of the
 * convention, dates, what was already paid or settled, the budget line's AE), otherwise it is
 * accepted. After every command the invariants are read back from the database
 * (getConventionDetail and SQL, and getLedger at the end of each run): for every convention line
 * paid − recovered ≤ voted (its amount in force) and 0 ≤ recovered ≤ paid, nothing left to pay is
 * negative, the line's amount is the sum of its segments, and per budget line Σ of the live
 * budget commitments ≤ its AE; voted, paid and recovered are also the model's.
 *
 * 40 runs of at most 16 commands (those that apply: about 6 per run), some 25 s on PGlite and 20 s
 * on PostgreSQL; the 1 000 runs are met on the pure domain by
 * src/modules/payments/domain/ledger.model.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { systemActor } from '../../src/kernel/actor.ts';
import { addDays, type PlainDate } from '../../src/kernel/dates.ts';
import { DomainError } from '../../src/kernel/errors.ts';
import {
  type AmendmentView,
  type ConventionDetail,
  closeProposedAmendment,
  getConvention,
  previewAmendment,
  proposeAmendment,
  sendConventionForSignature,
  signConvention,
} from '../../src/modules/conventions/index.ts';
import {
  collectRecovery,
  getConventionDetail,
  getLedger,
  markPaymentPaid,
  recordBilan,
  requestPayment,
  sendPayment,
  terminateConventionWithRecovery,
  validatePayment,
  voteAmendmentWithRecovery,
} from '../../src/modules/payments/index.ts';
import type { Database } from '../../src/platform/database.ts';
import { completeConventionData, numberSessionConventions } from '../support/convention-data.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const RUNS = 40;
const MAX_COMMANDS = 16;

const ACTOR = systemActor('modele-des-conventions');
const CALL = 'DPID-2023-P2';
/** Every service that takes "today" is given this one; the others (signature, amendments) read the clock. */
const TODAY = '2024-06-30' as PlainDate;
const SENT_ON = '2023-03-01';
const SIGNED_ON = '2023-03-15';
const BILAN_ON = '2024-03-31';
const PERIOD_END = '2023-12-31';
const PDF = Buffer.from('%PDF-1.4\n% Convention signée (test)\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PDF_SHA256 = createHash('sha256').update(PDF).digest('hex');

/** The conventions a run may use, by number, with the rules of their lines (checked in `before`). */
const CANDIDATES: Record<string, readonly string[]> = {
  '2023-0001': ['per_place_per_year', 'per_place_per_year'],
  '2023-0005': ['per_post_per_month_capped'],
  '2023-0034': ['per_post_per_month_capped', 'cost_based'],
  '2023-0037': ['per_post_per_month_capped', 'flat_per_post_by_type'],
};

// ---------------------------------------------------------------------------------------------
// Facts read once, and the model
// ---------------------------------------------------------------------------------------------

interface LineFacts {
  id: number;
  budgetLineCode: string;
  ruleKind: string;
  /** Per place: the annual rate per place; per post: the monthly cap per post (cents). */
  rate: number | null;
  quantity: number | null;
  amount: number;
}

interface ConventionFacts {
  id: number;
  number: string;
  lines: LineFacts[];
}

interface ModelLine {
  facts: LineFacts;
  voted: number;
  quantity: number | null;
  /** Start of the last segment: an amendment may not take effect before it. */
  since: PlainDate;
  /** Month (1–12) and quantity of each segment, while all start on the first of a month. */
  segments: { month: number; quantity: number | null }[];
  /** No amount typed by an amendment and every segment starts on the first of a month. */
  aligned: boolean;
  paid: number;
  recovered: number;
  advanceRequested: boolean;
  balanceRequested: boolean;
  finalDue: number | null;
  cap: number | null;
}

interface ModelRecovery {
  id: number;
  issuedOn: string;
  state: 'issued' | 'collected';
}

interface ModelConvention {
  facts: ConventionFacts;
  state: 'draft' | 'signed' | 'terminated';
  lines: ModelLine[];
  recoveries: ModelRecovery[];
}

interface Model {
  conventions: ModelConvention[];
}

interface Real {
  db: Database;
}

function initialModel(conventions: readonly ConventionFacts[]): Model {
  return {
    conventions: conventions.map((facts) => ({
      facts,
      state: 'draft',
      recoveries: [],
      lines: facts.lines.map((line) => ({
        facts: line,
        voted: line.amount,
        quantity: line.quantity,
        since: '2023-01-01' as PlainDate,
        segments: [{ month: 1, quantity: line.quantity }],
        aligned: true,
        paid: 0,
        recovered: 0,
        advanceRequested: false,
        balanceRequested: false,
        finalDue: null,
        cap: null,
      })),
    })),
  };
}

function pick<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  assert.ok(item !== undefined);
  return item;
}

const netPaid = (line: ModelLine): number => line.paid - line.recovered;
const dueOf = (line: ModelLine): number =>
  Math.min(line.voted, line.cap ?? Number.POSITIVE_INFINITY, line.finalDue ?? Number.POSITIVE_INFINITY);
/** x / 100 rounded half away from zero, for x ≥ 0. */
const hundredth = (x: number): number => Math.floor((x + 50) / 100);
const isProrated = (line: ModelLine): boolean =>
  line.facts.ruleKind === 'per_place_per_year' || line.facts.ruleKind === 'per_post_per_month_capped';

/** What the per-place rule gives from the first of `month` to the end of 2023 (whole months). */
function tailPerPlace(annual: number, month: number): number {
  return annual - Math.round((annual * (month - 1)) / 12);
}

/** "Un mois franc", computed with JavaScript dates: the same day of the next month (or its last), plus one day. */
function clearMonth(received: string): string {
  const [year, month, day] = received.split('-').map(Number) as [number, number, number];
  const lastOfNext = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const fallsDue = Date.UTC(year, month, Math.min(day, lastOfNext));
  return new Date(fallsDue + 86_400_000).toISOString().slice(0, 10);
}

function isLastDayOfMonth(date: string): boolean {
  return addDays(date as PlainDate, 1).endsWith('-01');
}

// ---------------------------------------------------------------------------------------------
// Outcomes
// ---------------------------------------------------------------------------------------------

type Outcome<T> = { ok: true; value: T } | { ok: false; error: DomainError };

async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error };
    throw error;
  }
}

/**
 * What the model expects: done (a refusal with one of `undetermined` is accepted: the model cannot
 * tell), or refused with one of `codes`. `'*'` accepts any refusal.
 */
type Expectation =
  | { done: true; undetermined: readonly string[] }
  | { done: false; codes: readonly string[] };

const done = (...undetermined: string[]): Expectation => ({ done: true, undetermined });
const refused = (...codes: string[]): Expectation => ({ done: false, codes });

/** How often each step ended each way ("amend → BUDGET_EXCEEDED"), over all runs. */
const seen = new Map<string, number>();

function assertOutcome<T>(
  outcome: Outcome<T>,
  expected: Expectation,
  step: string,
  what: string,
): outcome is { ok: true; value: T } {
  const key = `${step} → ${outcome.ok ? 'done' : outcome.error.code}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
  if (outcome.ok) {
    assert.ok(
      expected.done,
      `${what} : fait, alors que le modèle attendait un refus ${JSON.stringify(expected)}`,
    );
    return true;
  }
  const { code, message } = outcome.error;
  const accepted = expected.done ? expected.undetermined : expected.codes;
  assert.ok(
    accepted.includes('*') || accepted.includes(code),
    `${what} : refusé ${code} (${message}), alors que le modèle attendait ${JSON.stringify(expected)}`,
  );
  return false;
}

function reasonCodes(error: DomainError): string[] {
  const reasons = (error.details?.reasons ?? []) as { code: string }[];
  return reasons.map((reason) => reason.code).sort();
}

// ---------------------------------------------------------------------------------------------
// Reading back and the invariants
// ---------------------------------------------------------------------------------------------

function detailLine(detail: ConventionDetail, lineId: number) {
  const line = detail.lines.find((candidate) => candidate.id === lineId);
  assert.ok(line, `ligne ${lineId} dans la convention ${detail.number}`);
  return line;
}

/** The recovery orders of the convention the model does not know yet. */
function newRecoveries(detail: ConventionDetail, convention: ModelConvention) {
  return detail.recoveryOrders.filter(
    (order) => !convention.recoveries.some((known) => known.id === order.id),
  );
}

/**
 * After a change that may leave a line paid beyond what is due (termination, bilan, amendment), the
 * service must have issued one recovery order of `reason` for exactly the excess; the model records it.
 */
function expectRecoveries(
  detail: ConventionDetail,
  convention: ModelConvention,
  excess: Map<number, number>,
  reasons: readonly string[],
  what: string,
): void {
  const fresh = newRecoveries(detail, convention);
  for (const line of convention.lines) {
    const amount = excess.get(line.facts.id) ?? 0;
    const issued = fresh.filter((order) => order.conventionLineId === line.facts.id);
    if (amount <= 0) {
      assert.deepEqual(issued, [], `${what} : aucun titre attendu sur la ligne ${line.facts.id}`);
      continue;
    }
    assert.equal(issued.length, 1, `${what} : un titre de ${amount} attendu sur la ligne ${line.facts.id}`);
    const [order] = issued;
    assert.ok(order);
    assert.ok(reasons.includes(order.reason), `${what} : motif ${order.reason}`);
    assert.equal(order.amountCents, amount, `${what} : montant du titre de la ligne ${line.facts.id}`);
    assert.equal(order.state, 'issued');
    line.recovered += amount;
    convention.recoveries.push({ id: order.id, issuedOn: order.issuedOn, state: 'issued' });
  }
}

async function liveCommitments(db: Database, budgetLineCode: string): Promise<{ live: number; ae: number }> {
  const [row] = await db.query<{ live: number; ae: number }>(
    `select b.ae_cents as ae,
            (select coalesce(sum(c.amount_cents), 0) from budget_commitments c
              where c.budget_line_id = b.id and c.status <> 'cancelled') as live
       from budget_lines b where b.code = $1`,
    [budgetLineCode],
  );
  assert.ok(row);
  return { live: Number(row.live), ae: Number(row.ae) };
}

/** The invariants, straight from the tables (without the services' ledger). */
async function checkStoredInvariants(model: Model, real: Real): Promise<void> {
  const { db } = real;
  const ids = model.conventions.map((convention) => convention.facts.id);
  const rows = await db.query<{
    id: number;
    amount_cents: number;
    segments_total: number;
    paid: number;
    recovered: number;
  }>(
    `select l.id, l.amount_cents,
            (select coalesce(sum((s.value ->> 'amount')::bigint), 0) from jsonb_array_elements(l.segments) s)
              as segments_total,
            (select coalesce(sum(p.amount_cents), 0) from payments p
              where p.convention_line_id = l.id and p.state = 'paid') as paid,
            (select coalesce(sum(r.amount_cents), 0) from recovery_orders r
              where r.convention_line_id = l.id and r.state <> 'cancelled') as recovered
       from convention_lines l where l.convention_id = any($1::bigint[]) order by l.id`,
    [ids],
  );
  for (const row of rows) {
    const [amount, paid, recovered] = [Number(row.amount_cents), Number(row.paid), Number(row.recovered)];
    assert.equal(Number(row.segments_total), amount, `ligne ${row.id} : montant = Σ des segments`);
    assert.ok(
      paid - recovered <= amount,
      `ligne ${row.id} : payé − recouvré ≤ voté (payé ${paid}, recouvré ${recovered}, voté ${amount})`,
    );
    assert.ok(recovered >= 0 && recovered <= paid, `ligne ${row.id} : 0 ≤ recouvré ≤ payé`);
  }
  const budget = await db.query<{ code: string; ae: number; live: number }>(
    `select b.code, b.ae_cents as ae, coalesce(sum(c.amount_cents) filter (where c.status <> 'cancelled'), 0) as live
       from budget_lines b left join budget_commitments c on c.budget_line_id = b.id
      group by b.code, b.ae_cents order by b.code`,
  );
  for (const line of budget) {
    assert.ok(
      Number(line.live) <= Number(line.ae),
      `ligne budgétaire ${line.code} : Σ engagements vivants ${line.live} ≤ AE ${line.ae}`,
    );
  }
}

/** The invariants from the tables, then through the services, then the model's figures. */
async function checkInvariants(model: Model, real: Real): Promise<void> {
  await checkStoredInvariants(model, real);
  const { db } = real;
  for (const convention of model.conventions) {
    const detail = await getConventionDetail(db, convention.facts.id, { today: TODAY });
    assert.equal(detail.state, convention.state, `état de la convention ${detail.number}`);
    for (const line of convention.lines) {
      const read = detailLine(detail, line.facts.id);
      const ledger = read.ledger;
      assert.ok(
        ledger.paidCents - ledger.recoveredCents <= ledger.votedCents,
        `ligne ${line.facts.id} : payé − recouvré ≤ voté (${JSON.stringify(ledger)})`,
      );
      assert.ok(ledger.recoveredCents >= 0 && ledger.recoveredCents <= ledger.paidCents, 'recouvré ≤ payé');
      assert.ok(ledger.remainingCents >= 0 && ledger.toRecoverCents >= 0, 'rien de négatif');
      assert.equal(ledger.inFlightCents, 0, 'chaque versement finit payé');
      assert.equal(
        read.segments.reduce((sum, segment) => sum + segment.amountCents, 0),
        read.amountCents,
        'montant en vigueur = Σ des segments',
      );
      assert.equal(read.amountCents, line.voted, `ligne ${line.facts.id} : montant en vigueur`);
      assert.equal(ledger.votedCents, line.voted, `ligne ${line.facts.id} : voté`);
      assert.equal(ledger.paidCents, line.paid, `ligne ${line.facts.id} : payé`);
      assert.equal(ledger.recoveredCents, line.recovered, `ligne ${line.facts.id} : recouvré`);
      assert.equal(read.bilan?.finalDueCents ?? null, line.finalDue, `ligne ${line.facts.id} : solde arrêté`);
    }
    assert.deepEqual(
      detail.recoveryOrders.map((order) => [order.id, order.state]).sort(),
      convention.recoveries.map((order) => [order.id, order.state]).sort(),
      `titres de la convention ${detail.number}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

type Command = fc.AsyncCommand<Model, Real>;

const drafts = (model: Readonly<Model>) => model.conventions.filter((c) => c.state === 'draft');
/** Signed or terminated: what every command but the signature works on. */
const signedOnes = (model: Readonly<Model>) => model.conventions.filter((c) => c.state !== 'draft');
const withRecoveries = (model: Readonly<Model>) => model.conventions.filter((c) => c.recoveries.length > 0);

/** A command on one of the conventions it applies to, chosen by its index; named once run. */
abstract class OnConvention {
  readonly index: number;
  number = '?';
  constructor(index: number) {
    this.index = index;
  }
  protected target(conventions: ModelConvention[]): ModelConvention {
    const convention = pick(conventions, this.index);
    this.number = convention.facts.number;
    return convention;
  }
}

let keys = 0;
const nextKey = (prefix: string): string => {
  keys += 1;
  return `modele-${prefix}-${process.pid}-${keys}`;
};

/** Requests a payment of the line, then validates, sends and records it paid. */
async function payThrough(db: Database, lineId: number, part: 'advance' | 'balance', amount?: number) {
  const requested = await requestPayment(
    db,
    ACTOR,
    {
      conventionLineId: lineId,
      part,
      ...(amount === undefined ? {} : { amountCents: amount }),
      idempotencyKey: nextKey(part),
    },
    { today: TODAY },
  );
  assert.equal(requested.created, true);
  assert.deepEqual(requested.payment.blockers, [], `${part} : rien ne bloque`);
  const id = requested.payment.id;
  assert.equal((await validatePayment(db, ACTOR, id, { today: TODAY })).state, 'validated');
  assert.equal((await sendPayment(db, ACTOR, id, { today: TODAY })).state, 'sent');
  const paid = await markPaymentPaid(
    db,
    ACTOR,
    id,
    { paidOn: TODAY, financeReference: `MANDAT-${id}` },
    { today: TODAY },
  );
  assert.equal(paid.state, 'paid');
  return paid;
}

class SignCommand extends OnConvention implements Command {
  check = (model: Readonly<Model>): boolean => drafts(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const convention = this.target(drafts(model));
    const { id } = convention.facts;
    const expected = done();
    const outcome = await attempt(async () => {
      const current = await getConvention(real.db, id);
      const sent = await sendConventionForSignature(real.db, ACTOR, id, {
        on: SENT_ON,
        version: current.version,
      });
      return signConvention(real.db, ACTOR, id, {
        signedOn: SIGNED_ON,
        version: sent.version,
        fileName: `convention-${convention.facts.number}.pdf`,
        content: PDF,
      });
    });
    if (assertOutcome(outcome, expected, 'sign', this.toString())) {
      assert.equal(outcome.value.state, 'signed');
      assert.equal(outcome.value.signedOn, SIGNED_ON);
      assert.equal(outcome.value.signedDocumentSha256, PDF_SHA256);
      const files = await real.db.query<{ sha256: string }>(
        'select sha256 from convention_files where convention_id = $1',
        [id],
      );
      assert.deepEqual(
        files.map((file) => file.sha256),
        [PDF_SHA256],
      );
      convention.state = 'signed';
    }
    await checkInvariants(model, real);
  }
  override toString = (): string => `sign(${this.number})`;
}

/**
 * A new quantity, or a new amount: a share of the amount in force (‰, so that reductions below the
 * advance already paid come often) or a number of cents (large ones exceed the budget line's AE).
 */
type Change =
  | { kind: 'quantity'; quantity: number }
  | { kind: 'amount'; permille: number }
  | { kind: 'amount'; cents: number };

function typedAmount(change: Change & { kind: 'amount' }, voted: number): number {
  return 'cents' in change ? change.cents : Math.round((voted * change.permille) / 1000);
}

class AmendCommand extends OnConvention implements Command {
  readonly line: number;
  readonly change: Change;
  readonly month: number;
  readonly day: number;
  typed: number | null = null;
  constructor(index: number, line: number, change: Change, month: number, day: number) {
    super(index);
    this.line = line;
    this.change = change;
    this.month = month;
    this.day = change.kind === 'quantity' ? 1 : day;
  }
  check = (model: Readonly<Model>): boolean => signedOnes(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const { db } = real;
    const convention = this.target(signedOnes(model));
    const line = pick(convention.lines, this.line);
    const { facts } = line;
    const effectiveFrom = `2023-${String(this.month).padStart(2, '0')}-${String(this.day).padStart(2, '0')}`;
    const typed = this.change.kind === 'amount' ? typedAmount(this.change, line.voted) : null;
    this.typed = typed;
    const input = {
      effectiveFrom,
      changes: [
        this.change.kind === 'quantity'
          ? { conventionLineId: facts.id, quantity: this.change.quantity }
          : {
              conventionLineId: facts.id,
              amountCents: typed ?? 0,
              justification: "Montant arrêté à l'instruction de l'avenant",
            },
      ],
    };

    // The engine's computation, nothing stored.
    let expected: Expectation;
    if (convention.state !== 'signed') expected = refused('CONVENTION_NOT_AMENDABLE');
    else if (effectiveFrom < line.since) expected = refused('AMENDMENT_BEFORE_PREVIOUS');
    else if (this.change.kind === 'quantity' && this.change.quantity === line.quantity)
      expected = refused('AMENDMENT_WITHOUT_CHANGE');
    else if (typed === line.voted) expected = refused('AMENDMENT_WITHOUT_CHANGE');
    else if (
      this.change.kind === 'quantity' &&
      (facts.ruleKind === 'cost_based' || facts.ruleKind === 'fixed_on_review')
    )
      expected = refused('AMENDMENT_AMOUNT_REQUIRED');
    else if (this.change.kind === 'amount' || !line.aligned) {
      // The part after the effective date of a prorated line could come out negative.
      expected = done('AMENDMENT_NEGATIVE_AMOUNT');
    } else expected = done();
    const amendmentsBefore = await db.query('select id from amendments where convention_id = $1', [
      convention.facts.id,
    ]);
    const preview = await attempt(() => previewAmendment(db, convention.facts.id, input));
    assert.equal(
      (await db.query('select id from amendments where convention_id = $1', [convention.facts.id])).length,
      amendmentsBefore.length,
      'un aperçu ne stocke rien',
    );
    if (!assertOutcome(preview, expected, 'amend (aperçu)', `${this.toString()} (aperçu)`)) {
      await checkInvariants(model, real);
      return;
    }
    const [previewed] = preview.value.lines;
    assert.ok(previewed);
    assert.equal(previewed.amountBeforeCents, line.voted, 'montant avant avenant');
    const delta = previewed.deltaCents;
    assert.equal(previewed.amountAfterCents, line.voted + delta);
    const quantity = this.change.kind === 'quantity' ? this.change.quantity : null;
    if (typed !== null) assert.equal(previewed.amountAfterCents, typed);
    else if (facts.ruleKind === 'per_post_per_month_capped' && quantity !== null && line.quantity !== null) {
      // A monthly cap per post: whole months, no rounding.
      assert.equal(delta, (facts.rate ?? 0) * (quantity - line.quantity) * (13 - this.month));
    } else if (
      facts.ruleKind === 'per_place_per_year' &&
      quantity !== null &&
      line.quantity !== null &&
      line.aligned
    ) {
      const rate = facts.rate ?? 0;
      assert.equal(
        delta,
        tailPerPlace(rate * quantity, this.month) - tailPerPlace(rate * line.quantity, this.month),
        'écart au prorata (mois entiers)',
      );
    }

    // Proposed (a positive delta is charged under the budget guard), then voted.
    const budget = await liveCommitments(db, facts.budgetLineCode);
    const voted = line.voted + delta;
    const excess = netPaid(line) - Math.min(voted, line.cap ?? Infinity, line.finalDue ?? Infinity);
    // Below what was paid: the service recovers the excess with the vote (or refuses the amendment).
    const proposing =
      delta > 0 && budget.live + delta > budget.ae
        ? refused('BUDGET_EXCEEDED')
        : excess > 0
          ? done('*')
          : done();
    const proposal = await attempt(() => proposeAmendment(db, ACTOR, convention.facts.id, input));
    let outcome: Outcome<AmendmentView> = proposal;
    if (proposal.ok) {
      const proposed = proposal.value;
      assert.equal(proposed.state, 'proposed');
      assert.equal(proposed.deltaCents, delta, "la proposition est l'aperçu");
      outcome = await attempt(() =>
        voteAmendmentWithRecovery(db, ACTOR, proposed.id, {
          votedOn: proposed.proposedOn,
          decisionRef: `Délibération de test n°${proposed.id}`,
          version: proposed.version,
        }),
      );
      if (!outcome.ok) {
        // Not voted: withdrawn, so that the next amendment may be proposed.
        await closeProposedAmendment(db, ACTOR, proposed.id, {
          to: 'withdrawn',
          on: proposed.proposedOn,
          decisionRef: 'Retiré après le refus du vote',
          version: proposed.version,
        });
      }
    }
    if (assertOutcome(outcome, proposing, 'amend', this.toString())) {
      const amendment = outcome.value;
      assert.equal(amendment.state, 'voted');
      const commitments = await db.query<{ amount_cents: number; status: string }>(
        "select amount_cents, status from budget_commitments where amendment_id = $1 and status <> 'cancelled'",
        [amendment.id],
      );
      assert.deepEqual(
        commitments.map((row) => [Number(row.amount_cents), row.status]),
        delta === 0 ? [] : [[delta, 'committed']],
        "l'écart de l'avenant est engagé sur la ligne budgétaire",
      );
      line.voted = voted;
      if (this.change.kind === 'quantity') line.quantity = this.change.quantity;
      if (this.change.kind === 'amount' || this.day !== 1) line.aligned = false;
      if (isProrated(line)) {
        line.since = effectiveFrom as PlainDate;
        const last = line.segments[line.segments.length - 1];
        if (last && last.month === this.month) last.quantity = line.quantity;
        else line.segments.push({ month: this.month, quantity: line.quantity });
      } else line.segments = [{ month: 1, quantity: line.quantity }];
      await checkStoredInvariants(model, real);
      const detail = await getConventionDetail(db, convention.facts.id, { today: TODAY });
      expectRecoveries(detail, convention, new Map([[facts.id, excess]]), ['amendment'], this.toString());
    }
    await checkInvariants(model, real);
  }
  override toString = (): string =>
    `amend(${this.number}, ligne ${this.line}, ${
      this.change.kind === 'quantity'
        ? `quantité ${this.change.quantity}`
        : `montant ${this.typed ?? '?'}${'permille' in this.change ? ` (${this.change.permille} ‰)` : ''}`
    }, le 2023-${this.month}-${this.day})`;
}

class AdvanceCommand extends OnConvention implements Command {
  readonly line: number;
  constructor(index: number, line: number) {
    super(index);
    this.line = line;
  }
  check = (model: Readonly<Model>): boolean => signedOnes(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const convention = this.target(signedOnes(model));
    const line = pick(convention.lines, this.line);
    // advancePercent 50 in the operations' convention terms, rounded half away from zero
    const amount = hundredth(line.voted * 50);
    let expected: Expectation;
    let reasons: string[] = [];
    if (line.advanceRequested) expected = refused('PAYMENT_PART_ALREADY_REQUESTED');
    else {
      if (convention.state === 'draft') reasons.push('CONVENTION_NOT_SIGNED');
      if (convention.state === 'terminated') reasons.push('CONVENTION_TERMINATED');
      if (line.finalDue !== null) reasons.push('BALANCE_SETTLED');
      if (amount <= 0) reasons.push('AMOUNT_NOT_POSITIVE');
      else if (amount > dueOf(line) - netPaid(line)) reasons.push('AMOUNT_EXCEEDS_REMAINING');
      reasons = reasons.sort();
      expected = reasons.length > 0 ? refused('PAYMENT_REFUSED') : done();
    }
    const outcome = await attempt(() => payThrough(real.db, line.facts.id, 'advance'));
    if (assertOutcome(outcome, expected, 'advance', this.toString())) {
      assert.equal(outcome.value.amountCents, amount, "montant de l'avance");
      line.paid += amount;
      line.advanceRequested = true;
    } else if (outcome.error.code === 'PAYMENT_REFUSED') {
      assert.deepEqual(reasonCodes(outcome.error), reasons, `${this.toString()} : motifs du refus`);
    }
    await checkInvariants(model, real);
  }
  override toString = (): string => `advance(${this.number}, ligne ${this.line})`;
}

class BilanCommand extends OnConvention implements Command {
  readonly line: number;
  readonly achieved: number;
  constructor(index: number, line: number, achieved: number) {
    super(index);
    this.line = line;
    this.achieved = achieved;
  }
  check = (model: Readonly<Model>): boolean => signedOnes(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const { db } = real;
    const convention = this.target(signedOnes(model));
    const line = pick(convention.lines, this.line);
    const expected =
      convention.state === 'draft'
        ? refused('CONVENTION_NOT_SIGNED')
        : line.finalDue !== null
          ? refused('BALANCE_ALREADY_SETTLED')
          : done();
    const outcome = await attempt(() =>
      recordBilan(
        db,
        ACTOR,
        line.facts.id,
        { receivedOn: BILAN_ON, achieved: this.achieved, target: 100 },
        { today: TODAY },
      ),
    );
    if (assertOutcome(outcome, expected, 'bilan', this.toString())) {
      const maximum = Math.min(line.voted, line.cap ?? Number.POSITIVE_INFINITY);
      const finalDue = Math.min(maximum, hundredth(maximum * this.achieved));
      const read = detailLine(outcome.value, line.facts.id);
      assert.equal(read.bilan?.finalDueCents, finalDue, 'dû après le bilan');
      line.finalDue = finalDue;
      expectRecoveries(
        outcome.value,
        convention,
        new Map([[line.facts.id, netPaid(line) - finalDue]]),
        ['balance'],
        this.toString(),
      );
      const remaining = Math.max(0, finalDue - netPaid(line));
      assert.equal(read.ledger.remainingCents, remaining, 'reste à verser après le bilan');
      if (remaining > 0) {
        const balance = await attempt(() => payThrough(db, line.facts.id, 'balance', remaining));
        const expectedBalance = line.balanceRequested ? refused('PAYMENT_PART_ALREADY_REQUESTED') : done();
        if (assertOutcome(balance, expectedBalance, 'balance', `${this.toString()} (solde)`)) {
          assert.equal(balance.value.amountCents, remaining);
          line.paid += remaining;
          line.balanceRequested = true;
        }
      }
    }
    await checkInvariants(model, real);
  }
  override toString = (): string => `bilan(${this.number}, ligne ${this.line}, ${this.achieved} %)`;
}

class TerminateCommand extends OnConvention implements Command {
  readonly receivedOn: string;
  constructor(index: number, receivedOn: string) {
    super(index);
    this.receivedOn = receivedOn;
  }
  check = (model: Readonly<Model>): boolean => signedOnes(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const { db } = real;
    const convention = this.target(signedOnes(model));
    const effectiveOn = clearMonth(this.receivedOn);
    const expected =
      convention.state !== 'signed'
        ? refused('CONVENTION_TRANSITION_NOT_ALLOWED')
        : this.receivedOn < SIGNED_ON
          ? refused('TERMINATION_BEFORE_SIGNATURE')
          : effectiveOn > PERIOD_END
            ? refused('TERMINATION_AFTER_END')
            : done();
    const outcome = await attempt(async () => {
      const current = await getConvention(db, convention.facts.id);
      return terminateConventionWithRecovery(
        db,
        ACTOR,
        convention.facts.id,
        { kind: 'at_structure_request', notificationReceivedOn: this.receivedOn, version: current.version },
        { today: TODAY },
      );
    });
    if (assertOutcome(outcome, expected, 'terminate', this.toString())) {
      const detail = outcome.value;
      assert.equal(detail.state, 'terminated');
      assert.equal(detail.termination?.effectiveOn, effectiveOn, 'effet un mois franc après réception');
      const lastDay = addDays(effectiveOn as PlainDate, -1);
      assert.equal(detail.termination?.lastDayInForce, lastDay);
      const excess = new Map<number, number>();
      for (const line of convention.lines) {
        const cap = detailLine(detail, line.facts.id).terminationCap?.amountCents;
        assert.ok(cap !== undefined && cap >= 0 && cap <= line.voted, `plafond de la ligne ${line.facts.id}`);
        if (
          line.facts.ruleKind === 'per_post_per_month_capped' &&
          line.aligned &&
          isLastDayOfMonth(lastDay)
        ) {
          // Whole months at the monthly cap per post, segment by segment.
          const lastMonth = Number(lastDay.slice(5, 7));
          const expectedCap = line.segments.reduce((sum, segment, index) => {
            const end = Math.min(lastMonth, (line.segments[index + 1]?.month ?? 13) - 1);
            const months = Math.max(0, end - segment.month + 1);
            return sum + (line.facts.rate ?? 0) * (segment.quantity ?? 0) * months;
          }, 0);
          assert.equal(cap, expectedCap, `période exécutée de la ligne ${line.facts.id}`);
        }
        line.cap = cap;
        excess.set(line.facts.id, netPaid(line) - dueOf(line));
      }
      convention.state = 'terminated';
      expectRecoveries(detail, convention, excess, ['termination'], this.toString());
    }
    await checkInvariants(model, real);
  }
  override toString = (): string => `terminate(${this.number}, notifiée le ${this.receivedOn})`;
}

class CollectCommand extends OnConvention implements Command {
  readonly order: number;
  constructor(index: number, order: number) {
    super(index);
    this.order = order;
  }
  check = (model: Readonly<Model>): boolean => withRecoveries(model).length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const convention = this.target(withRecoveries(model));
    const order = pick(convention.recoveries, this.order);
    const expected = order.state === 'issued' ? done() : refused('RECOVERY_TRANSITION_NOT_ALLOWED');
    // Collected on TODAY, or on the day it was issued if later (a titre issued with a vote, on the clock).
    const on = ([TODAY, order.issuedOn].sort().at(-1) ?? TODAY) as PlainDate;
    const outcome = await attempt(() => collectRecovery(real.db, ACTOR, order.id, { on }, { today: on }));
    if (assertOutcome(outcome, expected, 'collect', this.toString())) {
      assert.equal(outcome.value.state, 'collected');
      assert.equal(outcome.value.collectedOn, on);
      order.state = 'collected';
    }
    await checkInvariants(model, real);
  }
  override toString = (): string => `collect(${this.number}, titre ${this.order})`;
}

const conventionIndex = fc.nat({ max: 1 });
const lineIndex = fc.nat({ max: 1 });
const notificationDate = fc.oneof(
  fc.integer({ min: 0, max: 364 }).map((day) => addDays('2023-01-01' as PlainDate, day) as string),
  // Received on a 31st: the termination takes effect on the first of a month.
  fc.constantFrom('2023-01-31', '2023-03-31', '2023-05-31', '2023-07-31', '2023-08-31', '2023-10-31'),
);
const change: fc.Arbitrary<Change> = fc.oneof(
  fc
    .oneof(
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 120 }),
      fc.integer({ min: 0, max: 2_000 }),
    )
    .map((quantity) => ({ kind: 'quantity' as const, quantity })),
  fc.integer({ min: 0, max: 1_500 }).map((permille) => ({ kind: 'amount' as const, permille })),
  fc.integer({ min: 0, max: 400_000_000 }).map((cents) => ({ kind: 'amount' as const, cents })),
);

const sign = conventionIndex.map((i) => new SignCommand(i));
const amend = fc
  .tuple(conventionIndex, lineIndex, change, fc.integer({ min: 1, max: 12 }), fc.constantFrom(1, 15))
  .map(([i, l, c, month, day]) => new AmendCommand(i, l, c, month, day));
const advance = fc.tuple(conventionIndex, lineIndex).map(([i, l]) => new AdvanceCommand(i, l));
const bilan = fc
  .tuple(conventionIndex, lineIndex, fc.integer({ min: 0, max: 130 }))
  .map(([i, l, achieved]) => new BilanCommand(i, l, achieved));
const terminate = fc
  .tuple(conventionIndex, notificationDate)
  .map(([i, date]) => new TerminateCommand(i, date));
const collect = fc.tuple(conventionIndex, fc.nat({ max: 3 })).map(([i, k]) => new CollectCommand(i, k));

/** Repeated arbitraries weigh more: signatures early, amendments and advances often. */
const commandsArb = fc.commands(
  [sign, sign, sign, amend, amend, amend, advance, advance, bilan, terminate, collect, collect],
  { maxCommands: MAX_COMMANDS, size: 'max' },
);

// ---------------------------------------------------------------------------------------------
// The database, opened once; each run puts its conventions back as just numbered
// ---------------------------------------------------------------------------------------------

async function resetConventions(db: Database, ids: readonly number[]): Promise<void> {
  await db.transaction(async (tx) => {
    const lines = '(select id from convention_lines where convention_id = any($1::bigint[]))';
    await tx.query(`delete from payments where convention_line_id in ${lines}`, [ids]);
    await tx.query(`delete from recovery_orders where convention_line_id in ${lines}`, [ids]);
    await tx.query(
      `delete from budget_commitments where amendment_id in
         (select id from amendments where convention_id = any($1::bigint[]))`,
      [ids],
    );
    await tx.query('delete from amendments where convention_id = any($1::bigint[])', [ids]);
    await tx.query('delete from convention_files where convention_id = any($1::bigint[])', [ids]);
    await tx.query(
      `update convention_lines l
          set segments = jsonb_build_array(jsonb_build_object(
                'start', a.period_start, 'end', a.period_end, 'quantity', a.quantity, 'amount', a.retained_cents)),
              amount_cents = a.retained_cents, bilan = null
         from applications a
        where a.id = l.application_id and l.convention_id = any($1::bigint[])`,
      [ids],
    );
    await tx.query(
      `update conventions set state = 'draft', sent_for_signature_on = null, signed_on = null,
              signed_document_sha256 = null, in_force_from = null, closed_on = null, termination = null
        where id = any($1::bigint[])`,
      [ids],
    );
  });
}

describe('conventions et versements persistés, contre un modèle', () => {
  let database: TestDatabase;
  let candidates: ConventionFacts[];

  before(async () => {
    database = await openTestDatabase({ seed: true });
    const { db } = database;
    await completeConventionData(db);
    await numberSessionConventions(db);
    const rows = await db.query<{
      convention_id: number;
      number: string;
      line_id: number;
      code: string;
      kind: string;
      params: { annualRatePerPlace?: number; monthlyCapPerPost?: number };
      quantity: number | null;
      amount_cents: number;
      period_start: string;
      period_end: string;
    }>(
      `select c.id as convention_id, c.number, l.id as line_id, b.code, r.kind, r.params, a.quantity,
              l.amount_cents, a.period_start::text as period_start, a.period_end::text as period_end
         from conventions c
         join convention_lines l on l.convention_id = c.id
         join applications a on a.id = l.application_id
         join budget_lines b on b.id = l.budget_line_id
         join funding_rules r on r.operation_id = l.operation_id
        where c.number = any($1::text[])
        order by c.id, l.id`,
      [Object.keys(CANDIDATES)],
    );
    candidates = Object.entries(CANDIDATES).map(([number, kinds]) => {
      const own = rows.filter((row) => row.number === number);
      assert.deepEqual(
        own.map((row) => row.kind),
        kinds,
        `les lignes de la convention ${number}`,
      );
      for (const row of own) {
        assert.equal(row.period_start, '2023-01-01');
        assert.equal(row.period_end, PERIOD_END);
      }
      return {
        id: Number(own[0]?.convention_id),
        number,
        lines: own.map((row) => ({
          id: Number(row.line_id),
          budgetLineCode: row.code,
          ruleKind: row.kind,
          rate: row.params.annualRatePerPlace ?? row.params.monthlyCapPerPost ?? null,
          quantity: row.quantity === null ? null : Number(row.quantity),
          amount: Number(row.amount_cents),
        })),
      };
    });
  });
  after(async () => database.close());

  /** The conventions of a run, by number. */
  const conventionsOf = (numbers: readonly string[]): ConventionFacts[] =>
    numbers.map((number) => {
      const found = candidates.find((candidate) => candidate.number === number);
      assert.ok(found, `convention ${number}`);
      return found;
    });

  test('un avenant qui réduit la ligne sous ce qui est déjà versé : le trop-perçu est recouvré', async () => {
    // The shortest sequence the property finds: 50 % paid, then the amount brought to 0 from the start.
    const { db } = database;
    await resetConventions(
      db,
      candidates.map((convention) => convention.id),
    );
    const model = initialModel(conventionsOf(['2023-0005', '2023-0001']));
    await fc.asyncModelRun(
      () => ({ model, real: { db } }),
      [
        new SignCommand(0),
        new AdvanceCommand(0, 0),
        new AmendCommand(0, 0, { kind: 'amount', permille: 0 }, 1, 1),
      ],
    );
  });

  test(`sign, amend, advance, bilan and balance, terminate, collect (${RUNS} runs on the stored services)`, async () => {
    const { db } = database;
    const allIds = candidates.map((convention) => convention.id);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(Object.keys(CANDIDATES), { minLength: 2, maxLength: 2 }),
        commandsArb,
        async (numbers, commands) => {
          runs += 1;
          await resetConventions(db, allIds);
          const model = initialModel(conventionsOf(numbers));
          await fc.asyncModelRun(() => ({ model, real: { db } }), commands);
          // The call's ledger, line by line, agrees with the model.
          const ledger = await getLedger(db, CALL, 'line');
          for (const convention of model.conventions) {
            for (const line of convention.lines) {
              const row = ledger.rows.find(
                (candidate) => candidate.key === `${convention.facts.number}/${line.facts.id}`,
              );
              assert.ok(row, `ligne ${line.facts.id} au suivi financier`);
              assert.deepEqual(
                [row.votedCents, row.paidCents, row.recoveredCents],
                [line.voted, line.paid, line.recovered],
                `suivi financier de la ligne ${line.facts.id}`,
              );
              assert.ok(row.paidCents - row.recoveredCents <= row.votedCents);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(runs >= RUNS);
    // The runs went through the main paths, not only refusals.
    for (const path of [
      'sign → done',
      'amend → done',
      'amend → BUDGET_EXCEEDED',
      'advance → done',
      'bilan → done',
      'balance → done',
      'terminate → done',
    ]) {
      assert.ok((seen.get(path) ?? 0) > 0, `jamais vu : ${path}`);
    }
  });
});
