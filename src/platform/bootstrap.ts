/**
 * Opens the configured database, brings its schema up to date and loads the dataset the first
 * time: what the server and every CLI command do before their work. The database is closed on
 * exit and on SIGINT/SIGTERM (an embedded PGlite left open keeps the process alive).
 */
import { mkdir } from 'node:fs/promises';
import { type LoadResult, loadDataset } from '../modules/datasets/load-dataset.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './database.ts';
import { migrate } from './migrations.ts';

export interface Prepared {
  db: Database;
  migrations: number[];
  dataset: LoadResult | undefined;
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl) await mkdir(config.dataDir, { recursive: true });
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

export async function prepareDatabase(config: Config, options: { seed: boolean }): Promise<Prepared> {
  const db = await openConfiguredDatabase(config);
  try {
    const migrations = await migrate(db);
    const dataset = options.seed ? await loadDataset(db, config.datasetDir) : undefined;
    return { db, migrations, dataset };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Closes the database once, whatever stops the process. */
export function closeOnExit(db: Database, beforeClose?: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await beforeClose?.();
      await db.close();
    })();
    return closing;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      close().finally(() => process.exit(0));
    });
  }
  return close;
}
