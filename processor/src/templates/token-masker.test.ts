import { describe, expect, it } from 'vitest';
import { TokenMasker, isWhitespace } from './token-masker.js';

const masker = new TokenMasker({ extraMasks: [] });
const masked = (line: string): string => masker.mask(line, 256).masked.join(' ');

describe('TokenMasker', () => {
  it('masks ips with ports piecewise and keeps the punctuation', () => {
    expect(masked('from 10.250.19.102:54106 to /10.0.0.1')).toBe('from <*>:<*> to <*>');
    expect(masker.mask('from 10.250.19.102:54106', 256).values[1]).toEqual(['10.250.19.102', '54106']);
    expect(masked('peer fe80::1ff:fe23:4567:890a and [2001:db8::1]:443 at 22:53:19')).toBe(
      'peer <*> and [<*>]:<*> at <*>:<*>:<*>',
    );
  });

  it('masks numbers, hex, uuids, paths, urls (keeping the scheme), durations, sizes, key=value values', () => {
    expect(masked('took 12ms size 1.5GB')).toBe('took <*> size <*>');
    expect(masked('addr 0x7f3a9c00 id 3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe('addr <*> id <*>');
    expect(masked('open /var/log/syslog via https://example.com/a?b=1')).toBe('open <*> via https://<*>');
    expect(masked('user=42 retries=3,')).toBe('user=<*> retries=<*>,');
    expect(masked('block blk_-1608999687919862906 done')).toBe('block <*> done');
    expect(masked('host db7.example.com up')).toBe('host <*> up');
    expect(masked('at Sat Jul 9 22:53:19 2005')).toBe('at <*> <*> <*> <*>:<*>:<*> <*>');
    expect(masked('estimated size 12.5 KB, free 3 MB)')).toBe('estimated size <*>, free <*>)');
  });

  it('keeps identifiers with short digit suffixes constant', () => {
    expect(masked('port 22 ssh2 jk2_init() org.apache.Foo')).toBe('port <*> ssh2 jk2_init() org.apache.Foo');
  });

  it('applies user masks first and records their values', () => {
    const m = new TokenMasker({ extraMasks: [{ name: 'ticket', regex: 'TCK-[A-Z]+' }] });
    const line = m.mask('ticket TCK-ABC closed', 256);
    expect(line.masked).toEqual(['ticket', '<*>', 'closed']);
    expect(line.values[1]).toEqual(['TCK-ABC']);
  });

  it('rejects an invalid user mask with a typed error', () => {
    expect(() => new TokenMasker({ extraMasks: [{ name: 'bad', regex: '(' }] })).toThrow(/extra mask bad/);
  });

  it('bounds the token count but keeps the tail', () => {
    const line = masker.mask('a b c d e', 3);
    expect(line.raw).toEqual(['a', 'b', 'c d e']);
  });

  it('splits on exactly what a regex \\s matches, Unicode spaces included', () => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isWhitespace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
    const line = 'a\u00a0b\u2003c\u3000d\ufeffe\u2028f \t\r\ng\u180eh';
    expect(masker.mask(line, 256).raw).toEqual(line.split(/\s+/));
  });

  it('masks pieces between delimiters in order, keeping delimiter-only and mixed tokens', () => {
    const line = masker.mask('a=1,b=x;c=(2) [] "q" id|0x1f2e3d4c k:v:7 =', 256);
    expect(line.masked).toEqual(['a=<*>,b=x;c=(<*>)', '[]', '"q"', 'id|<*>', 'k:v:<*>', '=']);
    expect(line.values).toEqual([['1', '2'], undefined, undefined, ['0x1f2e3d4c'], ['7'], undefined]);
  });
});
