/**
 * The permission check every route goes through: who is signed in, may their role do this, and
 * does a state change carry the session's CSRF token.
 */
import type { Actor } from '../../kernel/actor.ts';
import { ForbiddenError, UnauthenticatedError } from '../../kernel/errors.ts';
import type { Sql } from '../../platform/database.ts';
import type { Authorize } from '../../platform/http.ts';
import { roleAllows } from './domain/permissions.ts';
import { actorOf, resolveSession } from './identity.service.ts';

const ANONYMOUS: Actor = {
  userId: null,
  login: 'anonyme',
  displayName: 'anonyme',
  territories: [],
  permissions: [],
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authorizer(sql: Sql): Authorize {
  return async ({ sessionToken, csrfToken, method, permission }) => {
    if (permission === 'public') return ANONYMOUS;
    const session = await resolveSession(sql, sessionToken);
    if (!session)
      throw new UnauthenticatedError('UNAUTHENTICATED', 'Connectez-vous pour accéder à cette page.');
    if (!roleAllows(session.user.role, permission)) {
      throw new ForbiddenError(`Votre rôle (${session.user.roleLabel}) ne permet pas cette action.`);
    }
    if (!SAFE_METHODS.has(method) && csrfToken !== session.csrfToken) {
      throw new ForbiddenError('Jeton CSRF absent ou invalide : rechargez la page.', 'CSRF_INVALID');
    }
    return actorOf(session.user);
  };
}
