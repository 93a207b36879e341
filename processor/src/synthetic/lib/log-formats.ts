/**
 * Line formatters for the log styles the synthetic services speak. Each takes an epoch-ms time
 * and produces the header a real producer of that style would write.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Memoises a per-second header part: consecutive events mostly share their second, and formatting a
 * Date is a large share of the generator's time otherwise.
 */
function perSecond(format: (d: Date) => string): (t: number) => string {
  let second = NaN;
  let text = '';
  return (t) => {
    const s = Math.floor(t / 1000);
    if (s !== second) {
      second = s;
      text = format(new Date(s * 1000));
    }
    return text;
  };
}

const isoSecond = perSecond((d) => d.toISOString().slice(0, 19));

function millis(t: number): string {
  const ms = t - Math.floor(t / 1000) * 1000;
  return ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
}

/** `2026-11-24T10:00:00.123Z` */
export function isoTime(t: number): string {
  return `${isoSecond(t)}.${millis(t)}Z`;
}

const spaceSecond = perSecond((d) => d.toISOString().slice(0, 19).replace('T', ' '));

/** `2026-11-24 10:00:00.123` (space-separated, no zone: Java and PostgreSQL style). */
export function spaceTime(t: number): string {
  return `${spaceSecond(t)}.${millis(t)}`;
}

/** nginx access log: `24/Nov/2026:10:00:00 +0000` */
export const nginxTime = perSecond(
  (d) => `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`,
);

/** nginx error log: `2026/11/24 10:00:00` */
export const nginxErrorTime = perSecond((d) => d.toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', '/'));

/** BSD syslog (RFC 3164): `Nov 24 10:00:00` with the day space-padded. */
export const bsdTime = perSecond(
  (d) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`,
);

export interface AccessLine {
  readonly ip: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  readonly agent: string;
  readonly latencyMs: number;
  readonly upstream: string;
}

/** nginx "combined" plus request time and upstream, as many ingress configs log it. */
export function nginxAccess(t: number, a: AccessLine): string {
  const rt = (a.latencyMs / 1000).toFixed(3);
  return `${a.ip} - - [${nginxTime(t)}] "${a.method} ${a.path} HTTP/1.1" ${a.status} ${a.bytes} "-" "${a.agent}" rt=${rt} upstream=${a.upstream}`;
}

/** nginx error log line: `2026/11/24 10:00:00 [warn] 23#23: *812 message`. */
export function nginxError(t: number, level: string, conn: number, message: string): string {
  return `${nginxErrorTime(t)} [${level}] 23#23: *${conn} ${message}`;
}

/** One JSON object per line (pino/bunyan-like field names). */
export function jsonLine(t: number, level: string, msg: string, fields: Record<string, string | number | boolean>): string {
  return JSON.stringify({ time: isoTime(t), level, msg, ...fields });
}

function logfmtValue(v: string | number | boolean): string {
  const s = String(v);
  return /[\s"=]/.test(s) || s === '' ? JSON.stringify(s) : s;
}

/** logfmt (`key=value`, values with spaces quoted), Go/Heroku style. */
export function logfmtLine(t: number, level: string, msg: string, fields: Record<string, string | number | boolean>): string {
  let out = `time=${isoTime(t)} level=${level} msg=${logfmtValue(msg)}`;
  for (const [k, v] of Object.entries(fields)) out += ` ${k}=${logfmtValue(v)}`;
  return out;
}

/** PostgreSQL stderr log with `log_line_prefix = '%m [%p] '`: level then two spaces. */
export function postgresLine(t: number, pid: number, level: string, message: string): string {
  return `${spaceTime(t)} UTC [${pid}] ${level}:  ${message}`;
}

/** Logback default pattern: `2026-11-24 10:00:00.123 INFO  [thread] c.e.Logger - message`. */
export function javaLine(t: number, level: string, thread: string, logger: string, message: string): string {
  return `${spaceTime(t)} ${level.padEnd(5)} [${thread}] ${logger} - ${message}`;
}

/** RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`. */
export function syslog5424(t: number, pri: number, host: string, app: string, pid: number, msgId: string, message: string): string {
  return `<${pri}>1 ${isoTime(t)} ${host} ${app} ${pid} ${msgId} - ${message}`;
}

/** RFC 3164: `<PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG`. */
export function syslog3164(t: number, pri: number, host: string, tag: string, pid: number, message: string): string {
  return `<${pri}>${bsdTime(t)} ${host} ${tag}[${pid}]: ${message}`;
}

/** Syslog PRI for facility + severity (RFC 5424 §6.2.1). */
export function syslogPri(facility: number, severity: number): number {
  return facility * 8 + severity;
}
