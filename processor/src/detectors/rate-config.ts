/** Config and findings of the per-template / per-service rate detector. */
import { z } from 'zod';

/** Config of the per-template / per-service rate detector. */
export const rateConfigSchema = z.object({
  /** Window length in ms (event time, or pseudo-time from line order). Default 60000. */
  windowMs: z.number().int().positive().default(60_000),
  /** Past windows kept per key. Default 60. */
  historyWindows: z.number().int().min(4).default(60),
  /**
   * Windows of history needed before a key is judged: a baseline of a few minutes has not yet
   * seen the key's ordinary bursts (start-up, first jobs). Default 15.
   */
  minHistory: z.number().int().min(2).default(15),
  /** Minimum count for a spike, and minimum baseline median for a dip/absence. Default 5. */
  minCount: z.number().int().min(1).default(5),
  /** Threshold (z or IQR multiples) that maps to score 0.5. Default 4. */
  threshold: z.number().positive().default(4),
  /** Which statistic decides: one of them, or `vote` = the 2nd highest of the three. Default vote. */
  method: z.enum(['zscore', 'iqr', 'mad', 'vote']).default('vote'),
  /**
   * A spike must exceed the highest count the key ever reached in an unflagged window by this
   * factor to score 0.5: a level already seen without incident (a periodic batch job, a daily
   * peak) is a known mode, not a spike. Default 1.5.
   */
  peakRatio: z.number().min(1).default(1.5),
  /**
   * Windows summed for the slow-spike test: a normally rare line that comes 3×/min instead of
   * once in 4 min never reaches `minCount` in one window, but does over several. Default 5.
   */
  longWindows: z.number().int().min(2).default(5),
  /** A dip must fall to 1/`dipRatio` of the baseline median to score 0.5 (a traffic halving). Default 2. */
  dipRatio: z.number().min(1).default(2),
  /**
   * -log10 of the probability of a silence that maps to 0.5. Every key is tested in every window,
   * so the bar is set for thousands of tests per hour. Default 4 (1e-4).
   */
  absenceSurpriseAt50: z.number().positive().default(4),
});
export type RateConfig = z.infer<typeof rateConfigSchema>;

/** A closed window whose count for one key departed from its baseline. */
export interface RateFinding {
  readonly key: string;
  readonly kind: 'spike' | 'dip' | 'absent';
  readonly observed: number;
  readonly baseline: number;
  readonly score: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly detail: Record<string, number>;
}
