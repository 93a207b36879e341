import { z } from 'zod';

/** Exponential backoff for retriable failures. Defaults: 200 ms doubling to 30 s, ±20 % jitter. */
export const backoffConfigSchema = z.object({
  initialMs: z.int().positive().default(200),
  maxMs: z.int().positive().default(30_000),
  /** Fraction of the delay randomised either way, so paused consumers do not retry in lockstep. */
  jitter: z.number().min(0).max(1).default(0.2),
});
export type BackoffConfig = z.infer<typeof backoffConfigSchema>;

/** Delay before retry number `attempt` (0-based). `random` is injectable for tests. */
export function backoffDelay(attempt: number, config: BackoffConfig, random: () => number = Math.random): number {
  const base = Math.min(config.maxMs, config.initialMs * 2 ** Math.min(attempt, 30));
  const spread = base * config.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(config.maxMs, base + spread)));
}
