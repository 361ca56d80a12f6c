/**
 * Sign-in, sessions and the agents' accounts. The same answer is given for an unknown login and a
 * wrong password (after the same work); repeated failures are refused for a while (per login and
 * per address), counted in the database so that several app processes share the limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Actor, systemActor } from '../../kernel/actor.ts';
import {
  ConflictError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthenticatedError,
  ValidationError,
} from '../../kernel/errors.ts';
import { type DataVersion, parseDataVersion } from '../../platform/data-version.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import { resolveTerritories } from '../collectivite/index.ts';
import { DUMMY_HASH, generatePassword, hashPassword, verifyPassword } from './domain/passwords.ts';
import { isTerritoryLimited, ROLE_LABELS, ROLE_PERMISSIONS, type Role } from './domain/permissions.ts';
import {
  countRecentFailures,
  countUsers,
  deleteSession,
  deleteSessionsOfUser,
  insertAttempt,
  insertSession,
  insertUser,
  selectSessions,
  selectUser,
  selectUserByLogin,
  selectUsers,
  type UserRow,
  updateUserRow,
} from './identity.repository.ts';
import type { UserInput, UserPatch } from './identity.schemas.ts';

export const SESSION_HOURS = 10;
const FAILURE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_LOGIN = 5;
const MAX_FAILURES_PER_ADDRESS = 30;

export interface User {
  id: number;
  login: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  territories: string[];
  active: boolean;
  version: number;
}

export interface SessionUser {
  user: User;
  csrfToken: string;
}

/** The account as the services see it (never its password hash, which the session lookup does not read). */
function toUser(row: Omit<UserRow, 'password_hash'>): User {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    roleLabel: ROLE_LABELS[row.role],
    territories: row.territories,
    active: row.is_active,
    version: row.version,
  };
}

/** The user as the services see them: an instructeur is limited to their territories. */
export function actorOf(user: User): Actor {
  return {
    userId: user.id,
    login: user.login,
    displayName: user.displayName,
    territories: isTerritoryLimited(user.role) ? user.territories : 'all',
    permissions: ROLE_PERMISSIONS[user.role],
  };
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

const WRONG = 'Identifiant ou mot de passe incorrect.';

export async function signIn(
  db: Database,
  credentials: { login: string; password: string; ip: string },
): Promise<{ token: string; session: SessionUser }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  // Attempts on one login are checked one at a time (count, verify, record): simultaneous guesses
  // cannot slip past the limit.
  const outcome = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(4242004, hashtext(lower($1)))', [credentials.login]);
    const failures = await countRecentFailures(tx, credentials.login, credentials.ip, FAILURE_WINDOW_MINUTES);
    if (failures.byLogin >= MAX_FAILURES_PER_LOGIN || failures.byIp >= MAX_FAILURES_PER_ADDRESS)
      return 'limited';
    const row = await selectUserByLogin(tx, credentials.login);
    const valid = await verifyPassword(credentials.password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !valid || !row.is_active) {
      await insertAttempt(tx, { login: credentials.login, ip: credentials.ip, succeeded: false });
      return 'refused';
    }
    await insertAttempt(tx, { login: credentials.login, ip: credentials.ip, succeeded: true });
    await insertSession(tx, {
      tokenHash: digest(token),
      userId: row.id,
      csrfToken,
      expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000),
    });
    return row;
  });
  if (outcome === 'limited') {
    throw new TooManyAttemptsError(
      `Trop de tentatives de connexion échouées : réessayez dans ${FAILURE_WINDOW_MINUTES} minutes.`,
    );
  }
  if (outcome === 'refused') throw new UnauthenticatedError('INVALID_CREDENTIALS', WRONG);
  return { token, session: { user: toUser(outcome), csrfToken } };
}

export async function resolveSession(sql: Sql, token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  return (await resolveSessions(sql, [token])).get(token)?.session ?? null;
}

/** A live session, with the data version read by the same statement. */
export interface ResolvedSession {
  session: SessionUser;
  dataVersion: DataVersion | null;
}

/**
 * The live sessions of these tokens (absent: unknown, expired, or of a deactivated account), each
 * with the data version, in one query whatever their number.
 */
export async function resolveSessions(
  sql: Sql,
  tokens: readonly string[],
): Promise<Map<string, ResolvedSession>> {
  const tokenByDigest = new Map(tokens.map((token) => [digest(token), token]));
  const rows = await selectSessions(sql, [...tokenByDigest.keys()]);
  const resolved = new Map<string, ResolvedSession>();
  for (const row of rows) {
    const token = tokenByDigest.get(row.token_hash);
    if (token === undefined) continue;
    resolved.set(token, {
      session: { user: toUser(row), csrfToken: row.csrf_token },
      dataVersion: parseDataVersion(row.data_version),
    });
  }
  return resolved;
}

