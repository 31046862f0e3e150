/**
 * One error type for everything the application refuses on purpose. Each module declares its
 * closed set of codes; the HTTP layer maps an AppError to RFC 9457 problem+json in one place.
 */
export interface FieldError {
  path: string;
  message: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export class AppError extends Error {
  readonly code: string;
  readonly status: ErrorStatus;
  readonly errors: FieldError[] | undefined;
  /** Response headers that go with the problem, e.g. Retry-After on a 429. */
  readonly headers: Record<string, string> | undefined;
  constructor(
    code: string,
    status: ErrorStatus,
    message: string,
    options?: { errors?: FieldError[]; cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = status;
    this.errors = options?.errors;
    this.headers = options?.headers;
  }
}

/** Platform-wide codes; modules add their own (`auth.invalid_credentials`, …). */
export const errors = {
  validation: (errors: FieldError[], message = "The request is not valid.") =>
    new AppError("validation_failed", 400, message, { errors }),
  unauthenticated: () => new AppError("auth.unauthenticated", 401, "Log in to continue."),
  forbidden: () => new AppError("forbidden", 403, "You are not allowed to do this."),
  notFound: (what = "resource") => new AppError("not_found", 404, `The ${what} does not exist.`),
  conflict: (code: string, message: string) => new AppError(code, 409, message),
  csrf: () =>
    new AppError("csrf_failed", 403, "The request is missing its CSRF token. Reload the page."),
  rateLimited: () =>
    new AppError("rate_limited", 429, "Too many requests. Wait a little and try again."),
};
