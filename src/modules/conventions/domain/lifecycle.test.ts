import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, dateParts, daysInMonth, periodDays } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  addOneClearMonth,
  allowedConventionTransitions,
  assertConventionTransition,
  CONVENTION_STATE_LABELS,
  CONVENTION_STATES,
  type ConventionRecord,
  type ConventionState,
  closeConvention,
  draftConvention,
  enterIntoForce,
  entryIntoForceDate,
  recordSignature,
  returnToDraft,
  sendForSignature,
  type TerminationRequest,
  terminateConvention,
  terminationEffectiveDate,
} from './lifecycle.ts';
import { date, period, signedSivom, YEAR_2023 } from './sivom.fixture.ts';

/** Asserts a DomainError with this code whose message contains every fragment. */
function refuses(run: () => unknown, code: string, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError, 'DomainError attendue');
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), error.message);
    return true;
  });
}

const sent = (): ConventionRecord =>
  sendForSignature(draftConvention(YEAR_2023), { on: date('2023-05-16') }).after;
const inForce = (): ConventionRecord => enterIntoForce(signedSivom(), { on: date('2023-05-22') }).after;

describe('states and transitions', () => {
  test('the path of a convention: draft, sent, signed, in force, closed', () => {
    const sending = sendForSignature(draftConvention(YEAR_2023), { on: date('2023-05-16') });
    const signing = recordSignature(sending.after, {
      signedOn: date('2023-05-22'),
      signedDocument: 'doc.pdf',
      today: date('2023-05-22'),
    });
    const live = enterIntoForce(signing.after, { on: date('2023-05-22') });
    const closing = closeConvention(live.after, { on: date('2024-07-01'), isSettled: true });
    assert.deepEqual(
      [sending, signing, live, closing].map(({ change }) => [change.from, change.to, change.on]),
      [
        ['draft', 'sent_for_signature', '2023-05-16'],
        ['sent_for_signature', 'signed', '2023-05-22'],
        ['signed', 'in_force', '2023-05-22'],
        ['in_force', 'closed', '2024-07-01'],
      ],
    );
    assert.equal(closing.after.closedOn, '2024-07-01');
    assert.equal(closing.before.state, 'in_force');
    assert.equal(signing.change.summary, 'Convention signée le 22/05/2023');
  });

  test('every state has a French label; final states allow nothing', () => {
    assert.deepEqual(
      CONVENTION_STATES.map((state) => CONVENTION_STATE_LABELS[state]),
      ['En préparation', 'Envoyée pour signature', 'Signée', 'En vigueur', 'Close', 'Résiliée'],
    );
    assert.deepEqual(allowedConventionTransitions('closed'), []);
    assert.deepEqual(allowedConventionTransitions('terminated'), []);
    for (const state of CONVENTION_STATES) {
      for (const next of allowedConventionTransitions(state)) assert.ok(CONVENTION_STATES.includes(next));
    }
  });

  const refused: [ConventionState, ConventionState, string][] = [
    ['draft', 'signed', 'possible : « Envoyée pour signature »'],
    ['draft', 'terminated', 'En préparation'],
    ['sent_for_signature', 'in_force', 'Envoyée pour signature'],
    ['signed', 'closed', 'possible : « En vigueur », « Résiliée »'],
    ['closed', 'in_force', 'état final'],
    ['terminated', 'in_force', 'état final'],
  ];
  for (const [from, to, fragment] of refused) {
    test(`${from} → ${to} is refused`, () => {
      refuses(() => assertConventionTransition(from, to), 'CONVENTION_TRANSITION_NOT_ALLOWED', fragment);
    });
  }

  test('a draft cannot be signed without being sent; a closed convention cannot be terminated', () => {
    refuses(
      () =>
        recordSignature(draftConvention(YEAR_2023), {
          signedOn: date('2023-05-22'),
          signedDocument: 'doc.pdf',
          today: date('2023-05-22'),
        }),
      'CONVENTION_TRANSITION_NOT_ALLOWED',
    );
    const closed = closeConvention(inForce(), { on: date('2024-01-02'), isSettled: true }).after;
    refuses(
      () =>
        terminateConvention(closed, {
          kind: 'at_structure_request',
          notificationReceivedOn: date('2023-06-01'),
          today: date('2024-02-01'),
        }),
      'CONVENTION_TRANSITION_NOT_ALLOWED',
    );
  });

  test('a period ending before it starts is refused', () => {
    refuses(() => draftConvention(period('2023-12-31', '2023-01-01')), 'PERIOD_END_BEFORE_START');
  });
});

