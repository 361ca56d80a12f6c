/**
 * One small interface over the two databases Inclusio runs on: embedded PGlite (a local data
 * folder, nothing to install) and a PostgreSQL server (DATABASE_URL). Both speak the same SQL;
 * repositories only see `Sql` and `Database`.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

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

export async function openPglite(dataDir?: string): Promise<Database> {
  const db = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers: {
      [INT8_OID]: parseInt8,
      [NUMERIC_OID]: (value: string) => Number(value),
      [DATE_OID]: parseDate,
    },
  });
  await db.waitReady;
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
