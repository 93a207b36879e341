import { createReadStream } from 'node:fs';
import { AppError } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import type { Logger } from '../domain/logger.js';
import type { DeadLetter } from '../pipeline/stage.js';
import { toLogRecord } from './decoded-event.js';
import { createTextDecoder, type TextDecoder } from './line-decoder.js';
import { readLineBatches, type PhysicalLine } from './line-reader.js';
import { MultilineJoiner, type JoinedEvent } from './multiline-joiner.js';
import { streamIdentity } from './stream-identity.js';
import { OriginPrefixDetector, serviceOfOrigin, splitOriginPrefix } from './origin-prefix.js';
import { receiverConfigSchema, type ReceiverConfig } from './receiver-config.js';

/** One chunk of decoded records (about `batchSize`) plus the lines that could not be read. */
export interface ReceivedChunk {
  readonly records: LogRecord[];
  readonly deadLetters: DeadLetter[];
}

/** Counters for one run of a receiver; final once `records()` is exhausted. */
export interface ReceiverStats {
  /** Physical lines seen, of every kind. */
  linesRead: number;
  /** Records emitted (after joining). */
  events: number;
  /** Physical lines appended to an earlier line's event. */
  joinedLines: number;
  emptySkipped: number;
  /** Lines with invalid UTF-8 (decoded with U+FFFD and flagged `invalid_utf8`). */
  invalidUtf8: number;
  /** Lines dead-lettered as binary garbage. */
  binary: number;
  /** Lines dead-lettered for exceeding `maxLineBytes`. */
  oversize: number;
  /** Lines that started with `{` but were not JSON objects (kept as plain text, `json_error`). */
  jsonErrors: number;
  /** Lines that did not match a given format string (kept whole as the message). */
  formatMismatches: number;
  deadLetters: number;
}

export interface FileReceiverOptions {
  /** Parsed receiver config; defaults to `receiverConfigSchema.parse({})`. */
  readonly config?: ReceiverConfig | undefined;
  /** Service for events that name none. */
  readonly service?: string | undefined;
  /** Byte source to read instead of the path (tests, or an already open stream). */
  readonly input?: AsyncIterable<Buffer | string> | undefined;
  readonly logger?: Logger | undefined;
  /**
   * Name of the stream in idempotency keys. Default: the file's resolved path plus a fingerprint
   * of its first KiB; for stdin a fresh id per run (name it to make stdin replays idempotent).
   */
  readonly streamId?: string | undefined;
}

function emptyStats(): ReceiverStats {
  return { linesRead: 0, events: 0, joinedLines: 0, emptySkipped: 0, invalidUtf8: 0, binary: 0, oversize: 0, jsonErrors: 0, formatMismatches: 0, deadLetters: 0 };
}

const TIMEOUT = Symbol('timeout');
/** A per-origin event still waiting for continuation lines is emitted once this many lines of other origins passed. */
const ORIGIN_LATENESS_LINES = 64;

interface OriginJoiner {
  readonly joiner: MultilineJoiner;
  lastLineNo: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads a log file or stdin (`-`) into `LogRecord` chunks: line splitting with bad-input
 * handling, multi-line joining, then per-event decoding (auto-detected or a given format).
 * Bad lines are dead-lettered or flagged and counted in `stats`; reading always goes on.
 * Record sources are `{ receiver: 'file'|'stdin', stream: path|'stdin', position: first line }`,
 * so re-reading the same file yields the same idempotency keys.
 */
export class FileReceiver {
  readonly stats: ReceiverStats = emptyStats();
  private readonly config: ReceiverConfig;
  private readonly decode: TextDecoder;
  private readonly receiver: 'file' | 'stdin';
  private stream: string;
  private records_: LogRecord[] = [];
  private deadLetters_: DeadLetter[] = [];
  private readonly prefix = new OriginPrefixDetector();
  /** One joiner per origin of a merged stream (`''` = unprefixed), since their lines interleave. */
  private readonly joiners = new Map<string, OriginJoiner>();

  constructor(private readonly pathOrDash: string, private readonly options: FileReceiverOptions = {}) {
    this.config = options.config ?? receiverConfigSchema.parse({});
    this.decode = createTextDecoder(this.config.format);
    this.receiver = pathOrDash === '-' ? 'stdin' : 'file';
    this.stream = pathOrDash === '-' ? 'stdin' : pathOrDash;
  }

  /** Decoded chunks in input order; the last chunk may be short. Single use. */
  async *records(): AsyncGenerator<ReceivedChunk> {
    const { multiline, batchSize, maxLineBytes } = this.config;
    if (this.options.input === undefined) {
      try {
        this.stream = await streamIdentity(this.pathOrDash, this.options.streamId);
      } catch (error) {
        throw this.readError(error);
      }
    } else if (this.options.streamId !== undefined) {
      this.stream = this.options.streamId;
    }
    const lines = readLineBatches(this.openInput(), { maxLineBytes })[Symbol.asyncIterator]();
    try {
      for (;;) {
        const waiting = this.anyPending() || this.records_.length > 0 || this.deadLetters_.length > 0;
        const next = lines.next();
        let result = waiting ? await withTimeout(next, multiline.flushAfterMs) : await next;
        if (result === TIMEOUT) {
          // Streaming input went quiet: hand over what we have, then keep waiting for the same read.
          this.flushJoiners();
          yield this.take();
          result = await next;
        }
        if (result.done === true) break;
        for (const line of result.value) {
          this.accept(line);
          // Dead letters count too: a file of pure garbage must not pile up in memory.
          if (this.records_.length >= batchSize || this.deadLetters_.length >= batchSize) yield this.take();
        }
      }
    } catch (error) {
      throw this.readError(error);
    }
    this.flushJoiners();
    if (this.records_.length > 0 || this.deadLetters_.length > 0) yield this.take();
    this.options.logger?.debug({ stream: this.stream, ...this.stats }, 'receiver finished');
  }

