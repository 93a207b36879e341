import { isUtf8 } from 'node:buffer';

/** What the reader found on one physical line. */
export type PhysicalLine =
  | { readonly kind: 'text'; readonly lineNo: number; readonly text: string; readonly invalidUtf8: boolean }
  | { readonly kind: 'empty'; readonly lineNo: number }
  | { readonly kind: 'binary'; readonly lineNo: number; readonly reason: string; readonly sample: string }
  | { readonly kind: 'oversize'; readonly lineNo: number; readonly bytes: number; readonly sample: string };

export interface LineReaderOptions {
  /** Lines longer than this many bytes (without the newline) are reported, not buffered. */
  readonly maxLineBytes: number;
  /** Bytes of an oversize or binary line kept as a sample (default 200). */
  readonly sampleBytes?: number;
}

/** Share of control/replacement characters above which a line is treated as binary garbage. */
const BINARY_SHARE = 0.3;
const MIN_BAD = 4;
// eslint-disable-next-line no-control-regex -- detecting control characters is the point
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f\ufffd]/;

function printableSample(text: string, max: number): string {
  // Control characters would corrupt whoever displays the dead letter; show them escaped.
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  return text.slice(0, max).replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Share of bad characters, zero below `MIN_BAD` of them: one stray byte does not make a line binary. */
function controlShare(text: string): number {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13) || c === 127 || c === 0xfffd) bad++;
  }
  return bad < MIN_BAD ? 0 : bad / text.length;
}

/** Classifies one complete line (without its `\n`, a trailing `\r` already dropped). */
export function classifyLine(bytes: Buffer, lineNo: number, sampleBytes = 200): PhysicalLine {
  const invalidUtf8 = !isUtf8(bytes);
  const text = bytes.toString('utf8');
  if (bytes.indexOf(0) !== -1) {
    return { kind: 'binary', lineNo, reason: 'binary data (NUL bytes)', sample: printableSample(text, sampleBytes) };
  }
  if ((invalidUtf8 || CONTROL.test(text)) && controlShare(text) > BINARY_SHARE) {
    return { kind: 'binary', lineNo, reason: 'binary data (mostly control or undecodable characters)', sample: printableSample(text, sampleBytes) };
  }
  if (text.trim().length === 0) return { kind: 'empty', lineNo };
  return { kind: 'text', lineNo, text, invalidUtf8 };
}

/**
 * Splits a byte stream into physical lines with 1-based numbers, yielding them in arrays (one
 * per input chunk) to keep per-line promise overhead away. Memory stays bounded: a line longer
 * than `maxLineBytes` is skipped up to its newline and reported as `oversize` with a sample.
 * Handles `\r\n`, a missing final newline, invalid UTF-8 (decoded with U+FFFD, flagged) and
 * binary garbage (reported as `binary`).
 */
export async function* readLineBatches(
  input: AsyncIterable<Buffer | string>,
  options: LineReaderOptions,
): AsyncGenerator<PhysicalLine[]> {
  const max = options.maxLineBytes;
  const sampleBytes = options.sampleBytes ?? 200;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let oversize: { bytes: number; sample: string } | null = null;
  let lineNo = 0;

  const finish = (tail: Buffer, out: PhysicalLine[]): void => {
    lineNo++;
    if (oversize !== null) {
      out.push({ kind: 'oversize', lineNo, bytes: oversize.bytes + tail.length, sample: oversize.sample });
      oversize = null;
      return;
    }
    let line = partBytes === 0 ? tail : Buffer.concat([...parts, tail]);
    parts = [];
    partBytes = 0;
    if (line.length > 0 && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
    // A UTF-8 byte-order mark would hide the first line's `{` or timestamp from detection.
    if (lineNo === 1 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) line = line.subarray(3);
    if (line.length > max) {
      out.push({ kind: 'oversize', lineNo, bytes: line.length, sample: printableSample(line.subarray(0, sampleBytes).toString('utf8'), sampleBytes) });
      return;
    }
    out.push(classifyLine(line, lineNo, sampleBytes));
  };

  const keep = (rest: Buffer): void => {
    if (oversize !== null) {
      oversize.bytes += rest.length;
      return;
    }
    // Copy: the remainder must not pin the whole chunk it came from.
    parts.push(Buffer.from(rest));
    partBytes += rest.length;
    if (partBytes > max + 1) {
      const head = Buffer.concat(parts).subarray(0, sampleBytes);
      oversize = { bytes: partBytes, sample: printableSample(head.toString('utf8'), sampleBytes) };
      parts = [];
      partBytes = 0;
    }
  };

  for await (const piece of input) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    const out: PhysicalLine[] = [];
    let start = 0;
    let nl = chunk.indexOf(10, start);
    while (nl !== -1) {
      finish(chunk.subarray(start, nl), out);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) keep(chunk.subarray(start));
    if (out.length > 0) yield out;
  }
  if (partBytes > 0 || oversize !== null) {
    const out: PhysicalLine[] = [];
    finish(Buffer.alloc(0), out);
    yield out;
  }
}
