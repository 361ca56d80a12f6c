/**
 * The HTTP layer: routes declared as data (method, path, permission, schemas, handler), validated
 * with the modules' zod schemas, described in an OpenAPI document built from the same schemas,
 * and errors turned into French answers that name each bad field. Read routes marked `cached` keep
 * their serialised answers while the data version is unchanged (response-cache.ts).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../kernel/actor.ts';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthenticatedError,
  ValidationError,
} from '../kernel/errors.ts';
import type { Permission } from '../kernel/permissions.ts';
import type { DataVersion } from './data-version.ts';
import type { Database } from './database.ts';
import { DEFAULT_RESPONSE_CACHE_BYTES, ResponseCache } from './response-cache.ts';

z.config(z.locales.fr());

export type { Permission };

export interface RouteContext<TBody, TQuery, TParams> {
  db: Database;
  body: TBody;
  query: TQuery;
  params: TParams;
  /** Who acts: checked against the route's permission, recorded in the audit trail. */
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

export const SESSION_COOKIE = 'inclusio_session';

/** Who sends a request, and the data version read in the same round trip (null when not read). */
export interface Authorization {
  actor: Actor;
  dataVersion: DataVersion | null;
}

/** Resolves who sends a request and checks the route's permission; throws 401 or 403. */
export type Authorize = (request: {
  sessionToken: string | undefined;
  csrfToken: string | undefined;
  method: string;
  permission: Permission;
}) => Promise<Authorization>;

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined; // not even valid percent-encoding: no session
      }
    }
  }
  return undefined;
}

export interface RouteDefinition<TBody = unknown, TQuery = unknown, TParams = unknown> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  permission: Permission;
  summary: string;
  tag: string;
  body?: z.ZodType<TBody>;
  query?: z.ZodType<TQuery>;
  params?: z.ZodType<TParams>;
  /** 200 by default; 201 for creations. */
  successStatus?: number;
  /**
   * A GET whose answer may be served again, already serialised, while the data version is unchanged
   * (response-cache.ts). Only for a handler that returns its answer (it does not use `reply`), and
   * whose answer depends on nothing but the params, the query, the actor's territories and
   * permissions, and tables the data version covers (data-version.ts). The permission is checked
   * before, on every request; the key holds what the actor may see, never a user's identity.
   */
  cached?: boolean;
  /** The largest body accepted, in bytes (1 MiB by default): more for an uploaded file. */
  bodyLimit?: number;
  handler: (context: RouteContext<TBody, TQuery, TParams>) => Promise<unknown>;
}

/** Keeps the route's types when it is put in a list of routes of different shapes. */
export function defineRoute<TBody = unknown, TQuery = unknown, TParams = unknown>(
  route: RouteDefinition<TBody, TQuery, TParams>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
}

/** "attachment; filename=…" with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const base = fileName.split('/').at(-1) ?? fileName;
  const ascii = base.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}

export const idParams = z.object({
  id: z.coerce
    .number({ error: 'identifiant numérique attendu' })
    .int()
    .positive({ message: 'identifiant numérique attendu' }),
});
export const callCodeParams = z.object({ code: z.string().min(1).max(64) });

/** Field paths as the client sent them ("siret", "query.format"); the whole body is "body". */
function zodIssues(error: z.ZodError, prefix: string, whole: string): { field: string; message: string }[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.') || whole,
    message: issue.message,
  }));
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value ?? (prefix === 'body' ? undefined : {}));
  if (!result.success)
    throw new ValidationError(zodIssues(result.error, prefix === 'body' ? '' : prefix, prefix));
  return result.data;
}

export interface ErrorBody {
  error: string;
  message: string;
  fields?: { field: string; message: string }[];
  details?: Record<string, unknown>;
}

export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ValidationError) {
    return {
      status: 400,
      body: {
        error: error.code,
        message: `Données invalides : ${error.issues.map((issue) => `${issue.field} — ${issue.message}`).join(' ; ')}`,
        fields: [...error.issues],
      },
    };
  }
  if (error instanceof NotFoundError)
    return { status: 404, body: { error: error.code, message: error.message } };
  if (error instanceof UnauthenticatedError)
    return { status: 401, body: { error: error.code, message: error.message } };
  if (error instanceof ForbiddenError)
    return { status: 403, body: { error: error.code, message: error.message } };
  if (error instanceof TooManyAttemptsError)
    return { status: 429, body: { error: error.code, message: error.message } };
  if (error instanceof ConflictError) {
    return {
      status: 409,
      body: {
        error: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      },
    };
  }
  if (error instanceof DomainError) {
    return {
      status: 422,
      body: {
        error: error.code,
        message: error.message,
        ...(error.field ? { fields: [{ field: error.field, message: error.message }] } : {}),
        ...(error.details ? { details: error.details } : {}),
      },
    };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    const message =
      fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Type de contenu non pris en charge : envoyez du JSON (Content-Type: application/json).'
        : fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'Corps de requête JSON vide.'
          : 'Requête invalide : corps JSON illisible.';
    return { status: fastifyError.statusCode, body: { error: fastifyError.code ?? 'BAD_REQUEST', message } };
  }
  return { status: 500, body: { error: 'INTERNAL', message: 'Erreur interne du serveur.' } };
}

