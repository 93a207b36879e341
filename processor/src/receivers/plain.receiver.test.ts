import { describe, expect, it } from 'vitest';
import { decodePlain, parsePlainHeader, startsWithHeader } from './plain.receiver.js';

describe('parsePlainHeader', () => {
  it('reads timestamp, pid, level and component (HDFS style)', () => {
    const { event, hasHeader } = parsePlainHeader('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating');
    expect(hasHeader).toBe(true);
    expect(event.timestamp?.toISOString()).toBe('2008-11-09T20:36:15.000Z');
    expect(event.severity).toBe('INFO');
    expect(event.service).toBe('dfs.DataNode$PacketResponder');
    expect(event.attributes).toEqual({ pid: '148', component: 'dfs.DataNode$PacketResponder' });
    expect(event.message).toBe('PacketResponder 1 terminating');
  });

  it('reads nested [component] and the "- " separators (Zookeeper style)', () => {
    const e = decodePlain('2015-07-29 17:41:44,747 - WARN  [QuorumPeer[myid=1]/0:0:0:0:2181:Election@774] - Notification time out: 3200');
    expect(e.severity).toBe('WARN');
    expect(e.service).toBe('QuorumPeer[myid=1]/0:0:0:0:2181:Election@774');
    expect(e.message).toBe('Notification time out: 3200');
  });

  it('reads Android pid/tid and single-letter levels', () => {
    const e = decodePlain('03-17 16:13:38.811  1702  2395 E WindowManager: crash here');
    expect(e.severity).toBe('ERROR');
    expect(e.attributes).toEqual({ pid: '1702', tid: '2395', component: 'WindowManager' });
    expect(e.message).toBe('crash here');
  });

  it('skips a comma after the timestamp (Windows CBS style)', () => {
    const e = decodePlain('2016-09-28 04:30:30, Info                  CBS    Loaded Servicing Stack');
    expect(e.severity).toBe('INFO');
    expect(e.message).toBe('CBS    Loaded Servicing Stack');
  });

  it('reads log4j [thread] logger: and leaves bracketed prose in the message', () => {
    const e = decodePlain('2015-10-18 18:01:47,978 INFO [main] org.acme.App: Created app');
    expect(e.service).toBe('org.acme.App');
    expect(e.attributes).toEqual({ thread: 'main', component: 'org.acme.App' });
    expect(e.message).toBe('Created app');
    expect(decodePlain('2015-10-18 18:01:47 ERROR [client 1.2.3.4] denied').message).toBe('[client 1.2.3.4] denied');
    expect(decodePlain('2015-07-29 17:41:44,747 - INFO  [Proc(sid:1 cport:-1)::P@487] - Got x').message).toBe('Got x');
    expect(decodePlain('- 1117838570 R02 cache error').message).toBe('- 1117838570 R02 cache error');
  });

  it('reads a bracketed level without a timestamp', () => {
    const e = decodePlain('[ERROR] [db] connection lost');
    expect(e.severity).toBe('ERROR');
    expect(e.service).toBe('db');
    expect(e.message).toBe('connection lost');
  });

  it('does not take prose or URLs for components', () => {
    expect(decodePlain('2024-01-01 10:00:00 ERROR Error: disk full').message).toBe('Error: disk full');
    expect(decodePlain('2024-01-01 10:00:00 INFO http://x.y/z fetched').message).toBe('http://x.y/z fetched');
    expect(decodePlain('Note: this is prose').service).toBeNull();
  });

  it('leaves header-less lines alone', () => {
    const e = decodePlain('user logged in from 10.0.0.1');
    expect(e).toMatchObject({ timestamp: null, severity: 'UNKNOWN', service: null, message: 'user logged in from 10.0.0.1', attributes: {} });
  });
});

describe('startsWithHeader', () => {
  it('is true for a timestamp or level opening and false otherwise', () => {
    expect(startsWithHeader('2024-01-01T00:00:00Z x')).toBe(true);
    expect(startsWithHeader('WARN something')).toBe(true);
    expect(startsWithHeader('[INFO] x')).toBe(true);
    expect(startsWithHeader('  at foo')).toBe(false);
    expect(startsWithHeader('something else')).toBe(false);
  });
});
