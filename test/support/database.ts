/**
 * Test databases: INCLUSIO_TEST_DB=pglite (default) opens a fresh in-memory embedded database;
 * INCLUSIO_TEST_DB=postgres creates a fresh database on the PostgreSQL server of
 * INCLUSIO_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) and drops it at
 * the end. The same migrations and the same tests run on both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadDataset } from '../../src/modules/datasets/load-dataset.ts';
import { type Database, openPglite, openPostgres } from '../../src/platform/database.ts';
import { migrate } from '../../src/platform/migrations.ts';

export type TestDialect = 'pglite' | 'postgres';

export function testDialect(): TestDialect {
  const value = process.env.INCLUSIO_TEST_DB ?? 'pglite';
  if (value !== 'pglite' && value !== 'postgres') throw new Error(`INCLUSIO_TEST_DB inconnu : ${value}`);
  return value;
}

const adminUrl = () =>
  process.env.INCLUSIO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  dialect: TestDialect;
  /** For tests that need several connections of their own (PostgreSQL only). */
  url: string | undefined;
  close(): Promise<void>;
}

/** A fresh, migrated database; with `seed`, the specification's dataset loaded. */
export async function openTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const dialect = testDialect();
  let result: TestDatabase;
  if (dialect === 'pglite') {
    const db = await openPglite();
    result = { db, dialect, url: undefined, close: () => db.close() };
  } else {
    const name = `inclusio_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString(), { max: 20 });
    result = {
      db,
      dialect,
      url: url.toString(),
      close: async () => {
        await db.close();
        const cleaner = new pg.Client({ connectionString: adminUrl() });
        await cleaner.connect();
        await cleaner.query(`drop database if exists ${name} with (force)`);
        await cleaner.end();
      },
    };
  }
  await migrate(result.db);
  if (options.seed) await loadDataset(result.db);
  return result;
}
