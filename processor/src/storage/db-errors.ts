import { AppError, UnavailableError, type Stage } from '../domain/errors.js';

// SQLSTATE classes/codes that mean "try again later", not "this data is wrong".
const RETRIABLE_SQLSTATE = /^(08|53|57P|40001|40P01)/;
const RETRIABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when a database error is transient (connection lost, server shutting down, deadlock). */
export function isTransientDbError(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (RETRIABLE_SQLSTATE.test(code) || RETRIABLE_NODE_CODES.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  // node-postgres reports a connection lost mid-transaction without a code: the next statement on
  // that client (often knex's ROLLBACK) fails with "Client has encountered a connection error and
  // is not queryable". Treating that as permanent stopped the consumer during a server restart.
  return /Timeout acquiring a connection|Connection terminated|connection is closed|Connection ended unexpectedly|is not queryable|Query read timeout/i.test(
    message,
  );
}

/** Wraps a driver error in our taxonomy: transient ⇒ UnavailableError (retriable), else a permanent AppError. */
export function toStorageError(error: unknown, what: string, stage: Stage = 'persist'): AppError {
  if (error instanceof AppError) return error;
  if (isTransientDbError(error)) return new UnavailableError(`${what}: database unavailable`, stage, error);
  return new AppError(`${what} failed`, { stage, cause: error, details: { sqlstate: codeOf(error) } });
}
