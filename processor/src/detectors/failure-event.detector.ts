import { z } from 'zod';
import type { Severity } from '../domain/log-record.js';
import type { Detector, DetectorResult } from './detector.js';

/** Config of the failure-event signal. */
export const failureEventConfigSchema = z.object({
  /**
   * How much the logged level vouches for a failure-reading line on its own. A FATAL or ERROR
   * line that reads as a failure is an event worth flagging every time. WARN and below add
   * nothing: the program itself said it was not an error, and novelty already weighs their
   * wording (adding it here would count it twice). No level at all (plain syslog) leaves the
   * wording to decide but never alone (0.4 < 0.5: it takes novelty's help). Defaults: FATAL 1,
   * ERROR 0.9, UNKNOWN 0.4, WARN/INFO/DEBUG/TRACE 0.
   */
  levelWeights: z
    .object({ TRACE: z.number(), DEBUG: z.number(), INFO: z.number(), WARN: z.number(), ERROR: z.number(), FATAL: z.number(), UNKNOWN: z.number() })
    .default({ TRACE: 0, DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0.9, FATAL: 1, UNKNOWN: 0.4 }),
});
export type FailureEventConfig = z.infer<typeof failureEventConfigSchema>;

/** One line as the failure-event signal sees it. */
export interface FailureEventInput {
  readonly templateId: string;
  /** Semantic failure reading of the template in [0,1] (the severity detector's semantic part). */
  readonly semantic: number;
  readonly level: Severity;
  /** Novelty warm-up progress when the line arrived: 1 once the baseline is established. */
  readonly warmth: number;
}

/**
 * A line that both *reads* as a failure and was *logged* as one is an anomalous event each time
 * it happens, not only the first time (novelty fades after one line; a fatal error that recurs
 * every few hours is still fatal every time). Templates already present while the baseline was
 * being learned are the stream's background (a database that always rejects one bad password)
 * and never fire: what counts is failures the stream did not have when it was healthy.
 * Feedback (mute / false positive) handles backgrounds that start later.
 */
export class FailureEventDetector implements Detector<FailureEventInput> {
  readonly name = 'failure_event';
  /** Templates first seen before the baseline was complete. */
  private readonly background = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly config: FailureEventConfig = failureEventConfigSchema.parse({})) {}

  learn(input: FailureEventInput): void {
    if (this.seen.has(input.templateId)) return;
    this.seen.add(input.templateId);
    if (input.warmth < 1) this.background.add(input.templateId);
  }

  score(input: FailureEventInput): DetectorResult {
    // a first sighting during warm-up is background too: it is learned right after this score
    if (this.background.has(input.templateId) || (input.warmth < 1 && !this.seen.has(input.templateId))) return BACKGROUND;
    const weight = this.config.levelWeights[input.level];
    // not cached: the semantic reading can arrive later (an embedding refused by the budget today)
    if (weight === 0 || input.semantic === 0) return NONE;
    return { score: input.semantic * weight, evidence: { semantic: input.semantic, level: input.level, levelWeight: weight } };
  }

  /** Declares a template background from now on (user feedback: "this failure is normal here"). */
  markBackground(templateId: string): void {
    this.background.add(templateId);
    this.seen.add(templateId);
  }

  /**
   * The miner generalised `from` into `to`. A background template passes its status on only to a
   * template not seen yet: a failure that already fired must not go quiet because a background
   * line of a similar shape was folded into it.
   */
  alias(from: string, to: string): void {
    if (this.background.has(from) && !this.seen.has(to)) this.background.add(to);
    if (this.seen.has(from)) this.seen.add(to);
    this.background.delete(from);
    this.seen.delete(from);
  }
}

const BACKGROUND: DetectorResult = { score: 0, evidence: { background: true } };
const NONE: DetectorResult = { score: 0, evidence: {} };
