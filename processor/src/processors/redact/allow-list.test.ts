import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';

describe('allow-list', () => {
  it('keeps loopback and unspecified addresses by default but redacts private ones', () => {
    const r = new Redactor();
    expect(r.redact('127.0.0.1 ::1 0.0.0.0 10.1.2.3 192.168.0.9').text).toBe('127.0.0.1 ::1 0.0.0.0 [IP] [IP]');
  });

  it('redacts loopback when told to', () => {
    const r = new Redactor({ allow: { loopbackIps: false } });
    expect(r.redact('from 127.0.0.1 and ::1').text).toBe('from [IP] and [IP]');
  });

  it('keeps private IPv4/IPv6 ranges when enabled, public ones still go', () => {
    const r = new Redactor({ allow: { privateIps: true } });
    expect(r.redact('10.1.2.3 172.20.0.1 192.168.1.1 fd12::1 fe80::2 ::ffff:10.0.0.1 8.8.8.8 2001:db8::1').text).toBe(
      '10.1.2.3 172.20.0.1 192.168.1.1 fd12::1 fe80::2 ::ffff:10.0.0.1 [IP] [IP]',
    );
  });

  it('keeps IPs in configured CIDRs and exact IPv6 entries', () => {
    const r = new Redactor({ allow: { ips: ['203.0.113.0/24', '2001:db8::42'] } });
    expect(r.redact('203.0.113.7 203.0.114.7 2001:db8::42 2001:db8::43').text).toBe('203.0.113.7 [IP] 2001:db8::42 [IP]');
  });

  it('keeps emails matching globs, case-insensitively', () => {
    const r = new Redactor({ allow: { emails: ['*@example.com', 'noreply@*'] } });
    expect(r.redact('a@Example.COM noreply@corp.io bob@corp.io').text).toBe('a@Example.COM noreply@corp.io [EMAIL]');
  });

  it('keeps values matching a pattern and does not let a weaker rule redact part of them', () => {
    const r = new Redactor({ allow: { patterns: ['test-card-4111111111111111', '4111111111111111'] } });
    expect(r.redact('card 4111111111111111 ok').text).toBe('card 4111111111111111 ok');
  });
});
