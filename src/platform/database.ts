/**
 * One small interface over the two databases Inclusio runs on: embedded PGlite (a local data
 * folder, nothing to install) and a PostgreSQL server (DATABASE_URL). Both speak the same SQL;
 * repositories only see `Sql` and `Database`.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DomainError } from '../kernel/errors.ts';

export type Row = Record<string, unknown>;

export interface Sql {
  query<T extends object = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly dialect: 'pglite' | 'postgres';
  /** Runs `work` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;

/** bigint columns hold cents: safe integers in JavaScript up to 90 000 000 000 000 €. */
function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`Entier hors limites renvoyé par la base : ${value}`);
  return parsed;
}

/** Plain dates stay "YYYY-MM-DD" strings: no time zone may shift them. */
const parseDate = (value: string): string => value;

/**
 * An embedded database folder is used by one process at a time (two would corrupt it): a lock file
 * beside it holds the owner's process id; a lock left by a process that no longer runs is taken over.
 */
const openHere = new Set<string>();

async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${resolve(dataDir)}.lock`;
  const inUse = (owner: number) =>
    new DomainError(
      'DATABASE_LOCKED',
      `La base embarquée ${dataDir} est déjà ouverte par le processus ${owner} (un serveur Inclusio ?). Arrêtez-le, ou utilisez un serveur PostgreSQL (DATABASE_URL) pour travailler à plusieurs.`,
    );
  if (openHere.has(lockPath)) throw inUse(process.pid);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      openHere.add(lockPath);
      return async () => {
        openHere.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner))
        throw inUse(owner);
      // Left by a process that stopped without closing (or by this one before a crash): taken over.
      await rm(lockPath, { force: true });
    }
  }
  throw new DomainError('DATABASE_LOCKED', `Impossible de réserver la base embarquée ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openPglite(dataDir?: string): Promise<Database> {
  const unlock = dataDir ? await lockDataDir(dataDir) : async () => undefined;
  const db = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers: {
      [INT8_OID]: parseInt8,
      [NUMERIC_OID]: (value: string) => Number(value),
      [DATE_OID]: parseDate,
    },
  });
  try {
    await db.waitReady;
  } catch (error) {
    await unlock();
    throw error;
  }
  let queue: Promise<unknown> = Promise.resolve();
  // PGlite is a single connection: a transaction must not interleave with other queries, so every
  // use is queued (this is what makes concurrent requests safe on the embedded database).
  const serialise = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    dialect: 'pglite',
    query: <T extends object>(text: string, params?: readonly unknown[]) =>
      serialise(async () => (await db.query<T>(text, params ? [...params] : undefined)).rows),
    exec: (script: string) =>
      serialise(async () => {
        await db.exec(script);
      }),
    transaction: <T>(work: (tx: Sql) => Promise<T>) =>
      serialise(() =>
        db.transaction(async (tx) =>
          work({
            query: async <R extends object>(text: string, params?: readonly unknown[]) =>
              (await tx.query<R>(text, params ? [...params] : undefined)).rows,
            exec: async (script: string) => {
              await tx.exec(script);
            },
          }),
        ),
      ),
    close: async () => {
      await queue;
      await db.close();
      await unlock();
    },
  };
}

export async function openPostgres(connectionString: string, options?: { max?: number }): Promise<Database> {
  const typeParsers = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === INT8_OID) return parseInt8;
      if (oid === NUMERIC_OID) return (value: string) => Number(value);
      if (oid === DATE_OID) return parseDate;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({ connectionString, max: options?.max ?? 10, types: typeParsers });
  // An idle connection closed by the server (restart, timeout, administrator) is an event, not a
  // crash: the pool replaces it on the next query.
  pool.on('error', (error) => {
    console.error(`PostgreSQL : connexion inactive perdue (${error.message}).`);
  });
  // Fail now, with a clear message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const wrap = (client: { query: pg.Pool['query'] }): Sql => ({
    query: async <T extends object>(text: string, params?: readonly unknown[]) =>
      (await client.query<T>(text, params ? [...params] : undefined)).rows,
    exec: async (script: string) => {
      await client.query(script);
    },
  });
  return {
    dialect: 'postgres',
    ...wrap(pool),
    transaction: async <T>(work: (tx: Sql) => Promise<T>) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** DATABASE_URL selects a PostgreSQL server; otherwise the embedded database in `dataDir`. */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string;
}): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir);
}
