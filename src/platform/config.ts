/** Configuration from the environment, with the defaults that let `npm start` work on a fresh machine. */
import { resolve } from 'node:path';

export interface Config {
  /** A PostgreSQL server; when absent, the embedded database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  datasetDir: string | undefined;
  /** Behind a reverse proxy that terminates TLS: trust its X-Forwarded-* headers (Secure cookie, client address). */
  trustProxy: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT invalide : ${env.PORT}`);
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.INCLUSIO_DATA_DIR ?? 'data/pglite'),
    host: env.HOST ?? '127.0.0.1',
    port,
    datasetDir: env.INCLUSIO_DATASET_DIR || undefined,
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
}
