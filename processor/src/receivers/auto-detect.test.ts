import { describe, expect, it } from 'vitest';
import { decodeAuto } from './auto-detect.js';

describe('decodeAuto', () => {
  it.each([
    ['{"msg":"hi","level":"info"}', 'json'],
    ['  {"msg":"indented"}', 'json'],
    ['<13>1 2024-01-01T00:00:00Z h app - - - hi', 'syslog'],
    ['<13>Feb  5 17:32:18 h app[1]: hi', 'syslog'],
    ['Feb  5 17:32:18 h app[1]: hi', 'syslog'],
    ['level=info msg="hi there" user=bob', 'logfmt'],
    ['2024-01-01 00:00:00 INFO hi', 'plain'],
    ['Feb  5 17:32:18 no tag in this line', 'plain'],
    ['set msg=hi in the config and restart the service please', 'plain'],
    ['[1,2,3]', 'plain'],
  ])('%s → %s', (line, format) => {
    expect(decodeAuto(line).format).toBe(format);
  });

  it('keeps broken JSON as a plain event flagged with json_error', () => {
    const r = decodeAuto('{"a": 1, "msg": "unterminated');
    expect(r.format).toBe('plain');
    expect(r.jsonError).toBeTruthy();
    expect(r.event.message).toBe('{"a": 1, "msg": "unterminated');
    expect(typeof r.event.attributes.json_error).toBe('string');
  });

  it('treats a JSON array or scalar after { as not JSON', () => {
    expect(decodeAuto('{not json}').jsonError).toBeDefined();
  });
});
