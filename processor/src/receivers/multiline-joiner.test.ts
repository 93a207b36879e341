import { describe, expect, it } from 'vitest';
import { MultilineJoiner, type JoinedEvent } from './multiline-joiner.js';

function join(lines: string[], limits = { maxLines: 500, maxBytes: 1 << 20 }): JoinedEvent[] {
  const joiner = new MultilineJoiner(limits);
  const out: JoinedEvent[] = [];
  lines.forEach((text, i) => {
    const done = joiner.push({ lineNo: i + 1, text });
    if (done) out.push(done);
  });
  const last = joiner.flush();
  if (last) out.push(last);
  return out;
}

const shape = (events: JoinedEvent[]): Array<[number, number]> => events.map((e) => [e.lineNo, e.lines.length]);

describe('MultilineJoiner', () => {
  it('joins a Java stack trace with Caused by and ... N more', () => {
    const events = join([
      '2024-01-01 10:00:00 ERROR [main] request failed',
      'java.lang.IllegalStateException: boom',
      '\tat com.acme.Foo.bar(Foo.java:10)',
      '\tat com.acme.Main.main(Main.java:5)',
      'Caused by: java.io.IOException: disk',
      '\tat com.acme.Disk.write(Disk.java:3)',
      '\t... 2 more',
      '2024-01-01 10:00:01 INFO [main] next',
    ]);
    expect(shape(events)).toEqual([[1, 7], [8, 1]]);
    expect(events[0]!.lines[1]).toBe('java.lang.IllegalStateException: boom');
  });

  it('joins a Python traceback including its final XError line', () => {
    const events = join([
      'ERROR:root:handler crashed',
      'Traceback (most recent call last):',
      '  File "app.py", line 3, in <module>',
      '    main()',
      'ValueError: bad value',
      'INFO:root:recovered',
    ]);
    expect(shape(events)).toEqual([[1, 5], [6, 1]]);
  });

  it('closes a Python traceback at its final line', () => {
    const events = join([
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      'ValueError: x',
      '  indented note',
      'next: thing',
    ]);
    expect(shape(events)).toEqual([[1, 4], [5, 1]]);
  });

  it('joins chained Python tracebacks', () => {
    const events = join([
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in f',
      'KeyError: \'x\'',
      'During handling of the above exception, another exception occurred:',
      'Traceback (most recent call last):',
      '  File "a.py", line 3, in g',
      'RuntimeError',
      'plain line after',
    ]);
    expect(shape(events)).toEqual([[1, 7], [8, 1]]);
  });

  it('joins a Go panic with its goroutine blocks', () => {
    const events = join([
      'panic: runtime error: index out of range [5] with length 3',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/tmp/x.go:8 +0x1d',
      'created by main.start in goroutine 1',
      '\t/tmp/x.go:20 +0x3f',
      'exit status 2',
      'service restarted',
    ]);
    expect(shape(events)).toEqual([[1, 7], [8, 1]]);
  });

  it('joins a Node stack', () => {
    const events = join([
      'TypeError: Cannot read properties of undefined (reading \'id\')',
      '    at getUser (/app/users.js:10:15)',
      '    at async handler (/app/server.js:42:7)',
      'Server listening on 3000',
    ]);
    expect(shape(events)).toEqual([[1, 3], [4, 1]]);
  });

  it('never joins JSON lines, even indented lines after them', () => {
    expect(shape(join(['{"a":1}', '  {"b":2}', '{"c":3}']))).toEqual([[1, 1], [2, 1], [3, 1]]);
  });

  it('joins header-less lines once the stream clearly uses headers', () => {
    const header = Array.from({ length: 8 }, (_, i) => `2024-01-01 10:00:0${i} INFO tick ${i}`);
    const events = join([...header, 'SELECT *', 'FROM t', '2024-01-01 10:00:09 INFO done']);
    expect(shape(events).slice(-2)).toEqual([[8, 3], [11, 1]]);
  });

  it('does not join a header-shaped line whose timestamp failed to parse', () => {
    const header = Array.from({ length: 8 }, (_, i) => `2024-01-01 10:00:0${i} INFO tick ${i}`);
    const events = join([...header, '2024-01-01 10:00 INFO odd clock', 'ERROR x']);
    expect(shape(events).slice(-3)).toEqual([[8, 1], [9, 1], [10, 1]]);
  });

  it('keeps header-less streams one line per event', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `message number ${i}`);
    expect(join(lines)).toHaveLength(20);
  });

  it('caps events by line count and starts a new event with the overflow', () => {
    const lines = ['ERROR boom', ...Array.from({ length: 9 }, (_, i) => `  at frame ${i}`)];
    const events = join(lines, { maxLines: 4, maxBytes: 1 << 20 });
    expect(shape(events)).toEqual([[1, 4], [5, 4], [9, 2]]);
    expect(events[0]!.capped).toBe(true);
    expect(events[2]!.capped).toBe(false);
  });

  it('caps events by size', () => {
    const events = join(['ERROR boom', `  ${'x'.repeat(600)}`, `  ${'y'.repeat(600)}`], { maxLines: 500, maxBytes: 1024 });
    expect(shape(events)).toEqual([[1, 2], [3, 1]]);
  });

  it('counts joined lines and reports pending events', () => {
    const joiner = new MultilineJoiner({ maxLines: 500, maxBytes: 1 << 20 });
    expect(joiner.pending).toBe(false);
    joiner.push({ lineNo: 1, text: 'ERROR x' });
    joiner.push({ lineNo: 2, text: '  detail', invalidUtf8: true });
    expect(joiner.pending).toBe(true);
    expect(joiner.joinedLines).toBe(1);
    expect(joiner.flush()?.invalidUtf8).toBe(true);
    expect(joiner.pending).toBe(false);
  });
});
