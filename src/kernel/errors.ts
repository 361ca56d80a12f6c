/**
 * Errors carry a stable code (for programs and tests) and a French message (for people). A field
 * path is given when the error is about one input field.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    options?: { field?: string; details?: Record<string, unknown> },
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = options?.field;
    this.details = options?.details;
  }
}

/** The record asked for does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super('NOT_FOUND', `${what} introuvable : ${id}.`);
    this.name = 'NotFoundError';
  }
}

/** Somebody else changed the record since it was read (HTTP 409). */
export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details ? { details } : undefined);
    this.name = 'ConflictError';
  }
}

/** One or more input fields are invalid (HTTP 400). */
export class ValidationError extends DomainError {
  readonly issues: readonly { field: string; message: string }[];

  constructor(issues: readonly { field: string; message: string }[]) {
    super('VALIDATION', issues.map((issue) => `${issue.field} : ${issue.message}`).join(' ; '));
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Nobody is signed in, or the credentials are wrong (HTTP 401). */
export class UnauthenticatedError extends DomainError {
  constructor(code: 'UNAUTHENTICATED' | 'INVALID_CREDENTIALS', message: string) {
    super(code, message);
    this.name = 'UnauthenticatedError';
  }
}

/** Signed in, but not allowed to do this (HTTP 403). */
export class ForbiddenError extends DomainError {
  constructor(message: string, code = 'FORBIDDEN') {
    super(code, message);
    this.name = 'ForbiddenError';
  }
}

/** Too many attempts: wait before trying again (HTTP 429). */
export class TooManyAttemptsError extends DomainError {
  constructor(message: string) {
    super('TOO_MANY_ATTEMPTS', message);
    this.name = 'TooManyAttemptsError';
  }
}
