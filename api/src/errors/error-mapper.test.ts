import { AppError, BadInputError, NotFoundError, UnavailableError } from '@ailog/processor';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from './api-errors.js';
import { errorBody, toPublicError } from './error-mapper.js';

describe('toPublicError', () => {
  it('maps caller-facing codes to their status and keeps the message and details', () => {
    expect(toPublicError(new BadInputError('limit too big', 'api'))).toMatchObject({ status: 400, code: 'BAD_INPUT', message: 'limit too big' });
    expect(toPublicError(new NotFoundError('log', '7'))).toMatchObject({ status: 404, details: { what: 'log', id: '7' } });
    expect(toPublicError(new UnauthenticatedError()).status).toBe(401);
    expect(toPublicError(new ForbiddenError()).status).toBe(403);
  });

  it('masks internal and unknown errors and flags them for logging', () => {
    const secret = new Error('relation "logs" does not exist at /srv/x.ts:12');
    expect(toPublicError(secret)).toEqual({ code: 'INTERNAL', message: 'internal error', status: 500, isUnexpected: true });
    const internal = toPublicError(new AppError('SELECT * failed', { stage: 'persist' }));
    expect(internal.message).toBe('internal error');
    expect(toPublicError(new UnavailableError('pg down at 10.0.0.3', 'persist'))).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(JSON.stringify(toPublicError(new UnavailableError('pg down at 10.0.0.3', 'persist')))).not.toContain('10.0.0.3');
  });

  it('builds the REST body without status or flags', () => {
    expect(errorBody(toPublicError(new ForbiddenError('no')))).toEqual({ error: { code: 'FORBIDDEN', message: 'no' } });
  });
});
