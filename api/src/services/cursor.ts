import { BadInputError } from '@ailog/processor';
import type { LogCursor } from '@ailog/processor/storage/repositories/log-search.repository';

/** Opaque keyset cursor: base64url of `<ISO timestamp>|<id>`. */
export function encodeCursor(cursor: LogCursor): string {
  return Buffer.from(`${cursor.timestamp.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): LogCursor {
  const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const timestamp = new Date(iso ?? '');
  if (!id || !/^\d{1,18}$/.test(id) || Number.isNaN(timestamp.getTime())) {
    throw new BadInputError('invalid cursor', 'api', { cursor: value });
  }
  return { timestamp, id };
}
