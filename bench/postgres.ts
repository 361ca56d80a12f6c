/**
 * The PostgreSQL chores the benchmarks share: reach the server (or say why not), print its address,
 * and wait until a database's connections are closed before dropping it.
 */
import pg from 'pg';

const CONNECT_TIMEOUT_MS = 2_000;

/** The server's address without credentials, for printing. */
export function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

export async function connect(url: string): Promise<pg.Client | Error> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * pg's Pool.end() resolves once it has asked its connections to close, not once they are closed. A
 * `drop database … with (force)` issued meanwhile terminates them, and the pool, which nobody can
 * listen to from outside openPostgres, turns that into an uncaught 'error' event. So wait until the
 * server no longer sees them (the force then only matters if something else is connected).
 */
export async function waitForDisconnection(admin: pg.Client, database: string): Promise<void> {
  const deadline = performance.now() + 5_000;
  while (performance.now() < deadline) {
    const { rows } = await admin.query<{ connections: number }>(
      'select count(*)::integer as connections from pg_stat_activity where datname = $1',
      [database],
    );
    if ((rows[0]?.connections ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
