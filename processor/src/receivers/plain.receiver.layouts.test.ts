import { describe, expect, it } from 'vitest';
import { decodePlain } from './plain.receiver.js';

describe('decodePlain on common server layouts', () => {
  it('PostgreSQL: bracketed pid, LOG level, and the text after `LOG:` is the message', () => {
    const e = decodePlain('2026-11-24 10:00:47.800 UTC [44306] LOG:  disconnection: session time: 0:27:36.740');
    expect(e.attributes.pid).toBe('44306');
    expect(e.severity).toBe('INFO');
    expect(e.service).toBeNull();
    expect(e.message).toBe('disconnection: session time: 0:27:36.740');
  });

  it('PostgreSQL: an ERROR with a colon keeps its sentence', () => {
    const e = decodePlain('2026-11-24 10:00:47.800 UTC [7] ERROR:  duplicate key value violates unique constraint "x"');
    expect(e.severity).toBe('ERROR');
    expect(e.message).toBe('duplicate key value violates unique constraint "x"');
  });

  it('Logback: `[thread] logger - message` names the logger, not the thread', () => {
    const e = decodePlain('2026-11-24 10:00:00.001 ERROR [http-nio-8080-exec-3] c.s.OrderService - reservation failed');
    expect(e.service).toBe('c.s.OrderService');
    expect(e.attributes.thread).toBe('http-nio-8080-exec-3');
    expect(e.message).toBe('reservation failed');
  });

  it('prose starting with "Log" is not a level', () => {
    expect(decodePlain('Log rotated at midnight').severity).toBe('UNKNOWN');
  });

  it('an unknown header still yields the upper-case level word among its first fields', () => {
    const line = '1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt';
    const e = decodePlain(line);
    expect(e.severity).toBe('FATAL');
    // only the level is taken: the message keeps its text for the template miner
    expect(e.message).toContain('data TLB error interrupt');
    expect(decodePlain('1131566461 2005.11.09 DN228 [ERROR] link down').severity).toBe('ERROR');
    expect(decodePlain('R02-M1 KERNEL SEVERE: machine check').severity).toBe('ERROR');
  });

  it('prose and lower-case words do not set a level from the header scan', () => {
    expect(decodePlain('an error occurred while reading the block').severity).toBe('UNKNOWN');
    expect(decodePlain('worker 3 reported a Fatal condition').severity).toBe('UNKNOWN');
    // a field with lower-case letters ends the header: what follows is prose
    expect(decodePlain('node7 kernel: disk ERROR on sda').severity).toBe('UNKNOWN');
    expect(decodePlain('job 42 state changed RUNNING -> ERROR').severity).toBe('UNKNOWN');
    expect(decodePlain('user clicked the CRITICAL button').severity).toBe('UNKNOWN');
    // past the first ten fields it is message text, not header
    expect(decodePlain('1 2 3 4 5 6 7 8 9 10 11 ERROR').severity).toBe('UNKNOWN');
  });
});
