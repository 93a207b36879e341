import { open, stat } from 'node:fs/promises';

export interface FollowOptions {
  /** Ends the stream (after the bytes already read are handed over). */
  readonly signal: AbortSignal;
  /** How often a quiet file is checked for growth. Default 500 ms. */
  readonly pollMs?: number;
  /** Bytes per read. Default 256 KiB. */
  readonly chunkBytes?: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * `tail -F` as an async byte stream: the whole file, then whatever is appended, until the
 * signal aborts. Polling (not fs.watch) because it behaves the same on every file system,
 * including bind mounts and network shares. A file that shrinks was truncated or rotated in
 * place: reading restarts at 0 (the receiver's idempotency keys make re-read lines harmless).
 * A missing file is waited for, as `tail -F` does.
 */
export async function* followFile(path: string, options: FollowOptions): AsyncGenerator<Buffer> {
  const pollMs = options.pollMs ?? 500;
  const buffer = Buffer.alloc(options.chunkBytes ?? 256 * 1024);
  let position = 0;
  while (!options.signal.aborted) {
    const size = await stat(path).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0 || size === position) {
      await sleep(pollMs, options.signal);
      continue;
    }
    if (size < position) position = 0;
    const handle = await open(path, 'r');
    try {
      while (position < size && !options.signal.aborted) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, size - position), position);
        if (bytesRead === 0) break;
        position += bytesRead;
        // A copy: the buffer is reused for the next read while the consumer still holds this one.
        yield Buffer.from(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
  }
}

/**
 * Ends an input stream early when the signal aborts (stdin stays open as long as the terminal
 * does; a shutdown must not wait for it). What was already read is kept.
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const aborted = new Promise<IteratorResult<T>>((resolve) => {
    if (signal.aborted) resolve({ done: true, value: undefined });
    signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    // Not awaited: a stream blocked in a read may never settle its return().
    void iterator.return?.();
  }
}
