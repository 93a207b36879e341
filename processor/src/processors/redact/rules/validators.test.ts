import { isIPv4 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ipv4ToInt, ipv4Valid, ipv4ValidBySplit, parseIpv4 } from './validators.js';


function candidates(): string[] {
  const pieces = ['0', '1', '9', '00', '01', '10', '25', '255', '256', '299', '1000', '.', '.', '.', '', ' ', 'a', '-1', '1e2', '\u0661', '+1', '0x1'];
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  const out = ['', '.', '...', '1.2.3.4', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1..3.4', ' 1.2.3.4', '1.2.3.4 ', 'a.b.c.d', '1.2.3.04', '127.0.0.1'];
  const octets = ['0', '7', '10', '99', '127', '192', '255', '256', '300', '01', '001', '1000', '', 'a', ' 1', '1 ', '\u0661'];
  for (let i = 0; i < 50_000; i++) {
    if (next() < 0.5) {
      // Dotted shapes, mostly four parts, mostly plausible octets.
      const n = next() < 0.8 ? 4 : 3 + Math.floor(next() * 3);
      const parts: string[] = [];
      for (let j = 0; j < n; j++) parts.push(next() < 0.7 ? String(Math.floor(next() * 300)) : (octets[Math.floor(next() * octets.length)] ?? ''));
      out.push(parts.join('.'));
      continue;
    }
    const n = 1 + Math.floor(next() * 9);
    let s = '';
    for (let j = 0; j < n; j++) s += pieces[Math.floor(next() * pieces.length)] ?? '';
    out.push(s);
  }
  return out;
}

describe('IPv4 validators', () => {
  const texts = candidates();

  it('ipv4Valid agrees with the split-based check on any text', () => {
    expect(texts.filter((t) => ipv4Valid(t) !== ipv4ValidBySplit(t))).toEqual([]);
    expect(texts.filter((t) => ipv4Valid(t)).length).toBeGreaterThan(100);
  });

  it('parseIpv4 is isIPv4 then ipv4ToInt, or -1', () => {
    expect(texts.filter((t) => parseIpv4(t) !== (isIPv4(t) ? ipv4ToInt(t) : -1))).toEqual([]);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('127.0.0.1')).toBe(0x7f000001);
  });
});
