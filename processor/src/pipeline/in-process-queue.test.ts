import { describe, expect, it } from 'vitest';
import { InProcessQueue } from './in-process-queue.js';

describe('InProcessQueue', () => {
  it('delivers every item in order and ends after close', async () => {
    const queue = new InProcessQueue<number>(2);
    const produced = (async () => {
      for (let i = 0; i < 50; i++) await queue.push(i);
      queue.close();
    })();
    const seen: number[] = [];
    for await (const item of queue) seen.push(item);
    await produced;
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('blocks a writer while full (backpressure)', async () => {
    const queue = new InProcessQueue<string>(1);
    await queue.push('a');
    let secondDone = false;
    const second = queue.push('b').then(() => {
      secondDone = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(secondDone).toBe(false);
    const iterator = queue[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe('a');
    await second;
    expect(secondDone).toBe(true);
    expect(queue.size).toBe(1);
  });

  it('surfaces a failure to the reader after draining', async () => {
    const queue = new InProcessQueue<number>(4);
    await queue.push(1);
    queue.fail(new Error('receiver broke'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow('receiver broke');
    expect(seen).toEqual([1]);
    await expect(queue.push(2)).rejects.toThrow('closed');
  });

  it('rejects a nonsensical capacity', () => {
    expect(() => new InProcessQueue(0)).toThrow(RangeError);
  });
});
