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
