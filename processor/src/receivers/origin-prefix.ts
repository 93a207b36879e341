/**
 * The origin prefix that aggregators put in front of each line of a merged stream, as
 * `docker compose logs` does (`payments-1  | <the container's line>`). Recognising it keeps each
 * line's service and lets multi-line joining work per origin, since lines of different
 * containers interleave.
 */
export interface OriginLine {
  readonly origin: string;
  /** The line without the prefix. */
  readonly rest: string;
}

const PREFIX = /^([A-Za-z][A-Za-z0-9_.-]{0,62})\s+\| ?/;
// A `LEVEL | message` layout is a log format, not an origin prefix.
const LEVEL_WORDS = new Set(['trace', 'debug', 'info', 'notice', 'warn', 'warning', 'error', 'err', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'panic', 'severe', 'fine', 'verbose']);

/** Splits `name  | rest`; null when the line has no origin prefix. */
export function splitOriginPrefix(text: string): OriginLine | null {
  const m = PREFIX.exec(text);
  if (m === null) return null;
  const origin = m[1] as string;
  if (LEVEL_WORDS.has(origin.toLowerCase())) return null;
  return { origin, rest: text.slice(m[0].length) };
}

/** Compose names replicas `service-1`, `service-2`; the service is the name without the index. */
export function serviceOfOrigin(origin: string): string {
  return origin.replace(/[-_]\d+$/, '');
}

/**
 * Decides once, from the first lines of a stream, whether it is a prefixed merged stream: most
 * lines must carry a prefix, so a file where an odd line contains `word | ...` is left alone.
 */
export class OriginPrefixDetector {
  private seen = 0;
  private prefixed = 0;
  private decided: boolean | null = null;

  constructor(private readonly sampleSize = 20) {}

  /** Whether lines of this stream should be split; undecided streams are not split yet. */
  observe(text: string): boolean {
    if (this.decided !== null) return this.decided;
    this.seen += 1;
    if (splitOriginPrefix(text) !== null) this.prefixed += 1;
    if (this.seen >= this.sampleSize) this.decided = this.prefixed >= 0.9 * this.seen;
    return this.decided ?? this.prefixed === this.seen;
  }
}
