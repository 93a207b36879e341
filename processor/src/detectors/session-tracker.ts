/** Running state of one session (trace, request, block...). */
export interface SessionState {
  readonly key: string;
  readonly templates: string[];
  lines: number;
  worst: number;
  worstReasons: string[];
  firstTime: number;
  lastTime: number;
}

const NO_KEYS: readonly string[] = [];

/**
 * Groups lines into sessions by a user regex (every distinct match is a session the line
 * belongs to) and/or the trace id. Bounded: beyond `maxSessions` new keys are counted, not kept.
 */
export class SessionTracker {
  private readonly sessions = new Map<string, SessionState>();
  private readonly regex: RegExp | null;
  /** Session keys refused because the bound was reached. */
  dropped = 0;

  constructor(
    groupBy: string | undefined,
    private readonly useTraceId: boolean,
    private readonly maxSessions: number,
  ) {
    this.regex = groupBy === undefined || groupBy === '' ? null : new RegExp(groupBy, 'g');
  }

  get enabled(): boolean {
    return this.regex !== null || this.useTraceId;
  }

  /** Distinct session keys of one line, in order of first appearance. */
  keysOf(message: string, traceId: string | null): readonly string[] {
    const traced = this.useTraceId && traceId !== null && traceId !== '';
    // most lines of a trace-only run carry no trace: no Set, no array
    if (this.regex === null && !traced) return NO_KEYS;
    const keys = new Set<string>();
    if (this.regex !== null) for (const m of message.matchAll(this.regex)) keys.add(m[0]);
    if (this.useTraceId && traceId !== null && traceId !== '') keys.add(traceId);
    return [...keys];
  }

  /** Adds one line (already scored) to each of its sessions. */
  add(keys: readonly string[], templateId: string, time: number, score: number, reasons: readonly string[]): void {
    for (const key of keys) {
      let s = this.sessions.get(key);
      if (s === undefined) {
        if (this.sessions.size >= this.maxSessions) {
          this.dropped++;
          continue;
        }
        s = { key, templates: [], lines: 0, worst: 0, worstReasons: [], firstTime: time, lastTime: time };
        this.sessions.set(key, s);
      }
      s.templates.push(templateId);
      s.lines++;
      s.lastTime = time;
      if (score > s.worst) {
        s.worst = score;
        s.worstReasons = [...reasons];
      }
    }
  }

  /** All sessions in order of first appearance. */
  all(): SessionState[] {
    return [...this.sessions.values()];
  }
}
