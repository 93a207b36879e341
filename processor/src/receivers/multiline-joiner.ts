import { startsWithHeader } from './plain.receiver.js';

/** Limits for one joined event. */
export interface MultilineLimits {
  /** Most physical lines in one event (default 500); more start a new event. */
  readonly maxLines: number;
  /** Most bytes (UTF-16 length as a cheap proxy) in one event (default 256 KiB). */
  readonly maxBytes: number;
}

/** One physical line as the joiner sees it. */
export interface JoinerLine {
  readonly lineNo: number;
  readonly text: string;
  readonly invalidUtf8?: boolean;
}

/** An event made of one or more physical lines; `lineNo` is the first line's number. */
export interface JoinedEvent {
  readonly lineNo: number;
  readonly lines: string[];
  invalidUtf8: boolean;
  /** True when the event was cut at `maxLines`/`maxBytes` and its continuation began a new event. */
  capped: boolean;
}

type TraceState = 'none' | 'python' | 'go';

/** Headers must open at least this share of the first events before a header-less line is a continuation. */
const HEADER_SHARE = 0.9;
const HEADER_MIN_EVENTS = 8;

const JAVA_EXCEPTION = /^(?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/;
const PY_FINAL = /^[A-Za-z_][\w.]*(?::|$)/;
const GOROUTINE = /^goroutine \d+ \[/;
// Unindented lines of a Go panic dump: `pkg.fn(...)`, `created by ...`, `[signal ...`, `exit status N`.
const GO_LINE = /^(?:\S+\(.*\)$|created by |\[signal |exit status \d|panic: )/;

/** First six characters by class (digit → 9, letter → a, others as is): `2024-0` → `9999-9`. */
function shapeOf(text: string): string {
  let out = '';
  const end = Math.min(6, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) out += '9';
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) out += 'a';
    else out += text[i];
  }
  return out;
}

/**
 * Groups physical lines into events before decoding: stack traces (Java `at`/`Caused by:`/
 * `... N more`, Python tracebacks with their final `XError:` line, Go `goroutine N [...]:`
 * blocks, Node `    at fn (file:line:col)`), indented continuation lines, and — once the stream
 * has shown that its events open with a timestamp/level header — header-less lines. JSON lines
 * are never joined. Push lines in order; a finished event comes back when the next one starts.
 */
export class MultilineJoiner {
  private current: JoinedEvent | null = null;
  private bytes = 0;
  private state: TraceState = 'none';
  private lastIndented = false;
  private events = 0;
  private headerEvents = 0;
  /** Character-class shape of the last header line's start (see `shapeOf`). */
  private headerShape = '';
  /** Physical lines appended to an earlier line's event. */
  joinedLines = 0;

  constructor(private readonly limits: MultilineLimits) {}

  /** Whether an event is waiting for more lines (the caller flushes it on a timeout or at the end). */
  get pending(): boolean {
    return this.current !== null;
  }

  /** Adds a line; returns the previous event if this line starts a new one. */
  push(line: JoinerLine): JoinedEvent | null {
    const cur = this.current;
    const c = line.text.charCodeAt(0);
    // One header test per line, shared by the join decision and the header statistics.
    const header = c === 32 || c === 9 || c === 123 ? false : startsWithHeader(line.text);
    if (cur !== null && this.continues(line.text, cur, header)) {
      if (cur.lines.length < this.limits.maxLines && this.bytes + line.text.length + 1 <= this.limits.maxBytes) {
        cur.lines.push(line.text);
        this.bytes += line.text.length + 1;
        if (line.invalidUtf8 === true) cur.invalidUtf8 = true;
        this.joinedLines++;
        return null;
      }
      cur.capped = true;
    }
    return this.start(line, header);
  }

  /** Ends the pending event (end of input or idle timeout). */
  flush(): JoinedEvent | null {
    const cur = this.current;
    this.current = null;
    this.state = 'none';
    return cur;
  }

  private start(line: JoinerLine, header: boolean): JoinedEvent | null {
    const done = this.current;
    const text = line.text;
    this.current = { lineNo: line.lineNo, lines: [text], invalidUtf8: line.invalidUtf8 === true, capped: false };
    this.bytes = text.length;
    this.state = text.startsWith('panic: ') ? 'go' : text.startsWith('Traceback (most recent call last):') ? 'python' : 'none';
    this.lastIndented = false;
    if (text.charCodeAt(0) !== 123) {
      this.events++;
      if (header) {
        this.headerEvents++;
        this.headerShape = shapeOf(text);
      }
    }
    return done;
  }

  private headerMode(): boolean {
    return this.events >= HEADER_MIN_EVENTS && this.headerEvents >= HEADER_SHARE * this.events;
  }

  /** Decides whether `text` continues the current event. Cheapest tests first. */
  private continues(text: string, cur: JoinedEvent, header: boolean): boolean {
    const c = text.charCodeAt(0);
    if (c === 123 || cur.lines[0]!.charCodeAt(0) === 123) return false;
    if (c === 32 || c === 9) {
      this.lastIndented = true;
      return true;
    }
    const wasIndented = this.lastIndented;
    this.lastIndented = false;
    if (text.startsWith('Caused by: ') || text.startsWith('Suppressed: ') || (text.startsWith('...') && text.endsWith(' more'))) return true;
    if (text.startsWith('Traceback (most recent call last):')) {
      this.state = 'python';
      return true;
    }
    if (text.startsWith('During handling of the above exception') || text.startsWith('The above exception was the direct cause')) return true;
    if (GOROUTINE.test(text)) {
      this.state = 'go';
      return true;
    }
    if (this.state === 'python' && wasIndented && PY_FINAL.test(text)) {
      // The `XError: msg` line closes the traceback; only a chained one reopens it.
      this.state = 'none';
      return true;
    }
    if (this.state === 'go' && !header && GO_LINE.test(text)) return true;
    if ((text.includes('Exception') || text.includes('Error') || text.includes('Throwable')) && JAVA_EXCEPTION.test(text)) return true;
    // A line shaped like the stream's headers is a new event whose header we failed to parse.
    return !header && this.headerMode() && shapeOf(text) !== this.headerShape;
  }
}
