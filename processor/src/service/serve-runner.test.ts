import { describe, expect, it } from 'vitest';
import { BadInputError } from '../domain/errors.js';
import { checkServeOptions } from './serve-runner.js';

describe('checkServeOptions', () => {
  it('accepts the meaningful combinations', () => {
    expect(() => checkServeOptions(false, { role: 'all' })).not.toThrow();
    expect(() => checkServeOptions(false, { role: 'all', follow: 'app.log' })).not.toThrow();
    expect(() => checkServeOptions(false, { role: 'processor', follow: '-' })).not.toThrow();
    expect(() => checkServeOptions(true, { role: 'processor' })).not.toThrow();
    expect(() => checkServeOptions(true, { role: 'api' })).not.toThrow();
  });

  it('refuses combinations that would silently do nothing', () => {
    expect(() => checkServeOptions(true, { role: 'all', follow: 'app.log' })).toThrow(/embedded mode/);
    expect(() => checkServeOptions(false, { role: 'processor' })).toThrow(BadInputError);
    expect(() => checkServeOptions(false, { role: 'api', follow: 'app.log' })).toThrow(/needs the processor/);
  });
});
