import type { AttributeValue } from '../domain/log-record.js';
import { BadInputError } from '../domain/errors.js';
import type { DecodedEvent } from './decoded-event.js';
import { normalizeSeverity } from './severity.js';
import { parseTimestamp } from './timestamp.js';

/** A compiled Loghub-style format such as `<Date> <Time> <Level> <Component>: <Content>`. */
export interface CompiledFormat {
  readonly fields: string[];
  /** Field values by name, or null when the line does not have the format's shape. */
  parse(line: string): Record<string, string> | null;
}

const FIELD = /<([A-Za-z_][\w]*)>/g;

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/**
 * Compiles a format string into one anchored regex: each `<Name>` matches lazily up to the
 * literal text that follows it (runs of whitespace match any whitespace), the last field takes
 * the rest of the line. Throws `BadInputError` (stage `config`) on a format without fields.
 */
export function compileFormat(format: string): CompiledFormat {
  const fields: string[] = [];
  let pattern = '^';
  let last = 0;
  for (const m of format.matchAll(FIELD)) {
    pattern += escapeLiteral(format.slice(last, m.index));
    const name = m[1]!;
    if (fields.includes(name)) throw new BadInputError(`format field <${name}> appears twice`, 'config');
    fields.push(name);
    pattern += '(.*?)';
    last = m.index + m[0].length;
  }
  if (fields.length === 0) throw new BadInputError(`format "${format}" has no <Field>`, 'config');
  const tail = format.slice(last);
  // The last field takes the rest of the line, so a message with the separator text survives.
  if (tail.length === 0) pattern = `${pattern.slice(0, -'(.*?)'.length)}(.*)`;
  pattern += `${escapeLiteral(tail)}$`;
  const regex = new RegExp(pattern, 's');
  return {
    fields,
    parse(line: string): Record<string, string> | null {
      const m = regex.exec(line);
      if (m === null) return null;
      const out: Record<string, string> = {};
      for (let i = 0; i < fields.length; i++) out[fields[i]!] = m[i + 1] ?? '';
      return out;
    },
  };
}

const MESSAGE = new Set(['content', 'message', 'msg']);
const LEVEL = new Set(['level', 'severity', 'lvl', 'loglevel']);
const SERVICE = new Set(['component', 'service', 'logger', 'app', 'application']);
const TIME = new Set(['date', 'time', 'timestamp', 'datetime', 'day']);

/**
 * Maps parsed format fields to an event: Content → message, Level → severity,
 * Component/Service/Logger → service (also kept as `component`), Date/Time/Timestamp combined
 * into the timestamp (kept as attributes when unparseable), anything else → lower-case attribute.
 */
export function formatFieldsToEvent(values: Record<string, string>): DecodedEvent {
  const attributes: Record<string, AttributeValue> = {};
  const timeParts: string[] = [];
  let message = '';
  let severity: DecodedEvent['severity'] = 'UNKNOWN';
  let service: string | null = null;
  for (const [name, raw] of Object.entries(values)) {
    const key = name.toLowerCase();
    const value = raw.trim();
    if (MESSAGE.has(key)) message = raw;
    else if (LEVEL.has(key)) {
      severity = normalizeSeverity(value);
      if (severity === 'UNKNOWN' && value !== '') attributes[key] = value;
    } else if (SERVICE.has(key)) {
      service = value === '' ? null : value;
      if (key === 'component') attributes.component = value;
    } else if (TIME.has(key)) timeParts.push(value);
    else attributes[key] = value;
  }
  let timestamp: Date | null = null;
  if (timeParts.length > 0) {
    timestamp = parseTimestamp(timeParts.join(' '));
    if (timestamp === null) attributes.time = timeParts.join(' ');
  }
  return { timestamp, service, severity, message, attributes, traceId: null, spanId: null };
}
