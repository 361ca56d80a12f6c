/**
 * Every request reads its session (and the data version) from the database: nothing about a
 * session is kept in memory, so a signed-out or deactivated account is refused at once, by every
 * process. The requests that arrive together — those the server reads in the same turn of its event
 * loop — share one query: each is answered by a read that started after it arrived, exactly as if
 * it had made its own, for a fraction of the cost under load (on the embedded database above all,
 * whose queries run one at a time on the server's own thread).
 */
import type { Sql } from '../../platform/database.ts';
import { type ResolvedSession, resolveSessions } from './identity.service.ts';

interface Waiting {
  resolve: (session: ResolvedSession | null) => void;
  reject: (error: unknown) => void;
}

export type SessionReader = (token: string | undefined) => Promise<ResolvedSession | null>;

export function sessionReader(sql: Sql): SessionReader {
  /** The tokens asked for since the last query was sent, with who waits for each. */
  let batch: Map<string, Waiting[]> | null = null;

  const send = async (tokens: Map<string, Waiting[]>): Promise<void> => {
    try {
      const sessions = await resolveSessions(sql, [...tokens.keys()]);
      for (const [token, waiting] of tokens) {
        for (const one of waiting) one.resolve(sessions.get(token) ?? null);
      }
    } catch (error) {
      for (const waiting of tokens.values()) for (const one of waiting) one.reject(error);
    }
  };

  return (token) => {
    if (!token) return Promise.resolve(null);
    if (batch === null) {
      const tokens = new Map<string, Waiting[]>();
      batch = tokens;
      // After the other requests read in this turn of the event loop (the poll phase) have asked.
      setImmediate(() => {
        batch = null;
        void send(tokens);
      });
    }
    const tokens = batch;
    return new Promise((resolve, reject) => {
      const waiting = tokens.get(token);
      if (waiting) waiting.push({ resolve, reject });
      else tokens.set(token, [{ resolve, reject }]);
    });
  };
}
