import { describe, expect, it } from 'vitest';
import { AppError, UnavailableError } from '../domain/errors.js';
import { isTransientDbError, toStorageError } from './db-errors.js';

function pgError(code: string): Error {
  return Object.assign(new Error('boom'), { code });
}

describe('database error classification', () => {
  it('treats lost connections, shutdowns and deadlocks as transient', () => {
    expect(isTransientDbError(pgError('08006'))).toBe(true);
    expect(isTransientDbError(pgError('57P01'))).toBe(true);
    expect(isTransientDbError(pgError('40P01'))).toBe(true);
    expect(isTransientDbError(pgError('ECONNREFUSED'))).toBe(true);
    expect(isTransientDbError(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'))).toBe(true);
  });

  it('treats node-postgres connection-state errors without a code as transient (seen in a server restart)', () => {
    // knex prefixes the statement that met the dead client; the driver sets no code on these.
    expect(isTransientDbError(new Error('ROLLBACK - Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isTransientDbError(new Error('Client was closed and is not queryable'))).toBe(true);
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDbError(new Error('Query read timeout'))).toBe(true);
    expect(toStorageError(new Error('insert into logs - Client has encountered a connection error and is not queryable'), 'writing').retriable).toBe(true);
  });

  it('treats constraint and syntax errors as permanent', () => {
    expect(isTransientDbError(pgError('23505'))).toBe(false);
    expect(isTransientDbError(pgError('42601'))).toBe(false);
  });

  it('wraps transient errors as retriable and keeps existing AppErrors', () => {
    const transient = toStorageError(pgError('08006'), 'writing');
    expect(transient).toBeInstanceOf(UnavailableError);
    expect(transient.retriable).toBe(true);
    const permanent = toStorageError(pgError('23505'), 'writing');
    expect(permanent.retriable).toBe(false);
    expect(permanent.details).toEqual({ sqlstate: '23505' });
    const own = new AppError('x', { stage: 'persist' });
    expect(toStorageError(own, 'writing')).toBe(own);
  });
});
