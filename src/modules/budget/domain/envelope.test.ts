import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../../kernel/errors.ts';
import { cents } from '../../../kernel/money.ts';
import { assertChargeFits, computeEnvelope } from './envelope.ts';

test('the envelope of Rapport N°42, line C02-446A05', () => {
  const envelope = computeEnvelope({
    ae: cents(680164300),
    committedBefore: cents(449767772),
    proposed: cents(11506900),
  });
  assert.equal(envelope.available, 230396528);
  assert.equal(envelope.balance, 218889628);
});

test('a charge beyond what is left is refused with the figures', () => {
  assert.throws(
    () =>
      assertChargeFits({
        lineCode: 'C01-444H02',
        ae: cents(1000000),
        liveCommitments: cents(900000),
        charge: cents(100001),
      }),
    (error: unknown) =>
      error instanceof DomainError &&
      error.code === 'BUDGET_EXCEEDED' &&
      error.message.includes('C01-444H02') &&
      error.message.includes('1\u00a0000,01\u00a0€') &&
      error.message.includes('1\u00a0000,00\u00a0€ disponibles'),
  );
});

test('a charge up to what is left, or a reduction, fits', () => {
  assertChargeFits({ lineCode: 'L', ae: cents(1000), liveCommitments: cents(900), charge: cents(100) });
  assertChargeFits({ lineCode: 'L', ae: cents(1000), liveCommitments: cents(2000), charge: cents(-500) });
});

test('property: whatever the order of charges and reductions, what is accepted never exceeds the AE', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.array(fc.integer({ min: -50_000, max: 2_000_000 })),
      (ae, charges) => {
        let live = 0;
        for (const charge of charges) {
          try {
            assertChargeFits({
              lineCode: 'L',
              ae: cents(ae),
              liveCommitments: cents(live),
              charge: cents(charge),
            });
            live += charge;
          } catch (error) {
            assert.ok(error instanceof DomainError && charge > 0);
          }
          assert.ok(live <= ae);
        }
      },
    ),
    { numRuns: 500 },
  );
});
