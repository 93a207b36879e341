import { createHash, randomUUID } from 'node:crypto';
import { open, realpath } from 'node:fs/promises';

/** Bytes at the head of a file that identify it, as the Collector's filelog receiver does. */
const FINGERPRINT_BYTES = 1024;

/**
 * The stream name in a record's idempotency key. For a file it is the resolved path plus a
 * fingerprint of its first bytes: re-ingesting the same file (under any spelling of its path)
 * writes nothing new, while a rotated or rewritten file under the same name is a new stream.
 * Stdin has no identity of its own: each run is a new stream unless the caller names it.
 */
export async function streamIdentity(pathOrDash: string, streamId?: string): Promise<string> {
  if (streamId !== undefined && streamId.length > 0) return streamId;
  if (pathOrDash === '-') return `stdin-${randomUUID()}`;
  const resolved = await realpath(pathOrDash);
  const handle = await open(resolved, 'r');
  try {
    const head = Buffer.alloc(FINGERPRINT_BYTES);
    const { bytesRead } = await handle.read(head, 0, FINGERPRINT_BYTES, 0);
    const fingerprint = createHash('sha256').update(head.subarray(0, bytesRead)).digest('hex').slice(0, 12);
    return `${resolved}#${fingerprint}`;
  } finally {
    await handle.close();
  }
}
