/**
 * Section 2: a fresh database, its migrations and the 2023 dataset, as a first start of Inclusio
 * does them: embedded PGlite in memory, PGlite on a data folder, and a PostgreSQL server when one
 * answers. The in-memory database is handed back, loaded, for the sections that follow.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DATASET_DIR, loadDataset, readDataset } from '../src/modules/datasets/load-dataset.ts';
import { type Database, openPglite, openPostgres } from '../src/platform/database.ts';
import { migrate } from '../src/platform/migrations.ts';
import { countStatements } from './counting.ts';
import { connect, describeServer, waitForDisconnection } from './postgres.ts';
import { bytes, count, heading, line, ms, note, timed } from './report.ts';

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Opens, migrates and loads, printing each step; the database is closed if a step fails. */
async function openMigrateLoad(where: string, open: () => Promise<Database>): Promise<Database> {
  const opened = await timed(open);
  const db = opened.result;
  try {
    line(`${where} : ouverture`, ms(opened.ms));
    const migrated = await timed(() => migrate(db));
    line(`${where} : migrations (${migrated.result.length} fichiers)`, ms(migrated.ms));
    const counting = countStatements(db);
    const loaded = await timed(() => loadDataset(counting.db));
    if (!loaded.result.loaded) throw new Error(`${where} : le jeu de données était déjà chargé.`);
    const { calls, operations, structures, applications } = loaded.result.counts;
    line(
      `${where} : loadDataset`,
      `${ms(loaded.ms)} (${calls} appels, ${operations} opérations, ${structures} structures, ${applications} demandes ; ${count(counting.statements())} requêtes SQL)`,
    );
    line(`${where} : total`, ms(opened.ms + migrated.ms + loaded.ms));
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function benchPgliteOnDisk(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'inclusio-bench-'));
  try {
    const db = await openMigrateLoad('PGlite sur disque', () => openPglite(dir));
    const closed = await timed(() => db.close());
    line('PGlite sur disque : fermeture', ms(closed.ms));
    line('PGlite sur disque : taille du dossier de données', bytes(await folderSize(dir)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Creates a database of its own on the server (DATABASE_URL names the server to use, not a
 * database to fill), times migrations and loading there, and drops it whatever happens.
 */
async function benchPostgres(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  const admin = await connect(serverUrl);
  if (admin instanceof Error) {
    note(`PostgreSQL ignoré : pas de serveur joignable à ${describeServer(serverUrl)} (${admin.message})`);
    return;
  }
  const name = `inclusio_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    const version = await admin.query<{ server_version: string }>('show server_version');
    note(`PostgreSQL ${version.rows[0]?.server_version ?? '?'} à ${describeServer(serverUrl)}`);
    const created = await timed(() => admin.query(`create database ${name}`));
    line('PostgreSQL : create database', ms(created.ms));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const db = await openMigrateLoad('PostgreSQL', () => openPostgres(url.toString()));
    await db.close();
    await waitForDisconnection(admin, name);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Returns the in-memory PGlite database, migrated and loaded; the caller closes it. */
export async function runLoadBenchmark(): Promise<Database> {
  heading('2. Base neuve : ouverture, migrations, chargement du jeu pas-de-calais-2023');
  note('la première ouverture de PGlite du processus compile aussi le module WebAssembly de Postgres');
  const db = await openMigrateLoad('PGlite en mémoire', () => openPglite());
  try {
    // loadDataset reads and validates the YAML before it writes: this is that share, without SQL.
    const read = await timed(() => readDataset(DEFAULT_DATASET_DIR));
    line('readDataset seul (YAML + zod, sans base, 2e lecture)', `${ms(read.ms)}`);
    await benchPgliteOnDisk();
    await benchPostgres();
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
