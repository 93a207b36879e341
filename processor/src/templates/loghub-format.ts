import { BadInputError } from '../domain/errors.js';

/** Splits a raw line into header fields and the message, per a Loghub-style format string. */
export type HeaderParser = (line: string) => string | null;

const FIELD_RE = /<([A-Za-z_][A-Za-z0-9_]*)>/g;

/**
 * Compile a Loghub format string (`<Date> <Time> <Level> <Component>: <Content>`) into a
 * function returning the `<Content>` part, or null when the line does not fit the format.
 * Literal text between fields must match; whitespace matches any run of whitespace.
 */
export function compileLoghubFormat(format: string): HeaderParser {
  const fields = [...format.matchAll(FIELD_RE)].map((m) => m[1]);
  if (!fields.includes('Content')) {
    throw new BadInputError(`format has no <Content> field: ${format}`, 'decode');
  }
  let pattern = '';
  let last = 0;
  for (const m of format.matchAll(FIELD_RE)) {
    pattern += literal(format.slice(last, m.index));
    pattern += m[1] === 'Content' ? '(?<Content>.*)' : '(?:.*?)';
    last = m.index + m[0].length;
  }
  pattern += literal(format.slice(last));
  const re = new RegExp(`^${pattern}$`, 's');
  return (line) => re.exec(line)?.groups?.Content ?? null;
}

function literal(text: string): string {
  return text
    .split(/\s+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
}
