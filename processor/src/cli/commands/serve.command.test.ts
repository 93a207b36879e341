import { describe, expect, it } from 'vitest';
import { roleOf, serveBanner } from './serve.command.js';

describe('roleOf', () => {
  it('maps --no-api to the processor role and refuses contradictions', () => {
    expect(roleOf({ api: true })).toBe('all');
    expect(roleOf({ api: true, role: 'api' })).toBe('api');
    expect(roleOf({ api: false })).toBe('processor');
    expect(roleOf({ api: false, role: 'processor' })).toBe('processor');
    expect(() => roleOf({ api: false, role: 'api' })).toThrow(/contradicts/);
  });
});

describe('serveBanner', () => {
  it('names the endpoints and shows a key only when one was issued', () => {
    const withKey = serveBanner('http://127.0.0.1:8000', 'pglite', 'ailog_secret');
    expect(withKey).toContain('http://127.0.0.1:8000/graphql');
    expect(withKey).toContain('embedded database');
    expect(withKey).toContain('ailog_secret');
    expect(serveBanner('http://h:1', 'postgres', null)).not.toContain('API key');
  });
});
