import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Our own diagnostic log: JSON lines on stderr so stdout stays free for command output.
 * It never carries log content: stages log counts and ids, not messages (no PII of our own).
 */
export function createLogger(level: string = 'info', name = 'ailog'): Logger {
  return pino({ name, level, base: { name } }, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
