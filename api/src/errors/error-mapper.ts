import { AppError, type ErrorCode } from '@ailog/processor';

/** The one error shape of both surfaces (REST body `{ error }`, GraphQL `extensions`). */
export interface PublicError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BUDGET_EXCEEDED: 429,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  CONFLICT: 409,
  INTERNAL: 500,
};

// Codes whose message is written for the caller; anything else is masked so internals
// (SQL, paths, stack traces) never reach a client.
const CALLER_FACING = new Set<ErrorCode>(['BAD_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'BUDGET_EXCEEDED', 'CONFLICT']);

/** HTTP status for an error code. */
export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/**
 * Maps any thrown value to the public error. The single place where errors become HTTP statuses
 * and GraphQL codes; `isUnexpected` tells the caller to log it.
 */
export function toPublicError(error: unknown): PublicError & { readonly status: number; readonly isUnexpected: boolean } {
  if (error instanceof AppError) {
    const status = httpStatusFor(error.code);
    if (CALLER_FACING.has(error.code)) {
      const details = Object.keys(error.details).length > 0 ? { details: error.details } : {};
      return { code: error.code, message: error.message, ...details, status, isUnexpected: false };
    }
    if (error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT') {
      return { code: error.code, message: 'a dependency is unavailable, retry later', status, isUnexpected: true };
    }
    return { code: error.code, message: 'internal error', status, isUnexpected: true };
  }
  return { code: 'INTERNAL', message: 'internal error', status: 500, isUnexpected: true };
}

/** The REST response body for an error. */
export function errorBody(error: PublicError): { error: PublicError } {
  const { code, message, details } = error;
  return { error: details ? { code, message, details } : { code, message } };
}
