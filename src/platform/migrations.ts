/**
 * Forward-only migrations: numbered SQL files in /migrations, each applied once, in order, in its
 * own transaction, and recorded in schema_migrations.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url).pathname;

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new Error(`Nom de migration invalide : ${file} (attendu 0001_nom.sql).`);
    migrations.push({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: await readFile(join(dir, file), 'utf8'),
    });
  }
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations non consécutives : ${migration.version} trouvée à la place ${index + 1}.`);
    }
  });
  return migrations;
}

/** Applies the pending migrations; returns the versions applied. Safe to run from two processes. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<number[]> {
  const migrations = await listMigrations(dir);
  return db.transaction(async (tx) => {
    // One migrator at a time on a shared server; PGlite has a single connection anyway.
    await tx.query('select pg_advisory_xact_lock(4242001)');
    await tx.query(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).map(
        (row) => row.version,
      ),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
