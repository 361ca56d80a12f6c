/**
 * The API client: same origin, JSON, the session cookie sent with every request and the CSRF token
 * with every request that changes something. Errors come back as ApiError carrying the server's
 * French message and, for a 400, the fields it names.
 */

export interface FieldIssue {
  field: string;
  message: string;
}

/** The error body every API error has (src/platform/http.ts). */
export interface ErrorBody {
  error: string;
  message: string;
  fields?: FieldIssue[];
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: readonly FieldIssue[];
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error;
    this.fields = body.fields ?? [];
    this.details = body.details;
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Set by the session when the user signs in, cleared when they sign out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the server answers 401 to a request: the session sends the user to sign in. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { error?: unknown }).error === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

const FALLBACK_MESSAGES: Record<number, string> = {
  401: 'Vous devez vous connecter.',
  403: "Vous n'avez pas le droit de faire cette action.",
  404: 'Introuvable.',
  429: 'Trop de tentatives : réessayez dans quelques minutes.',
};

export interface RequestOptions {
  signal?: AbortSignal;
  /** The sign-in requests handle their own 401 (bad credentials) instead of redirecting. */
  handleUnauthenticated?: boolean;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      error: 'NETWORK',
      message: 'Le serveur ne répond pas : vérifiez votre connexion puis réessayez.',
    });
  }
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text === '' ? undefined : JSON.parse(text);
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    const errorBody: ErrorBody = isErrorBody(payload)
      ? payload
      : {
          error: `HTTP_${response.status}`,
          message: FALLBACK_MESSAGES[response.status] ?? `Erreur du serveur (${response.status}).`,
        };
    if (response.status === 401 && options.handleUnauthenticated !== false) onUnauthenticated?.();
    throw new ApiError(response.status, errorBody);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** A query string from the defined, non-empty values. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}