describe('signature', () => {
  const base = {
    signedOn: date('2023-05-22'),
    signedDocument: 'conventions/2023-0042.pdf',
    today: date('2023-05-30'),
  };

  test('records the date and the signed document', () => {
    const { after, change } = recordSignature(sent(), base);
    assert.equal(after.state, 'signed');
    assert.deepEqual(after.signature, {
      signedOn: '2023-05-22',
      signedDocument: 'conventions/2023-0042.pdf',
    });
    assert.equal(change.action, 'sign');
  });

  const cases: [string, Partial<Parameters<typeof recordSignature>[1]>, string, string][] = [
    ['no date', { signedOn: null }, 'SIGNATURE_DATE_MISSING', 'date de signature est obligatoire'],
    ['no document', { signedDocument: null }, 'SIGNED_DOCUMENT_MISSING', 'convention signée (PDF)'],
    ['a blank document', { signedDocument: '   ' }, 'SIGNED_DOCUMENT_MISSING', 'PDF'],
    ['a date before sending', { signedOn: date('2023-05-15') }, 'SIGNATURE_BEFORE_SENDING', '16/05/2023'],
    ['a date in the future', { signedOn: date('2023-05-31') }, 'DATE_IN_FUTURE', '31/05/2023'],
  ];
  for (const [name, override, code, fragment] of cases) {
    test(`refused with ${name}`, () => {
      refuses(() => recordSignature(sent(), { ...base, ...override }), code, fragment);
    });
  }

  test('sent back to preparation with a reason, which clears the sending date', () => {
    const back = returnToDraft(sent(), { on: date('2023-05-17'), reason: 'erreur de RIB' });
    assert.equal(back.after.state, 'draft');
    assert.equal(back.after.sentForSignatureOn, null);
    assert.match(back.change.summary, /erreur de RIB/);
    refuses(() => returnToDraft(sent(), { on: date('2023-05-17'), reason: ' ' }), 'REASON_MISSING');
  });
});

describe('entry into force', () => {
  test('from the later of the start of the period and the signature', () => {
    const signedLate = signedSivom();
    assert.equal(entryIntoForceDate(signedLate), '2023-05-22');
    const early = recordSignature(
      sendForSignature(draftConvention(period('2023-07-01', '2024-06-30')), { on: date('2023-05-16') }).after,
      { signedOn: date('2023-05-22'), signedDocument: 'doc.pdf', today: date('2023-05-22') },
    ).after;
    assert.equal(entryIntoForceDate(early), '2023-07-01');
    assert.equal(entryIntoForceDate(draftConvention(YEAR_2023)), null);
    refuses(
      () => enterIntoForce(early, { on: date('2023-06-30') }),
      'CONVENTION_NOT_YET_IN_FORCE',
      '01/07/2023',
    );
    const live = enterIntoForce(early, { on: date('2023-07-03') });
    assert.equal(live.after.inForceFrom, '2023-07-01');
    assert.equal(live.change.on, '2023-07-01');
  });
});

describe('closing', () => {
  test('only after the end of the period, once settled', () => {
    refuses(
      () => closeConvention(inForce(), { on: date('2023-12-31'), isSettled: true }),
      'CONVENTION_PERIOD_NOT_OVER',
      '31/12/2023',
    );
    refuses(
      () => closeConvention(inForce(), { on: date('2024-03-01'), isSettled: false }),
      'CONVENTION_NOT_SETTLED',
    );
    assert.equal(
      closeConvention(inForce(), { on: date('2024-01-01'), isSettled: true }).after.state,
      'closed',
    );
  });
});

describe('un mois franc', () => {
  const table: [string, string][] = [
    ['2023-03-15', '2023-04-16'],
    ['2023-01-27', '2023-02-28'],
    ['2023-01-28', '2023-03-01'],
    ['2023-01-31', '2023-03-01'],
    ['2024-01-28', '2024-02-29'],
    ['2024-01-29', '2024-03-01'],
    ['2024-01-31', '2024-03-01'],
    ['2023-02-28', '2023-03-29'],
    ['2024-02-29', '2024-03-30'],
    ['2023-03-31', '2023-05-01'],
    ['2023-04-30', '2023-05-31'],
    ['2023-08-31', '2023-10-01'],
    ['2023-11-30', '2023-12-31'],
    ['2023-12-31', '2024-02-01'],
    ['2023-12-15', '2024-01-16'],
  ];
  for (const [received, effective] of table) {
    test(`received ${received} → takes effect ${effective}`, () => {
      assert.equal(addOneClearMonth(date(received)), effective);
    });
  }

  test('property: falls due on the same day of the next month (or its last day), takes effect the day after', () => {
    const base = date('1950-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 200 }), (offset) => {
        const received = addDays(base, offset);
        const effective = addOneClearMonth(received);
        const fallsDue = dateParts(addDays(effective, -1));
        const r = dateParts(received);
        const nextMonth = r.month === 12 ? 1 : r.month + 1;
        const nextYear = r.month === 12 ? r.year + 1 : r.year;
        assert.equal(fallsDue.month, nextMonth);
        assert.equal(fallsDue.year, nextYear);
        assert.equal(fallsDue.day, Math.min(r.day, daysInMonth(nextYear, nextMonth)));
        // Between 29 and 32 days after the receipt, and never earlier for a later receipt.
        const days = periodDays({ start: received, end: effective }) - 1;
        assert.ok(days >= 29 && days <= 32, `${received} → ${effective}`);
        assert.ok(addOneClearMonth(addDays(received, 1)) >= effective);
      }),
      { numRuns: 2000 },
    );
  });

  test('an inaccurate declaration takes effect on receipt, without notice', () => {
    assert.equal(terminationEffectiveDate('inaccurate_declaration', date('2023-03-15')), '2023-03-15');
    assert.equal(terminationEffectiveDate('by_departement', date('2023-03-15')), '2023-04-16');
    assert.equal(terminationEffectiveDate('at_structure_request', date('2023-03-15')), '2023-04-16');
  });
});