  private readError(error: unknown): AppError {
    const missing = ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
    return new AppError(`cannot read ${this.pathOrDash}: ${error instanceof Error ? error.message : String(error)}`, {
      stage: 'receive',
      code: missing ? 'NOT_FOUND' : 'BAD_INPUT',
      cause: error,
    });
  }

  private openInput(): AsyncIterable<Buffer | string> {
    if (this.options.input !== undefined) return this.options.input;
    if (this.pathOrDash === '-') return process.stdin;
    return createReadStream(this.pathOrDash, { highWaterMark: 256 * 1024 });
  }

  private take(): ReceivedChunk {
    const chunk = { records: this.records_, deadLetters: this.deadLetters_ };
    this.records_ = [];
    this.deadLetters_ = [];
    return chunk;
  }

  private anyPending(): boolean {
    for (const { joiner } of this.joiners.values()) if (joiner.pending) return true;
    return false;
  }

  private flushJoiners(olderThanLineNo = Infinity): void {
    for (const [origin, entry] of this.joiners) {
      if (entry.lastLineNo < olderThanLineNo) this.emit(entry.joiner.flush(), origin);
    }
  }

  private joinerFor(origin: string): OriginJoiner {
    let entry = this.joiners.get(origin);
    if (entry === undefined) {
      entry = { joiner: new MultilineJoiner(this.config.multiline), lastLineNo: 0 };
      this.joiners.set(origin, entry);
    }
    return entry;
  }

  private accept(line: PhysicalLine): void {
    const s = this.stats;
    s.linesRead++;
    switch (line.kind) {
      case 'empty':
        s.emptySkipped++;
        return;
      case 'binary':
        s.binary++;
        this.deadLetter(line.lineNo, line.reason, line.sample);
        return;
      case 'oversize':
        s.oversize++;
        this.deadLetter(line.lineNo, `line exceeds ${this.config.maxLineBytes} bytes (got ${line.bytes})`, line.sample);
        return;
      case 'text': {
        if (line.invalidUtf8) s.invalidUtf8++;
        const split = this.prefix.observe(line.text) ? splitOriginPrefix(line.text) : null;
        const origin = split?.origin ?? '';
        const text = split?.rest ?? line.text;
        if (!this.config.multiline.enabled) {
          this.emit({ lineNo: line.lineNo, lines: [text], invalidUtf8: line.invalidUtf8, capped: false }, origin);
          return;
        }
        const entry = this.joinerFor(origin);
        const before = entry.joiner.joinedLines;
        this.emit(entry.joiner.push({ ...line, text }), origin);
        s.joinedLines += entry.joiner.joinedLines - before;
        entry.lastLineNo = line.lineNo;
        // Another origin's event must not wait for ever for a continuation that is not coming.
        if (this.joiners.size > 1 && line.lineNo % ORIGIN_LATENESS_LINES === 0) {
          this.flushJoiners(line.lineNo - ORIGIN_LATENESS_LINES);
        }
        return;
      }
    }
  }

  private deadLetter(lineNo: number, reason: string, sample: string): void {
    this.stats.deadLetters++;
    this.deadLetters_.push({ stage: 'receive', reason, source: `${this.receiver}:${this.stream}:${lineNo}`, sample });
  }

  private emit(joined: JoinedEvent | null, origin = ''): void {
    if (joined === null) return;
    const result = this.decode(joined.lines[0]!);
    const event = result.event;
    if (result.jsonError === true) this.stats.jsonErrors++;
    if (result.formatMismatch === true) this.stats.formatMismatches++;
    if (joined.lines.length > 1) {
      event.message = `${event.message}\n${joined.lines.slice(1).join('\n')}`;
      event.attributes.multiline_lines = joined.lines.length;
    }
    if (joined.capped) event.attributes.multiline_capped = true;
    if (joined.invalidUtf8) event.attributes.invalid_utf8 = true;
    if (origin !== '') {
      // The aggregator's origin names the container for sure; what the decoder guessed from the text is kept aside.
      event.attributes.origin = origin;
      if (event.service !== null && event.attributes.component === undefined) event.attributes.component = event.service;
      event.service = serviceOfOrigin(origin);
    }
    this.stats.events++;
    this.records_.push(
      toLogRecord(event, {
        source: { receiver: this.receiver, stream: this.stream, position: joined.lineNo },
        observedAt: new Date(),
        defaultService: this.options.service,
      }),
    );
  }
}

/** Reads a file or stdin (`-`) as decoded chunks; use `FileReceiver` to read `stats` afterwards. */
export function readLogFile(pathOrDash: string, options: FileReceiverOptions = {}): AsyncIterable<ReceivedChunk> {
  return new FileReceiver(pathOrDash, options).records();
}
