import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../../kernel/errors.ts';
import { cents } from '../../../kernel/money.ts';
import { proposeAmendment, voteAmendment } from '../../conventions/domain/amendment.ts';
import {
  type ConventionRecord,
  type Termination,
  terminateConvention,
} from '../../conventions/domain/lifecycle.ts';
import { createLine } from '../../conventions/domain/segments.ts';
import {
  date,
  eur,
  period,
  plain,
  SIVOM_SOCIOPRO,
  SIVOM_SOLIDARITE,
  SOLIDARITE,
  signedSivom,
} from '../../conventions/domain/sivom.fixture.ts';
import {
  applyTermination,
  cancelRecoveryOrder,
  collectRecoveryOrder,
  computeLineLedger,
  issueRecoveryOrder,
  type LedgerFigures,
  type LineAccount,
  ledgerTotalsBy,
  payableLeft,
  settleLineBalance,
  terminationCap,
  totalLedgers,
} from './ledger.ts';
import { account, payment, recovery } from './payments.fixture.ts';

function refuses(run: () => unknown, code: string, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError, 'DomainError attendue');
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(plain(error.message).includes(fragment), error.message);
    return true;
  });
}

const ADVANCE = eur('13 560');

function figures(ledger: LedgerFigures): Record<string, number> {
  const { voted, committed, due, paid, inFlight, recovered, netPaid, remaining, toRecover, releasable } =
    ledger;
  return { voted, committed, due, paid, inFlight, recovered, netPaid, remaining, toRecover, releasable };
}

describe('the ledger of a line', () => {
  const table: [string, Partial<LineAccount>, Record<string, number>][] = [
    [
      'voted, nothing paid',
      {},
      {
        due: eur('45 200'),
        paid: 0,
        inFlight: 0,
        recovered: 0,
        netPaid: 0,
        remaining: eur('45 200'),
        toRecover: 0,
        releasable: 0,
      },
    ],
    [
      'advance paid, an instalment sent, a request and a cancelled payment that count for nothing',
      {
        payments: [
          payment('p1', 'paid', ADVANCE),
          payment('p2', 'sent', eur('9 040'), { kind: 'instalment' }),
          payment('p3', 'requested', eur('1 000'), { kind: 'instalment', partKey: 'instalment-2' }),
          payment('p4', 'cancelled', eur('5 000'), { kind: 'instalment', partKey: 'instalment-3' }),
        ],
      },
      {
        due: eur('45 200'),
        paid: ADVANCE,
        inFlight: eur('9 040'),
        recovered: 0,
        netPaid: ADVANCE,
        remaining: eur('22 600'),
        toRecover: 0,
        releasable: 0,
      },
    ],
    [
      'settled below the advance: to recover, and the commitment beyond the advance released',
      { finalDue: eur('10 000'), payments: [payment('p1', 'paid', ADVANCE)] },
      {
        due: eur('10 000'),
        paid: ADVANCE,
        inFlight: 0,
        recovered: 0,
        netPaid: ADVANCE,
        remaining: 0,
        toRecover: eur('3 560'),
        releasable: eur('31 640'),
      },
    ],
    [
      'the recovery order issued',
      {
        finalDue: eur('10 000'),
        payments: [payment('p1', 'paid', ADVANCE)],
        recoveries: [recovery('r1', eur('3 560'))],
      },
      {
        due: eur('10 000'),
        paid: ADVANCE,
        inFlight: 0,
        recovered: eur('3 560'),
        netPaid: eur('10 000'),
        remaining: 0,
        toRecover: 0,
        releasable: eur('35 200'),
      },
    ],
    [
      'terminated: the period carried out caps what is due',
      { terminationCap: eur('20 000'), payments: [payment('p1', 'paid', ADVANCE)] },
      {
        due: eur('20 000'),
        paid: ADVANCE,
        inFlight: 0,
        recovered: 0,
        netPaid: ADVANCE,
        remaining: eur('6 440'),
        toRecover: 0,
        releasable: eur('25 200'),
      },
    ],
  ];
  for (const [name, overrides, expected] of table) {
    test(name, () => {
      const ledger = figures(computeLineLedger(account(overrides)));
      assert.deepEqual(ledger, { voted: eur('45 200'), committed: eur('45 200'), ...expected });
    });
  }

  test('what is left for one payment leaves that payment out', () => {
    const sent = payment('p1', 'sent', ADVANCE);
    assert.equal(payableLeft(account({ payments: [sent] })), eur('31 640'));
    assert.equal(payableLeft(account({ payments: [sent] }), 'p1'), eur('45 200'));
    assert.equal(
      payableLeft(account({ finalDue: eur('10 000'), payments: [payment('p1', 'paid', ADVANCE)] })),
      eur('-3 560'),
    );
  });
});

