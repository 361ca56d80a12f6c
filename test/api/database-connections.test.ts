/**
 * On a PostgreSQL server, the connections of the pool can be closed by the server at any time (a
 * restart, an idle timeout, an administrator): the API must keep answering, on new connections,
 * and never stop the process. PGlite has no server connections: the test exists on PostgreSQL only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { testDialect } from '../support/database.ts';
import { type Api, assertStatus, CALL, get, openApi } from './api-helpers.ts';

const onPostgres = testDialect() === 'postgres';

// Registered only where it means something, so that the PGlite pass reports no skipped test.
const describeOnPostgres = onPostgres ? describe : () => undefined;

describeOnPostgres('connections closed by the PostgreSQL server', () => {
  let api: Api | undefined;

  before(async () => {
    if (onPostgres) api = await openApi();
  });

  after(async () => {
    await api?.close();
  });

  test('the server survives the database server closing its idle connections', async () => {
    const opened = api;
    assert.ok(opened);
    const { app } = opened;
    const url = opened.database.url;
    assert.ok(url, 'the test database has an address');
    // Parallel requests leave several idle connections in the pool.
    await Promise.all(Array.from({ length: 6 }, () => get(app, `/api/calls/${CALL}/budget`)));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()`,
      );
      assert.ok((killed.rowCount ?? 0) > 0, 'the pool held idle connections');
    } finally {
      await admin.end();
    }
    // Let the closings reach the pool, then ask again: new connections must be opened.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const health = await get<{ status: string }>(app, '/api/health');
    assertStatus(health, 200);
    const budget = await get<unknown[]>(app, `/api/calls/${CALL}/budget`);
    assertStatus(budget, 200);
  });
});
