/** The only SQL of the identity module. */

import { DATA_VERSION_SQL } from '../../platform/data-version.ts';
import type { Sql } from '../../platform/database.ts';
import type { Role } from './domain/permissions.ts';

export interface UserRow {
  id: number;
  login: string;
  display_name: string;
  password_hash: string;
  role: Role;
  territories: string[];
  is_active: boolean;
  version: number;
}

const USER_COLUMNS = 'id, login, display_name, password_hash, role, territories, is_active, version';

export async function countUsers(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ total: number }>('select count(*)::bigint as total from users');
  return row?.total ?? 0;
}

export async function insertUser(
  sql: Sql,
  user: {
    login: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    territories: readonly string[];
  },
): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into users (login, display_name, password_hash, role, territories) values ($1, $2, $3, $4, $5) returning id`,
    [user.login, user.displayName, user.passwordHash, user.role, user.territories],
  );
  return (row as { id: number }).id;
}

export async function selectUserByLogin(sql: Sql, login: string): Promise<UserRow | undefined> {
  return (
    await sql.query<UserRow>(`select ${USER_COLUMNS} from users where lower(login) = lower($1)`, [login])
  )[0];
}

export async function selectUser(sql: Sql, id: number, options?: { forUpdate?: boolean }) {
  return (
    await sql.query<UserRow>(
      `select ${USER_COLUMNS} from users where id = $1${options?.forUpdate ? ' for update' : ''}`,
      [id],
    )
  )[0];
}

export function selectUsers(sql: Sql): Promise<UserRow[]> {
  return sql.query<UserRow>(`select ${USER_COLUMNS} from users order by lower(login)`);
}

export async function updateUserRow(
  sql: Sql,
  id: number,
  change: {
    displayName: string;
    role: Role;
    territories: readonly string[];
    isActive: boolean;
    passwordHash: string;
  },
): Promise<void> {
  await sql.query(
    `update users set display_name = $2, role = $3, territories = $4, is_active = $5, password_hash = $6,
       version = version + 1, updated_at = now() where id = $1`,
    [id, change.displayName, change.role, change.territories, change.isActive, change.passwordHash],
  );
}

export async function insertSession(
  sql: Sql,
  session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await sql.query(
    'insert into user_sessions (token_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)',
    [session.tokenHash, session.userId, session.csrfToken, session.expiresAt.toISOString()],
  );
}

export type SessionRow = Omit<UserRow, 'password_hash'> & {
  token_hash: string;
  csrf_token: string;
  data_version: string | null;
};

/**
 * The live sessions among these token digests, each with its user, and the data version
 * (data-version.ts) read by the same statement: one round trip for both, for one request or for
 * all the requests that arrived together.
 */
export function selectSessions(sql: Sql, tokenHashes: readonly string[]): Promise<SessionRow[]> {
  return sql.query<SessionRow>(
    `select s.token_hash, u.id, u.login, u.display_name, u.role, u.territories, u.is_active, u.version,
            s.csrf_token, ${DATA_VERSION_SQL} as data_version
       from user_sessions s join users u on u.id = s.user_id
      where s.token_hash = any($1::text[]) and s.expires_at > now() and u.is_active`,
    [tokenHashes],
  );
}

export async function deleteSession(sql: Sql, tokenHash: string): Promise<void> {
  await sql.query('delete from user_sessions where token_hash = $1', [tokenHash]);
}

export async function deleteSessionsOfUser(sql: Sql, userId: number): Promise<void> {
  await sql.query('delete from user_sessions where user_id = $1', [userId]);
}

export async function insertAttempt(sql: Sql, attempt: { login: string; ip: string; succeeded: boolean }) {
  await sql.query('insert into sign_in_attempts (login, ip, succeeded) values ($1, $2, $3)', [
    attempt.login,
    attempt.ip,
    attempt.succeeded,
  ]);
}

export async function countRecentFailures(sql: Sql, login: string, ip: string, minutes: number) {
  const [row] = await sql.query<{ by_login: number; by_ip: number }>(
    `select count(*) filter (where lower(login) = lower($1))::bigint as by_login,
            count(*) filter (where ip = $2)::bigint as by_ip
       from sign_in_attempts
      where not succeeded and attempted_at > now() - make_interval(mins => $3)`,
    [login, ip, minutes],
  );
  return { byLogin: row?.by_login ?? 0, byIp: row?.by_ip ?? 0 };
}
