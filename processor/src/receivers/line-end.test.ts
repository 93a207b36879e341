import { describe, expect, it } from 'vitest';
import { withoutLineEnd } from './line-end.js';

describe('withoutLineEnd', () => {
  it('drops one trailing LF or CRLF, exactly as /\\r?\\n$/ does', () => {
    for (const text of ['', '\n', '\r\n', '\r', 'a', 'a\n', 'a\r\n', 'a\r', 'a\n\n', 'a\r\n\r\n', 'a\n\r', '\n\r\n', 'a\nb']) {
      expect(withoutLineEnd(text)).toBe(text.replace(/\r?\n$/, ''));
    }
  });
});
