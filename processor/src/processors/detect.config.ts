import { z } from 'zod';
import { detectorsConfigSchema } from '../detectors/index.js';

/** Config of the detect stage. */
export const detectProcessorConfigSchema = z.object({
  detectors: detectorsConfigSchema.default(detectorsConfigSchema.parse({})),
  /** Without timestamps, one rate window spans this many lines (pseudo-time from line order). Default 200. */
  pseudoLinesPerWindow: z.number().int().positive().default(200),
  /** Session key regex; every distinct match in a message is one session of that line. Default none. */
  groupBy: z.string().optional(),
  /** Also group by the record's trace id. Default true. */
  useTraceId: z.boolean().default(true),
  /** Sessions kept in memory. Default 1000000. */
  maxSessions: z.number().int().positive().default(1_000_000),
  /** Windows of silence after which a repeated (template, signal) finding is a new incident. Default 5. */
  incidentGapWindows: z.number().int().min(1).default(5),
  /**
   * Windows of silence after which a recurring failure (`failure_event`) is reported again. Its
   * lines are flagged every time; the finding (an anomaly record, maybe an LLM call) is not
   * repeated for a fault that keeps coming within the hour. Default 60.
   */
  failureIncidentGapWindows: z.number().int().min(1).default(60),
  /** Longest an incident opened by a new/rare template keeps flagging its later lines, in windows. Default 30. */
  incidentMaxWindows: z.number().int().min(1).default(30),
});
export type DetectProcessorConfig = z.infer<typeof detectProcessorConfigSchema>;
