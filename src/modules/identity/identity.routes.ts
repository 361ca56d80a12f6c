/** HTTP routes of the identity module: the session (sign-in, sign-out) and the accounts. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../../kernel/errors.ts';
import { defineRoute, idParams, readCookie, SESSION_COOKIE } from '../../platform/http.ts';
import { signInSchema, userInputSchema, userPatchSchema } from './identity.schemas.ts';
import {
  createUser,
  listUsers,
  resolveSession,
  SESSION_HOURS,
  signIn,
  signOut,
  updateUser,
} from './identity.service.ts';

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over TLS. */
function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
) {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`,
  );
}

export const identityRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/session',
    permission: 'public',
    tag: 'identity',
    summary: 'La session en cours : utilisateur et jeton CSRF à renvoyer dans X-CSRF-Token',
    handler: async ({ db, request }) => {
      const session = await resolveSession(db, readCookie(request.headers.cookie, SESSION_COOKIE));
      if (!session) throw new UnauthenticatedError('UNAUTHENTICATED', 'Vous n’êtes pas connecté·e.');
      return session;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/session',
    permission: 'public',
    tag: 'identity',
    summary: 'Se connecter (limité en cas d’échecs répétés)',
    body: signInSchema,
    handler: async ({ db, body, request, reply }) => {
      const { token, session } = await signIn(db, { ...body, ip: request.ip });
      setSessionCookie(request, reply, token, SESSION_HOURS * 3600);
      return session;
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/session',
    permission: 'signed_in',
    tag: 'identity',
    summary: 'Se déconnecter',
    handler: async ({ db, request, reply }) => {
      const token = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (token) await signOut(db, token);
      setSessionCookie(request, reply, '', 0);
      return { signedOut: true };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/users',
    permission: 'users:admin',
    tag: 'identity',
    summary: 'Les comptes des agents',
    handler: async ({ db }) => listUsers(db),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/users',
    permission: 'users:admin',
    tag: 'identity',
    summary: 'Créer un compte (rôle et territoires)',
    body: userInputSchema,
    successStatus: 201,
    handler: async ({ db, body, actor }) => createUser(db, body, actor),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/users/:id',
    permission: 'users:admin',
    tag: 'identity',
    summary: 'Modifier un compte : nom, rôle, territoires, activation, mot de passe',
    params: idParams,
    body: userPatchSchema,
    handler: async ({ db, params, body, actor }) => updateUser(db, params.id, body, actor),
  }),
];
