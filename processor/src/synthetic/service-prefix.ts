/** `docker compose logs` style prefix: a service name, padding, then `| ` (also `name-1  | `). */
const PREFIX = /^([A-Za-z0-9][\w.-]*) *\| /;

/** A physical line split into the service named by its prefix and the native log line. */
export interface PrefixedLine {
  /** Service from the prefix, null when the line has none. */
  readonly service: string | null;
  /** The line without the prefix (the whole line when there is none). */
  readonly line: string;
}

/**
 * Splits the `service | ` prefix that scenarios carry by default (`prefix: 'service'`) off a line,
 * so a reader can take the service from it and decode the rest in its native format.
 */
export function splitServicePrefix(text: string): PrefixedLine {
  const m = PREFIX.exec(text);
  if (m === null) return { service: null, line: text };
  return { service: m[1] ?? null, line: text.slice(m[0].length) };
}
