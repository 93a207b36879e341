import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { CircuitOpenError } from './llm-errors.js';

const fail = (): Promise<never> => Promise.reject(new Error('boom'));
const ok = (): Promise<string> => Promise.resolve('ok');

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures and refuses at once', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) await expect(breaker.exec(fail)).rejects.toThrow('boom');
    expect(breaker.state).toBe('open');
    let called = false;
    await expect(breaker.exec(() => ((called = true), ok()))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    now = 500;
    await expect(breaker.exec(ok)).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('lets one probe through after openMs: success closes, failure re-opens', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 1000, now: () => now });
    await expect(breaker.exec(fail)).rejects.toThrow('boom');
    now = 1000;
    expect(breaker.state).toBe('half_open');
    await expect(breaker.exec(fail)).rejects.toThrow('boom');
    expect(breaker.state).toBe('open');
    now = 2000;
    await expect(breaker.exec(ok)).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('admits only one probe while half open', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 10, now: () => now });
    await expect(breaker.exec(fail)).rejects.toThrow('boom');
    now = 10;
    let release!: () => void;
    const probe = breaker.exec(() => new Promise<string>((resolve) => (release = () => resolve('probe'))));
    await expect(breaker.exec(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await expect(probe).resolves.toBe('probe');
    expect(breaker.state).toBe('closed');
  });

  it('does not count errors the caller excludes (a budget refusal is not an outage)', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 1000 });
    await expect(breaker.exec(fail, () => false)).rejects.toThrow('boom');
    expect(breaker.state).toBe('closed');
    await expect(breaker.exec(ok)).resolves.toBe('ok');
  });
});
