import type { RenderCtx, ServiceDef, TemplateDef } from '../catalog.js';
import { alnum, email, hex, latencyMs, privateIp, publicIp, uuid } from '../lib/fake-data.js';
import { jsonLine } from '../lib/log-formats.js';

/** Node.js auth service: pino-style JSON lines with user emails (real-looking PII on purpose). */

type Fields = Record<string, string | number | boolean>;

function line(ctx: RenderCtx, level: string, msg: string, fields: Fields): string[] {
  return [jsonLine(ctx.t, level, msg, { service: 'auth', reqId: hex(ctx.rng, 12), ...fields })];
}

const templates: TemplateDef[] = [
  { key: 'login.ok', weight: 20, hint: '"msg":"login succeeded"', latency: true, render: (c) => line(c, 'info', 'login succeeded', { user: email(c.rng), ip: publicIp(c.rng), mfa: c.rng.chance(0.3), durationMs: Math.round(latencyMs(c.rng, 45, c.latencyScale)) }) },
  { key: 'login.failed', weight: 3, hint: '"msg":"login failed"', spike: true, render: (c) => line(c, 'warn', 'login failed', { user: email(c.rng), ip: publicIp(c.rng), reason: c.rng.pick(['invalid_password', 'invalid_password', 'unknown_user']) }) },
  { key: 'token.issued', weight: 18, hint: '"msg":"access token issued"', render: (c) => line(c, 'info', 'access token issued', { user: email(c.rng), clientId: c.rng.pick(['web', 'ios', 'android']), expiresIn: 900, jti: uuid(c.rng) }) },
  { key: 'token.refreshed', weight: 25, hint: '"msg":"token refreshed"', render: (c) => line(c, 'info', 'token refreshed', { user: email(c.rng), clientId: c.rng.pick(['web', 'ios', 'android']), jti: uuid(c.rng) }) },
  { key: 'token.verify', weight: 12, hint: '"msg":"token verified"', render: (c) => line(c, 'debug', 'token verified', { sub: `usr_${alnum(c.rng, 10)}`, aud: 'api', ms: Number(latencyMs(c.rng, 0.8).toFixed(2)) }) },
  { key: 'session.expired', weight: 6, hint: '"msg":"session expired"', render: (c) => line(c, 'info', 'session expired', { user: email(c.rng), sessionId: `sess_${alnum(c.rng, 16)}`, idleMinutes: c.rng.int(30, 240) }) },
  { key: 'logout', weight: 4, hint: '"msg":"user logged out"', render: (c) => line(c, 'info', 'user logged out', { user: email(c.rng), sessionId: `sess_${alnum(c.rng, 16)}` }) },
  { key: 'token.expired', weight: 2, hint: '"msg":"refresh token expired"', render: (c) => line(c, 'warn', 'refresh token expired', { user: email(c.rng), clientId: 'web' }) },
  { key: 'password.reset', weight: 0.6, hint: '"msg":"password reset requested"', render: (c) => line(c, 'info', 'password reset requested', { user: email(c.rng), ip: publicIp(c.rng) }) },
  { key: 'mfa.challenge', weight: 3, hint: '"msg":"mfa challenge sent"', render: (c) => line(c, 'info', 'mfa challenge sent', { user: email(c.rng), channel: c.rng.pick(['totp', 'sms', 'email']) }) },
  { key: 'account.locked', weight: 0.12, hint: '"msg":"account locked after repeated failures"', spike: true, render: (c) => line(c, 'error', 'account locked after repeated failures', { user: email(c.rng), attempts: c.rng.int(5, 8), ip: publicIp(c.rng) }) },
  { key: 'ratelimit', weight: 0.4, hint: '"msg":"rate limit exceeded"', render: (c) => line(c, 'warn', 'rate limit exceeded', { ip: publicIp(c.rng), route: '/login', limit: 20, window: '1m' }) },
  { key: 'user.registered', weight: 1, hint: '"msg":"user registered"', render: (c) => line(c, 'info', 'user registered', { user: email(c.rng), plan: c.rng.pick(['free', 'free', 'plus']) }) },
  { key: 'signing.rotated', weight: 0.01, hint: '"msg":"signing key rotated"', render: (c) => line(c, 'info', 'signing key rotated', { kid: hex(c.rng, 16), alg: 'RS256' }) },
  { key: 'cache.miss', weight: 0.3, hint: '"msg":"user cache miss, loading from database"', render: (c) => line(c, 'debug', 'user cache miss, loading from database', { user: email(c.rng), ms: Math.round(latencyMs(c.rng, 6)) }) },
];

/** The `auth` service (JSON lines with user emails). */
export const authService: ServiceDef = {
  name: 'auth',
  share: 0.15,
  templates,
  periodic: [
    { key: 'jwks.refresh', everySec: 60, jitterSec: 1, hint: '"msg":"jwks cache refreshed"', render: (c) => line(c, 'info', 'jwks cache refreshed', { keys: 2, source: 'https://auth.shop.example/.well-known/jwks.json' }) },
  ],
  newErrors: [
    { hint: '"msg":"failed to verify token signature"', description: 'tokens fail signature verification after a key mix-up', render: (c) => line(c, 'error', 'failed to verify token signature', { kid: hex(c.rng, 16), clientId: c.rng.pick(['web', 'ios']), error: 'JsonWebTokenError: invalid signature' }) },
    { hint: '"msg":"session store write failed"', description: 'session store rejects writes', render: (c) => line(c, 'error', 'session store write failed', { user: email(c.rng), error: 'ReplyError: READONLY You can\'t write against a read only replica.' }) },
  ],
  semanticFailures: [
    { hint: 'ECONNREFUSED', description: 'LDAP directory refuses connections (logged at warn)', render: (c) => line(c, 'warn', 'directory lookup degraded, using cached groups', { user: email(c.rng), error: `connect ECONNREFUSED ${privateIp(c.rng)}:636` }) },
    { hint: 'JavaScript heap out of memory', description: 'auth process runs out of heap (no level)', render: (c) => [`<--- Last few GCs ---> [1:0x${hex(c.rng, 12)}] ${c.rng.int(100_000, 900_000)} ms: Mark-Compact 2041.3 (2083.1) -> 2039.8 (2084.6) MB, FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory`] },
  ],
};
