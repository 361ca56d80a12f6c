/**
 * The HTTP layer: routes declared as data (method, path, permission, schemas, handler), validated
 * with the modules' zod schemas, described in an OpenAPI document built from the same schemas,
 * and errors turned into French answers that name each bad field.
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
import type { Database } from './database.ts';

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

/** Resolves who sends a request and checks the route's permission; throws 401 or 403. */
export type Authorize = (request: {
  sessionToken: string | undefined;
  csrfToken: string | undefined;
  method: string;
  permission: Permission;
}) => Promise<Actor>;

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
  handler: (context: RouteContext<TBody, TQuery, TParams>) => Promise<unknown>;
}

/** Keeps the route's types when it is put in a list of routes of different shapes. */
export function defineRoute<TBody = unknown, TQuery = unknown, TParams = unknown>(
  route: RouteDefinition<TBody, TQuery, TParams>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
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

export async function buildServer(options: {
  db: Database;
  routes: readonly RouteDefinition[];
  authorize: Authorize;
  logger?: boolean;
  trustProxy?: boolean;
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
  const openApi = buildOpenApi(options.routes);
  app.get('/api/openapi.json', async () => openApi);
  for (const route of options.routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const csrfHeader = request.headers['x-csrf-token'];
        const actor = await options.authorize({
          sessionToken: readCookie(request.headers.cookie, SESSION_COOKIE),
          csrfToken: typeof csrfHeader === 'string' ? csrfHeader : undefined,
          method: request.method,
          permission: route.permission,
        });
        const params = parseWith(route.params, request.params, 'params');
        const query = parseWith(route.query, request.query, 'query');
        const body = parseWith(route.body, request.body, 'body');
        const result = await route.handler({ db: options.db, body, query, params, actor, request, reply });
        if (reply.sent) return reply;
        return reply.status(route.successStatus ?? 200).send(result);
      },
    });
  }
  return app;
}
