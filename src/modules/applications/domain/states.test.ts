import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../../kernel/errors.ts';
import {
  APPLICATION_STATES,
  allowedTransitions,
  assertTransition,
  chargesBudget,
  isEditable,
} from './states.ts';

test('the path of an application to the vote', () => {
  const path = ['draft', 'submitted', 'under_review', 'proposed', 'voted'] as const;
  for (let i = 1; i < path.length; i += 1) {
    const from = path[i - 1];
    const to = path[i];
    if (from && to) assertTransition(from, to);
  }
});

test('illegal transitions are refused with a French message naming both states', () => {
  assert.throws(
    () => assertTransition('draft', 'voted'),
    (error: unknown) =>
      error instanceof DomainError &&
      error.code === 'TRANSITION_NOT_ALLOWED' &&
      error.message.includes('Brouillon') &&
      error.message.includes('Votée'),
  );
  assert.throws(() => assertTransition('voted', 'under_review'), /état final/);
});

test('final states allow nothing; every state is known', () => {
  for (const state of ['voted', 'rejected', 'withdrawn'] as const) {
    assert.deepEqual(allowedTransitions(state), []);
    assert.equal(isEditable(state), false);
  }
  for (const state of APPLICATION_STATES) {
    for (const next of allowedTransitions(state)) assert.ok(APPLICATION_STATES.includes(next));
  }
  assert.deepEqual(APPLICATION_STATES.filter(chargesBudget), ['proposed', 'voted']);
});
