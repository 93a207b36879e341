import type { DecodedEvent } from './decoded-event.js';

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

// host ident user [dd/Mon/yyyy:HH:MM:SS +zzzz] "request" status bytes — NCSA Common/Combined Log Format.
const CLF = /^(\S+) (\S+) (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "([^"]*)" (\d{3}) (\S+)/;

/**
 * Decodes an access-log line (nginx/Apache common or combined format), the most common log a
 * web tier writes without any level: the time comes from the bracketed field and the severity
 * from the status class (5xx ERROR, 4xx WARN, else INFO). The whole line stays the message so
 * the miner sees method, path shape and status. Null when the line is not in that format.
 */
export function decodeAccessLog(text: string): DecodedEvent | null {
  const m = CLF.exec(text);
  if (m === null) return null;
  const month = MONTHS[m[5] as string];
  if (month === undefined) return null;
  const offsetMin = (m[10] === '-' ? -1 : 1) * (Number(m[11]) * 60 + Number(m[12]));
  const utc = Date.UTC(Number(m[6]), month, Number(m[4]), Number(m[7]), Number(m[8]), Number(m[9])) - offsetMin * 60_000;
  const status = Number(m[14]);
  const [method = '', path = ''] = (m[13] as string).split(' ');
  // The authenticated user names a person; only the format knows where it is, so it goes here.
  const user = m[3] as string;
  const message = user === '-' ? text : `${m[1]} ${m[2]} [USER] ${text.slice((m[1] as string).length + (m[2] as string).length + user.length + 3)}`;
  return {
    timestamp: new Date(utc),
    service: null,
    severity: status >= 500 ? 'ERROR' : status >= 400 ? 'WARN' : 'INFO',
    message,
    attributes: { client: m[1] as string, http_method: method, http_path: path, http_status: status },
    traceId: null,
    spanId: null,
  };
}
