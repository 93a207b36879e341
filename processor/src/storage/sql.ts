import { createHash } from 'node:crypto';

/** Splits rows into statement-sized chunks (PostgreSQL caps one statement at 65535 parameters). */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * `rows` sorted by a unique key, by code unit. Transactions that write overlapping keys in the
 * same order wait on each other; in different orders they can deadlock.
 */
export function inKeyOrder<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and one such byte would fail the whole batch:
 * it becomes U+FFFD (log lines do carry binary junk).
 */
export function pgText<T extends string | null>(value: T): T {
  return (value === null || !value.includes('\u0000') ? value : value.replaceAll('\u0000', '\uFFFD')) as T;
}

/*
 * JSON.stringify writes a `\u` escape only for control characters and lone surrogates. jsonb
 * rejects two of them: U+0000 and a lone surrogate (JSON logs carry both, e.g. `"\ud800"` parses
 * to one), in values and in keys alike, and one would fail the whole batch.
 */
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

function storableText(text: string): string {
  return pgText(text).toWellFormed();
}

/** A deep copy whose strings and object keys jsonb can store (U+FFFD in place of the rest). */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value === null || typeof value !== 'object') return value;
  // what JSON.stringify would write for it (Date, Buffer, URL, …)
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return storable(toJSON.call(value));
  // no prototype: an own `__proto__` key (JSON.parse makes them) stays a key
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, inner] of Object.entries(value)) copy[storableText(key)] = storable(inner);
  return copy;
}

/**
 * jsonb values go through JSON.stringify: node-postgres would turn a JS array into a PostgreSQL
 * array literal, not JSON. The common case is one stringify; only output with an escape jsonb
 * rejects (a literal backslash-u in the text costs a needless second pass, nothing else) is
 * written again from a storable copy.
 */
export function jsonb(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  return UNSTORABLE_ESCAPE.test(json) ? JSON.stringify(storable(value ?? null)) : json;
}

/** A stable short key from parts (sha256, hex, 32 chars): dedup keys for replays. */
export function stableKey(parts: ReadonlyArray<string | number | null | undefined>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part ?? '\u0000'}\u001f`);
  return hash.digest('hex').slice(0, 32);
}

/** `count(*)` comes back as a bigint string. */
export function toCount(row: { count?: string | number } | undefined): number {
  return Number(row?.count ?? 0);
}

/** MikroORM's pg client leaves timestamps as strings; DTOs carry Dates. */
export function asDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function asNullableDate(value: Date | string | null): Date | null {
  return value === null ? null : asDate(value);
}
