/**
 * The permission check every route goes through: who is signed in, may their role do this, and
 * does a state change carry the session's CSRF token. The session is read from the database for
 * every request (a signed-out or deactivated account is refused at once, by every process), with
 * the data version the read cache needs, in one query shared by the requests that arrive together
 * (session-reader.ts).
 */
import type { Actor } from '../../kernel/actor.ts';
import { ForbiddenError, UnauthenticatedError } from '../../kernel/errors.ts';
import type { Sql } from '../../platform/database.ts';
import type { Authorize } from '../../platform/http.ts';
import { roleAllows } from './domain/permissions.ts';
import { actorOf } from './identity.service.ts';
import { sessionReader } from './session-reader.ts';

const ANONYMOUS: Actor = {
  userId: null,
  login: 'anonyme',
  displayName: 'anonyme',
  territories: [],
  permissions: [],
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authorizer(sql: Sql): Authorize {
  const readSession = sessionReader(sql);
  return async ({ sessionToken, csrfToken, method, permission }) => {
    if (permission === 'public') return { actor: ANONYMOUS, dataVersion: null };
    const resolved = await readSession(sessionToken);
    if (!resolved)
      throw new UnauthenticatedError('UNAUTHENTICATED', 'Connectez-vous pour accéder à cette page.');
    const { session, dataVersion } = resolved;
    if (!roleAllows(session.user.role, permission)) {
      throw new ForbiddenError(`Votre rôle (${session.user.roleLabel}) ne permet pas cette action.`);
    }
    if (!SAFE_METHODS.has(method) && csrfToken !== session.csrfToken) {
      throw new ForbiddenError('Jeton CSRF absent ou invalide : rechargez la page.', 'CSRF_INVALID');
    }
    return { actor: actorOf(session.user), dataVersion };
  };
}
