import { describe, expect, it } from 'vitest';
import { notifyPayloads } from './anomaly-notify.js';

describe('notifyPayloads', () => {
  it('joins ids with commas and splits before the size limit, losing none', () => {
    expect(notifyPayloads([])).toEqual([]);
    expect(notifyPayloads(['1', '22', '333'])).toEqual(['1,22,333']);
    const ids = Array.from({ length: 50 }, (_, i) => String(1000 + i));
    const payloads = notifyPayloads(ids, 20);
    expect(payloads.every((p) => p.length <= 20)).toBe(true);
    expect(payloads.flatMap((p) => p.split(','))).toEqual(ids);
  });
});