export async function signOut(sql: Sql, token: string): Promise<void> {
  await deleteSession(sql, digest(token));
}

export async function listUsers(sql: Sql): Promise<User[]> {
  return (await selectUsers(sql)).map(toUser);
}

async function checkTerritories(sql: Sql, role: Role, territories: readonly string[]): Promise<void> {
  await resolveTerritories(sql, territories);
  if (role === 'instructeur' && territories.length === 0) {
    throw new ValidationError([
      { field: 'territories', message: 'un·e instructeur·rice a au moins un territoire' },
    ]);
  }
}

export async function createUser(db: Database, input: UserInput, actor: Actor): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    // One creation per login at a time: the second sees the first and gets a field error, not a 500.
    await tx.query('select pg_advisory_xact_lock(4242005, hashtext(lower($1)))', [input.login]);
    if (await selectUserByLogin(tx, input.login)) {
      throw new ValidationError([
        { field: 'login', message: `l'identifiant « ${input.login} » est déjà pris` },
      ]);
    }
    await checkTerritories(tx, input.role, input.territories);
    const created = await insertUser(tx, { ...input, passwordHash });
    const after = await selectUser(tx, created);
    await recordAudit(tx, {
      actor,
      action: 'create',
      entity: 'user',
      entityId: created,
      before: null,
      after: after ? toUser(after) : null,
    });
    return created;
  });
  const row = await selectUser(db, id);
  if (!row) throw new NotFoundError('Utilisateur', id);
  return toUser(row);
}

export async function updateUser(db: Database, id: number, patch: UserPatch, actor: Actor): Promise<User> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  await db.transaction(async (tx) => {
    const current = await selectUser(tx, id, { forUpdate: true });
    if (!current) throw new NotFoundError('Utilisateur', id);
    if (current.version !== patch.version) {
      throw new ConflictError(
        `Le compte « ${current.login} » a été modifié par quelqu'un d'autre depuis votre lecture.`,
        { current: toUser(current) },
      );
    }
    const next = {
      displayName: patch.displayName ?? current.display_name,
      role: patch.role ?? current.role,
      territories: patch.territories ?? current.territories,
      isActive: patch.active ?? current.is_active,
      passwordHash: passwordHash ?? current.password_hash,
    };
    if (actor.userId === id && (!next.isActive || next.role !== current.role)) {
      throw new ValidationError([
        {
          field: next.isActive ? 'role' : 'active',
          message: 'on ne peut ni désactiver son propre compte ni changer son propre rôle',
        },
      ]);
    }
    await checkTerritories(tx, next.role, next.territories);
    await updateUserRow(tx, id, next);
    if (!next.isActive || passwordHash) await deleteSessionsOfUser(tx, id);
    const after = await selectUser(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'update',
      entity: 'user',
      entityId: id,
      before: toUser(current),
      after: after ? toUser(after) : null,
    });
  });
  const row = await selectUser(db, id);
  if (!row) throw new NotFoundError('Utilisateur', id);
  return toUser(row);
}

/**
 * On a database without any account, creates the administrator with a random password, returned
 * once for the console. Never a fixed default password.
 */
export async function ensureInitialAdministrator(
  db: Database,
): Promise<{ login: string; password: string } | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(4242003)');
    if ((await countUsers(tx)) > 0) return null;
    const id = await insertUser(tx, {
      login: 'admin',
      displayName: 'Administrateur',
      passwordHash,
      role: 'administrateur',
      territories: [],
    });
    await recordAudit(tx, {
      actor: systemActor('système'),
      action: 'create',
      entity: 'user',
      entityId: id,
      before: null,
      after: { login: 'admin', role: 'administrateur' },
    });
    return { login: 'admin', password };
  });
}

/** For tests and scripts: an account with a known password. */
export async function createUserDirectly(
  db: Database,
  user: { login: string; displayName: string; role: Role; territories?: string[]; password: string },
): Promise<User> {
  const passwordHash = await hashPassword(user.password);
  const id = await insertUser(db, { ...user, territories: user.territories ?? [], passwordHash });
  const row = await selectUser(db, id);
  if (!row) throw new NotFoundError('Utilisateur', id);
  return toUser(row);
}
