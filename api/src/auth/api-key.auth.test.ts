import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../errors/api-errors.js';
import { keyFromHeaders, requireRole } from './api-key.auth.js';

describe('keyFromHeaders', () => {
  it('reads a Bearer token or X-API-Key, and nothing else', () => {
    expect(keyFromHeaders({ authorization: 'Bearer abc' })).toBe('abc');
    expect(keyFromHeaders({ authorization: 'bearer  abc ' })).toBe('abc');
    expect(keyFromHeaders({ 'x-api-key': ' k1 ' })).toBe('k1');
    expect(keyFromHeaders({ authorization: 'Basic dXNlcjpwdw==' })).toBeUndefined();
    expect(keyFromHeaders({})).toBeUndefined();
  });
});

describe('requireRole', () => {
  it('lets admin do everything and a reader only reader things', () => {
    const reader = { keyId: '1', name: 'r', role: 'reader' as const };
    const admin = { keyId: '2', name: 'a', role: 'admin' as const };
    expect(() => requireRole(reader, 'reader')).not.toThrow();
    expect(() => requireRole(admin, 'reader')).not.toThrow();
    expect(() => requireRole(admin, 'admin')).not.toThrow();
    expect(() => requireRole(reader, 'admin')).toThrow(ForbiddenError);
  });
});
