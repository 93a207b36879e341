import { z } from 'zod';

/** Multi-line joining limits and the streaming flush delay. */
export const multilineConfigSchema = z.object({
  /** Join stack traces and continuation lines (default true). */
  enabled: z.boolean().default(true),
  /** Most physical lines in one event (default 500). */
  maxLines: z.number().int().min(1).max(100_000).default(500),
  /** Most characters in one joined event (default 256 KiB). */
  maxBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(256 * 1024),
  /** Emit a pending event when no line arrived for this long (streaming input; default 1000 ms). */
  flushAfterMs: z.number().int().min(1).max(600_000).default(1000),
});

/**
 * File/stdin receiver configuration. Defaults: batchSize 1000, maxLineBytes 65536, multiline
 * { enabled, maxLines 500, maxBytes 256 KiB, flushAfterMs 1000 }, format 'auto'.
 */
export const receiverConfigSchema = z.object({
  /** Records per emitted chunk (default 1000). */
  batchSize: z.number().int().min(1).max(1_000_000).default(1000),
  /** Longer lines are dead-lettered with a sample instead of being buffered (default 64 KiB). */
  maxLineBytes: z.number().int().min(256).max(256 * 1024 * 1024).default(64 * 1024),
  /**
   * `auto` (per-line detection), `json`, `logfmt`, `syslog`, `plain`, or a Loghub-style format
   * string such as `<Date> <Time> <Level> <Component>: <Content>` (default 'auto').
   */
  format: z.string().min(1).default('auto'),
  multiline: multilineConfigSchema.default({ enabled: true, maxLines: 500, maxBytes: 256 * 1024, flushAfterMs: 1000 }),
});

export type ReceiverConfig = z.infer<typeof receiverConfigSchema>;
export type MultilineConfig = z.infer<typeof multilineConfigSchema>;
