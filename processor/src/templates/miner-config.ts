import { z } from 'zod';

/** A user-supplied extra mask: every match of `regex` inside a token becomes `<*>`. */
export const extraMaskSchema = z.object({
  name: z.string().min(1),
  regex: z.string().min(1),
});

/**
 * Configuration of the template miner. One default for every log source: the defaults were
 * chosen on general grounds, not per dataset.
 */
export const minerConfigSchema = z.object({
  /** Share of positions that must agree for a line to join a same-length template. Default 0.5. */
  similarityThreshold: z.number().min(0).max(1).default(0.5),
  /**
   * Distinct plain words seen at the same position (all else equal) before that position is
   * taken as a variable. Below it, lines stay apart ("VM Started" vs "VM Paused"). Default 4.
   */
  minWordVariants: z.number().int().min(2).default(4),
  /** Upper bound on live templates; the least recently seen are evicted beyond it. Default 50 000. */
  maxTemplates: z.number().int().positive().default(50_000),
  /** Most candidates scanned per lookup bucket (bounds worst-case latency). Default 200. */
  maxCandidates: z.number().int().positive().default(200),
  /** Lines longer than this many tokens are truncated for mining (params keep the rest). Default 256. */
  maxTokens: z.number().int().positive().default(256),
  /** Extra masks applied before the built-in ones, within whitespace-separated tokens. Default none. */
  extraMasks: z.array(extraMaskSchema).default([]),
});

/** Parsed miner configuration. */
export type MinerConfig = z.infer<typeof minerConfigSchema>;

/** Parse a partial config, filling defaults; throws a zod error on invalid values. */
export function parseMinerConfig(input: Partial<MinerConfig> = {}): MinerConfig {
  return minerConfigSchema.parse(input);
}