describe('termination', () => {
  const byDepartement: TerminationRequest = {
    kind: 'by_departement',
    ground: 'funds_misused',
    leadersHeardOn: date('2023-09-05'),
    notificationReceivedOn: date('2023-09-15'),
    today: date('2023-09-20'),
  };

  test('by the département: ground, hearing, effective one clear month after receipt', () => {
    const { after, change } = terminateConvention(inForce(), byDepartement);
    assert.equal(after.state, 'terminated');
    assert.deepEqual(after.termination, {
      kind: 'by_departement',
      ground: 'funds_misused',
      notificationReceivedOn: '2023-09-15',
      leadersHeardOn: '2023-09-05',
      effectiveOn: '2023-10-16',
      lastDayInForce: '2023-10-15',
    });
    assert.equal(
      change.summary,
      "Résiliation unilatérale par le Département (utilisation des fonds non conforme à l'objet de la convention), notifiée le 15/09/2023, effective le 16/10/2023",
    );
    assert.equal(change.on, '2023-09-15');
  });

  test('at the structure’s request, from a signed convention not yet in force', () => {
    const { after } = terminateConvention(signedSivom(), {
      kind: 'at_structure_request',
      notificationReceivedOn: date('2023-05-31'),
      today: date('2023-06-01'),
    });
    assert.equal(after.termination?.effectiveOn, '2023-07-01');
    assert.equal(after.termination?.ground, null);
    assert.equal(after.termination?.leadersHeardOn, null);
  });

  test('the latest notification that still takes effect inside the period', () => {
    const ok = terminateConvention(inForce(), {
      ...byDepartement,
      notificationReceivedOn: date('2023-11-30'),
      today: date('2023-12-01'),
    });
    assert.equal(ok.after.termination?.effectiveOn, '2023-12-31');
    assert.equal(ok.after.termination?.lastDayInForce, '2023-12-30');
  });

  const cases: [string, Partial<TerminationRequest>, string, string][] = [
    ['no ground', { ground: null }, 'TERMINATION_GROUND_MISSING', 'motif'],
    ['no hearing of the leaders', { leadersHeardOn: null }, 'TERMINATION_HEARING_MISSING', 'entendus'],
    [
      'a hearing after the notification',
      { leadersHeardOn: date('2023-09-16') },
      'TERMINATION_HEARING_AFTER_NOTIFICATION',
      '16/09/2023',
    ],
    [
      'no notification date',
      { notificationReceivedOn: null },
      'TERMINATION_NOTIFICATION_DATE_MISSING',
      'avis de réception',
    ],
    ['a notification in the future', { today: date('2023-09-14') }, 'DATE_IN_FUTURE', '15/09/2023'],
    [
      'a notification before the signature',
      { notificationReceivedOn: date('2023-05-21'), leadersHeardOn: date('2023-05-20') },
      'TERMINATION_BEFORE_SIGNATURE',
      '22/05/2023',
    ],
    [
      'an effect after the end of the period',
      { notificationReceivedOn: date('2023-12-01'), today: date('2023-12-02') },
      'TERMINATION_AFTER_END',
      'titre de recettes',
    ],
  ];
  for (const [name, override, code, fragment] of cases) {
    test(`refused with ${name}`, () => {
      refuses(() => terminateConvention(inForce(), { ...byDepartement, ...override }), code, fragment);
    });
  }

  test('an inaccurate declaration needs neither ground nor hearing', () => {
    const { after } = terminateConvention(inForce(), {
      kind: 'inaccurate_declaration',
      notificationReceivedOn: date('2023-12-20'),
      today: date('2023-12-20'),
    });
    assert.equal(after.termination?.effectiveOn, '2023-12-20');
    assert.equal(after.termination?.lastDayInForce, '2023-12-19');
  });

  test('a draft or a convention sent for signature cannot be terminated', () => {
    for (const convention of [draftConvention(YEAR_2023), sent()]) {
      refuses(() => terminateConvention(convention, byDepartement), 'CONVENTION_TRANSITION_NOT_ALLOWED');
    }
  });
});
