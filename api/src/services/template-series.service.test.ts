import { BadInputError } from '@ailog/processor';
import { describe, expect, it } from 'vitest';
import { parseBucket } from './template-series.service.js';

describe('parseBucket', () => {
  it('reads s/m/h/d widths', () => {
    expect(parseBucket('30s')).toBe(30);
    expect(parseBucket('5m')).toBe(300);
    expect(parseBucket(' 1h ')).toBe(3600);
    expect(parseBucket('2d')).toBe(172_800);
  });

  it('refuses anything else as bad input', () => {
    for (const bad of ['', '5', 'm', '0m', '5 minutes', '1w', '-5m', '123456m']) expect(() => parseBucket(bad), bad).toThrow(BadInputError);
  });
});
