import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

function stream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream: Object.assign(out, { isTTY }) as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('Progress', () => {
  it('draws on a terminal and clears its line when stopped', async () => {
    const tty = stream(true);
    const progress = new Progress('ingest', () => 1234, tty.stream).start();
    await new Promise((r) => setTimeout(r, 300));
    progress.stop();
    await new Promise((r) => setImmediate(r));
    expect(tty.text()).toContain('ingest: 1,234 lines');
    expect(tty.text().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('writes nothing when stderr is not a terminal', async () => {
    const pipe = stream(false);
    const progress = new Progress('ingest', () => 1, pipe.stream).start();
    await new Promise((r) => setTimeout(r, 300));
    progress.stop();
    expect(pipe.text()).toBe('');
  });
});