describe('totals', () => {
  const sivomSolidarite = account({
    voted: eur('45 200'),
    committed: eur('45 200'),
    payments: [payment('p1', 'paid', ADVANCE)],
  });
  const sivomSocio = account({ lineKey: 'T1-O2', voted: eur('106 250'), committed: eur('106 250') });
  const ccas = account({
    conventionRef: '2023-0107',
    structureRef: 'ccas-bruay',
    voted: eur('54 000'),
    committed: eur('54 000'),
    payments: [payment('p9', 'paid', eur('16 200'), { conventionRef: '2023-0107' })],
  });
  const other = account({
    conventionRef: '2023-0107',
    structureRef: 'ccas-bruay',
    lineKey: 'T2-O1',
    budgetLine: 'C01-444H02',
    voted: eur('10 000'),
    committed: eur('10 000'),
  });
  const ledgers = [sivomSolidarite, sivomSocio, ccas, other].map(computeLineLedger);

  test('per convention, per structure, per budget line', () => {
    const pick = (totals: Map<string, LedgerFigures>): [string, number, number, number][] =>
      [...totals].map(([key, total]) => [key, total.voted, total.paid, total.remaining]);
    assert.deepEqual(pick(ledgerTotalsBy(ledgers, 'convention')), [
      ['2023-0042', eur('151 450'), ADVANCE, eur('137 890')],
      ['2023-0107', eur('64 000'), eur('16 200'), eur('47 800')],
    ]);
    assert.deepEqual([...ledgerTotalsBy(ledgers, 'structure').keys()], ['sivom-bruaysis', 'ccas-bruay']);
    assert.deepEqual(pick(ledgerTotalsBy(ledgers, 'budgetLine')), [
      ['C02-446A05', eur('205 450'), eur('29 760'), eur('175 690')],
      ['C01-444H02', eur('10 000'), 0, eur('10 000')],
    ]);
    assert.equal(totalLedgers(ledgers).voted, eur('215 450'));
  });
});

describe('termination', () => {
  const amended = (): { record: ConventionRecord; lines: (typeof SIVOM_SOLIDARITE)[] } => {
    const convention = { record: signedSivom(), lines: [SIVOM_SOLIDARITE, SIVOM_SOCIOPRO] };
    const { amendment } = proposeAmendment(convention, {
      effectiveFrom: date('2023-04-01'),
      changes: [
        { lineKey: 'T1-O1', quantity: 170 },
        { lineKey: 'T1-O2', quantity: 380 },
      ],
      proposedOn: date('2023-05-25'),
    });
    const voted = voteAmendment(convention, amendment, {
      votedOn: date('2023-06-12'),
      decisionRef: 'Délibération n°2023-259',
    });
    return { record: voted.convention.record, lines: [...voted.convention.lines] };
  };
  const terminate = (record: ConventionRecord, receivedOn: string): Termination => {
    const { termination } = terminateConvention(record, {
      kind: 'at_structure_request',
      notificationReceivedOn: date(receivedOn),
      today: date(receivedOn),
    }).after;
    assert.ok(termination);
    return termination;
  };

  test('the SIVOM’s amended line, terminated at its request received on 15 June 2023', () => {
    const { record, lines } = amended();
    const termination = terminate(record, '2023-06-15');
    assert.equal(termination.effectiveOn, '2023-07-16');
    const [solidarite] = lines;
    assert.ok(solidarite);
    // 24 800 € for January–March, then 170 places from 1 April to 15 July (3 months and 15/31 of
    // July): 27 200 € × (3 + 15/31) / 12 = 7 896,77 €.
    const { cap, explanation } = terminationCap(solidarite, termination);
    assert.equal(cap, eur('32 696,77'));
    assert.equal(
      plain(explanation),
      'Dispositif référent solidarité : période exécutée du 01/01/2023 au 15/07/2023 : 32 696,77 € au plus',
    );
  });

  test('the sums unduly received become a recovery', () => {
    const { record, lines } = amended();
    const [solidarite] = lines;
    assert.ok(solidarite);
    const half = account({ payments: [payment('p1', 'paid', eur('40 000'))] });
    const { account: after, explanation } = applyTermination(
      half,
      solidarite,
      terminate(record, '2023-06-15'),
    );
    assert.equal(after.terminationCap, eur('32 696,77'));
    assert.equal(computeLineLedger(after).toRecover, eur('7 303,23'));
    assert.match(plain(explanation), /trop-perçu de 7 303,23 € à recouvrer par titre de recettes$/);
  });

  test('terminated before its period starts: nothing is due', () => {
    const later = createLine({
      key: 'L',
      label: 'Ligne',
      budgetLine: 'C02-446A05',
      rule: SOLIDARITE,
      quantity: 90,
      period: period('2023-07-01', '2024-06-30'),
      amount: eur('14 400'),
    });
    const record = { ...signedSivom(), period: period('2023-07-01', '2024-06-30') };
    const { cap, explanation } = terminationCap(later, terminate(record, '2023-05-31'));
    assert.equal(cap, 0);
    assert.match(plain(explanation), /aucune période exécutée avant le 01\/07\/2023/);
  });
});

