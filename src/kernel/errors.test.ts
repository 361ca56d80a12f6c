import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from './errors.ts';

test('a validation error names each field in its message', () => {
  const error = new ValidationError([
    { field: 'siret', message: 'clé de contrôle invalide' },
    { field: 'quantity', message: 'doit être positive' },
  ]);
  assert.equal(error.code, 'VALIDATION');
  assert.match(error.message, /siret : clé de contrôle invalide ; quantity : doit être positive/);
});