function openApiPath(url: string): string {
  return url.replace(/:([a-zA-Z]+)/g, '{$1}');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

export function buildOpenApi(routes: readonly RouteDefinition[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: Record<string, unknown>[] = [];
    for (const [location, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const properties = (jsonSchema(schema, 'input').properties ?? {}) as Record<string, unknown>;
      for (const [name, property] of Object.entries(properties)) {
        parameters.push({ name, in: location, required: location === 'path', schema: property });
      }
    }
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      'x-permission': route.permission,
      parameters,
      responses: {
        [String(route.successStatus ?? 200)]: { description: 'Succès' },
        ...(route.body || route.query || route.params
          ? { 400: { description: 'Données invalides (champs nommés)' } }
          : {}),
        ...(route.params ? { 404: { description: 'Introuvable' } } : {}),
        ...(route.method === 'PATCH'
          ? { 409: { description: 'Modifié par quelqu’un d’autre depuis la lecture' } }
          : {}),
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      };
    }
    const path = openApiPath(route.url);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inclusio API',
      version: '0.1.0',
      description: "API d'Inclusio : appels à projets, structures, demandes, budget, contrôle de cohérence.",
    },
    paths,
  };
}

/**
 * What a cached answer depends on besides the data: the route, its parsed params and query (zod has
 * dropped unknown keys and filled the defaults, in the schema's order: `?limit=50&call=X` and
 * `?call=X&limit=50&unknown=1` are one key) and what the actor may see.
 */
function cacheKey(route: RouteDefinition, params: unknown, query: unknown, actor: Actor): string {
  const territories = actor.territories === 'all' ? '*' : JSON.stringify([...actor.territories].sort());
  return `${route.method} ${route.url}\n${JSON.stringify(params ?? null)}\n${JSON.stringify(query ?? null)}\n${territories}\n${permissionsKey(actor.permissions)}`;
}

/** A role's permissions are one array for all its actors: its key is computed once. */
const permissionKeys = new WeakMap<readonly Permission[], string>();
function permissionsKey(permissions: Actor['permissions']): string {
  if (permissions === 'all') return '*';
  let key = permissionKeys.get(permissions);
  if (key === undefined) {
    key = JSON.stringify([...permissions].sort());
    permissionKeys.set(permissions, key);
  }
  return key;
}

const JSON_TYPE = 'application/json; charset=utf-8';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's read cache (undefined when turned off): its figures, for tests and benchmarks. */
    responseCache: ResponseCache | undefined;
  }
}

export async function buildServer(options: {
  db: Database;
  routes: readonly RouteDefinition[];
  authorize: Authorize;
  logger?: boolean;
  trustProxy?: boolean;
  /** The memory of the read cache in bytes (64 MiB by default); 0 turns it off. */
  responseCacheBytes?: number;
}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1_048_576,
    trustProxy: options.trustProxy ?? false,
  });
  // The API speaks JSON only: a text body is refused (415) rather than read as a string.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) app.log.error(error);
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ error: 'NOT_FOUND', message: `Aucune ressource à l'adresse ${request.url}.` });
  });
  const cacheBytes = options.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES;
  const cache = cacheBytes > 0 ? new ResponseCache({ maxBytes: cacheBytes }) : undefined;
  app.decorate('responseCache', cache);
  const openApi = buildOpenApi(options.routes);
  app.get('/api/openapi.json', async () => openApi);
  for (const route of options.routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
      handler: async (request, reply) => {
        const csrfHeader = request.headers['x-csrf-token'];
        const { actor, dataVersion } = await options.authorize({
          sessionToken: readCookie(request.headers.cookie, SESSION_COOKIE),
          csrfToken: typeof csrfHeader === 'string' ? csrfHeader : undefined,
          method: request.method,
          permission: route.permission,
        });
        const params = parseWith(route.params, request.params, 'params');
        const query = parseWith(route.query, request.query, 'query');
        const body = parseWith(route.body, request.body, 'body');
        const status = route.successStatus ?? 200;
        if (cache && route.cached && route.method === 'GET' && dataVersion !== null) {
          // This request's own answer, when it computed one that may not be kept.
          let own: { result: unknown } | undefined;
          const kept = await cache.fetch(cacheKey(route, params, query, actor), dataVersion, async () => {
            const result = await route.handler({
              db: options.db,
              body,
              query,
              params,
              actor,
              request,
              reply,
            });
            // Only a JSON object or array is kept: what Fastify would have sent for it, byte for byte.
            if (reply.sent || typeof result !== 'object' || result === null) {
              own = { result };
              return undefined;
            }
            return Buffer.from(JSON.stringify(result));
          });
          if (reply.sent) return reply;
          if (kept !== undefined) return reply.status(status).type(JSON_TYPE).send(kept);
          return reply.status(status).send(own?.result);
        }
        const result = await route.handler({ db: options.db, body, query, params, actor, request, reply });
        if (reply.sent) return reply;
        return reply.status(status).send(result);
      },
    });
  }
  return app;
}