describe('balance settlement', () => {
  const options: Parameters<typeof settleLineBalance>[1] = {
    conventionState: 'in_force',
    bilanReceived: true,
    achievement: { achieved: 150, target: 170 },
  };

  test('sets the final due and the balance to pay', () => {
    const { account: after, settlement } = settleLineBalance(
      account({ payments: [payment('p1', 'paid', ADVANCE)] }),
      options,
    );
    // 45 200 € × 150 / 170 = 39 882,35 €.
    assert.equal(settlement.due, eur('39 882,35'));
    assert.equal(settlement.balance, eur('26 322,35'));
    assert.equal(after.finalDue, eur('39 882,35'));
    assert.equal(computeLineLedger(after).remaining, eur('26 322,35'));
  });

  test('after a termination, the period carried out is the maximum', () => {
    const { settlement } = settleLineBalance(
      account({ terminationCap: eur('20 000'), payments: [payment('p1', 'paid', ADVANCE)] }),
      { ...options, conventionState: 'terminated', achievement: { achieved: 1, target: 1 } },
    );
    assert.equal(settlement.due, eur('20 000'));
    assert.equal(settlement.balance, eur('6 440'));
  });

  const cases: [string, Partial<LineAccount>, Partial<typeof options>, string][] = [
    ['a convention not signed', {}, { conventionState: 'sent_for_signature' }, 'CONVENTION_NOT_SIGNED'],
    ['a closed convention', {}, { conventionState: 'closed' }, 'CONVENTION_CLOSED'],
    ['no bilan', {}, { bilanReceived: false }, 'BILAN_MISSING'],
    ['a balance already settled', { finalDue: eur('1') }, {}, 'BALANCE_ALREADY_SETTLED'],
    ['a payment on its way', { payments: [payment('p1', 'validated', ADVANCE)] }, {}, 'PAYMENTS_IN_FLIGHT'],
  ];
  for (const [name, accountOverrides, optionOverrides, code] of cases) {
    test(`refused with ${name}`, () => {
      refuses(() => settleLineBalance(account(accountOverrides), { ...options, ...optionOverrides }), code);
    });
  }
});

describe('recovery orders', () => {
  const overpaid = account({ finalDue: eur('10 000'), payments: [payment('p1', 'paid', ADVANCE)] });

  test('issued for the excess, once per key', () => {
    const issued = issueRecoveryOrder(overpaid, {
      key: 'titre-1',
      reason: 'balance',
      issuedOn: date('2024-03-01'),
    });
    assert.equal(issued.created, true);
    assert.equal(issued.order.amount, eur('3 560'));
    assert.equal(
      plain(issued.order.explanation),
      'Trop-perçu au solde (objectifs non atteints) : versé 13 560,00 € − dû 10 000,00 € = 3 560,00 €',
    );
    assert.equal(computeLineLedger(issued.account).toRecover, 0);
    const again = issueRecoveryOrder(issued.account, {
      key: 'titre-1',
      reason: 'balance',
      issuedOn: date('2024-03-02'),
    });
    assert.equal(again.created, false);
    assert.equal(again.order, issued.order);
    refuses(
      () =>
        issueRecoveryOrder(issued.account, {
          key: 'titre-2',
          reason: 'balance',
          issuedOn: date('2024-03-02'),
        }),
      'NOTHING_TO_RECOVER',
      'versé 10 000,00 €',
    );
  });

  test('collected or cancelled, once', () => {
    const order = recovery('r1', eur('3 560'));
    const collected = collectRecoveryOrder(order, { on: date('2024-04-01') });
    assert.deepEqual([collected.state, collected.collectedOn], ['collected', '2024-04-01']);
    refuses(
      () => collectRecoveryOrder(collected, { on: date('2024-04-02') }),
      'RECOVERY_TRANSITION_NOT_ALLOWED',
      'Recouvré',
    );
    refuses(
      () => cancelRecoveryOrder(collected, { on: date('2024-04-02'), reason: 'x' }),
      'RECOVERY_TRANSITION_NOT_ALLOWED',
    );
    refuses(() => cancelRecoveryOrder(order, { on: date('2024-04-02'), reason: ' ' }), 'REASON_MISSING');
    const cancelled = cancelRecoveryOrder(order, { on: date('2024-04-02'), reason: 'erreur de montant' });
    assert.equal(cancelled.state, 'cancelled');
    // A cancelled titre counts for nothing: the excess is to recover again.
    assert.equal(computeLineLedger({ ...overpaid, recoveries: [cancelled] }).toRecover, eur('3 560'));
  });

  test('a recovery order of zero cents is never issued', () => {
    refuses(
      () =>
        issueRecoveryOrder(account({ payments: [payment('p1', 'paid', cents(1))] }), {
          key: 'k',
          reason: 'control',
          issuedOn: date('2024-03-01'),
        }),
      'NOTHING_TO_RECOVER',
    );
  });
});
