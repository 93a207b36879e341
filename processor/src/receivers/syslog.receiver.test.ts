import { describe, expect, it } from 'vitest';
import { decodeSyslog, readPri } from './syslog.receiver.js';

describe('decodeSyslog RFC 5424', () => {
  it('reads header, structured data and severity from PRI', () => {
    const e = decodeSyslog('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App \\"x\\""][meta seq="1"] \ufeffAn application event');
    expect(e?.severity).toBe('INFO'); // 165 & 7 = 5 (notice)
    expect(e?.timestamp?.toISOString()).toBe('2003-10-11T22:14:15.003Z');
    expect(e?.service).toBe('evntslog');
    expect(e?.message).toBe('An application event');
    expect(e?.attributes).toEqual({
      facility: 20, host: 'mymachine.example.com', msgid: 'ID47',
      'exampleSDID@32473.iut': '3', 'exampleSDID@32473.eventSource': 'App "x"', 'meta.seq': '1',
    });
  });

  it('handles nil values and no structured data', () => {
    const e = decodeSyslog('<11>1 - - - - - - disk failed');
    expect(e?.severity).toBe('ERROR');
    expect(e?.timestamp).toBeNull();
    expect(e?.service).toBeNull();
    expect(e?.message).toBe('disk failed');
  });
});

describe('decodeSyslog RFC 3164', () => {
  it('reads PRI, host, tag and pid', () => {
    const e = decodeSyslog('<34>Oct 11 22:14:15 mymachine su[230]: \'su root\' failed for lonvick');
    expect(e?.severity).toBe('FATAL'); // 34 & 7 = 2 (crit)
    expect(e?.service).toBe('su');
    expect(e?.attributes).toEqual({ host: 'mymachine', pid: '230', facility: 4 });
    expect(e?.message).toBe('\'su root\' failed for lonvick');
    expect(e?.timestamp?.getUTCMonth()).toBe(9);
  });

  it('reads /var/log lines without PRI, taking a level word from the message', () => {
    const e = decodeSyslog('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=x');
    expect(e?.service).toBe('sshd(pam_unix)');
    expect(e?.severity).toBe('UNKNOWN');
    expect(e?.attributes).toEqual({ host: 'combo', pid: '19939' });
    expect(decodeSyslog('Jun  4 01:02:03 web nginx: ERROR upstream down')?.severity).toBe('ERROR');
  });

  it('keeps a tag-less message when PRI is present', () => {
    const e = decodeSyslog('<12>Jan  2 03:04:05 host free text here');
    expect(e?.service).toBeNull();
    expect(e?.severity).toBe('WARN');
    expect(e?.message).toBe('free text here');
  });

  it('returns null for lines without the tag shape', () => {
    expect(decodeSyslog('Jun 14 15:16:01 something happened without a tag')).toBeNull();
    expect(decodeSyslog('hello')).toBeNull();
  });
});

describe('readPri', () => {
  it('accepts 0..191 only', () => {
    expect(readPri('<0>x')).toEqual({ pri: 0, end: 3 });
    expect(readPri('<191>x')?.pri).toBe(191);
    expect(readPri('<192>x')).toBeNull();
    expect(readPri('<a>x')).toBeNull();
    expect(readPri('<>x')).toBeNull();
  });
});
