/**
 * A Database that counts the statements sent through it, transactions included. Loading a dataset
 * is a long series of small queries; their number tells whether a slow load is a slow database or
 * many round trips.
 */
import type { Database, Sql } from '../src/platform/database.ts';

export interface CountingDatabase {
  db: Database;
  statements(): number;
}

export function countStatements(inner: Database): CountingDatabase {
  let statements = 0;
  const counted = (sql: Sql): Sql => ({
    query: <T extends object>(text: string, params?: readonly unknown[]) => {
      statements += 1;
      return sql.query<T>(text, params);
    },
    exec: (script: string) => {
      statements += 1;
      return sql.exec(script);
    },
  });
  const db: Database = {
    ...counted(inner),
    dialect: inner.dialect,
    transaction: <T>(work: (tx: Sql) => Promise<T>) => inner.transaction((tx) => work(counted(tx))),
    close: () => inner.close(),
  };
  return { db, statements: () => statements };
}
