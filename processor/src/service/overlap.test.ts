import { describe, expect, it } from 'vitest';
import { SerialLane, Slots } from './overlap.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('SerialLane', () => {
  it('runs tasks one at a time in call order, even when they await', async () => {
    const lane = new SerialLane();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (name: string) => async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([lane.run(task('a')), lane.run(task('b')), lane.run(task('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(maxRunning).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('gives a failure to its caller only and goes on with the next task', async () => {
    const lane = new SerialLane();
    const failed = lane.run(() => Promise.reject(new Error('boom')));
    const next = lane.run(() => 42);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });
});

describe('Slots', () => {
  it('lets at most `size` holders in and hands a released slot to the oldest waiter', async () => {
    const slots = new Slots(2);
    await slots.acquire();
    await slots.acquire();
    expect(slots.available).toBe(0);
    const order: number[] = [];
    const third = slots.acquire().then(() => order.push(3));
    const fourth = slots.acquire().then(() => order.push(4));
    await tick();
    expect(order).toEqual([]);
    slots.release();
    await third;
    expect(order).toEqual([3]);
    slots.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    slots.release();
    slots.release();
    expect(slots.available).toBe(2);
  });

  it('never counts more free slots than its size', () => {
    const slots = new Slots(1);
    slots.release();
    expect(slots.available).toBe(1);
  });

  it('refuses a size below one', () => {
    expect(() => new Slots(0)).toThrow(RangeError);
  });
});
