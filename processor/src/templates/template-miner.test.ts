import { describe, expect, it } from 'vitest';
import { TemplateMiner } from './template-miner.js';
import { mineAll } from './evaluation/run-miner.js';
import type { MinerSnapshot } from './miner-snapshot.js';

describe('TemplateMiner: Drain failure modes', () => {
  it('does not merge lines of different meaning (VM Started vs VM Paused)', () => {
    const miner = new TemplateMiner();
    const lines = ['Started', 'Paused', 'Resumed', 'Stopped', 'Started'].map(
      (s) => `[instance: 1f2e3d4c-0000-1111-2222-333344445555] VM ${s} (Lifecycle Event)`,
    );
    const ids = lines.map((l) => miner.add(l).id);
    expect(new Set(ids).size).toBe(4);
    expect(ids[0]).toBe(ids[4]);
    expect(miner.add('VM Paused').text).toBe('VM Paused');
    expect(miner.add('VM Started').text).toBe('VM Started');
  });

  it('keeps one template when a variable spans several tokens', () => {
    const final = mineAll([
      'Deleted file /tmp/a.txt in 5 ms',
      'Deleted file /tmp/b.txt in 7 ms',
      'Deleted file /tmp/my file.txt in 3 ms',
      'Deleted file /srv/data/a long name.bin in 9 ms',
    ]);
    expect(new Set(final.map((f) => f.id)).size).toBe(1);
    expect(final[0]?.text).toBe('Deleted file <*> in <*> ms');
  });

  it('extracts parameters in order, multi-token ones joined', () => {
    const miner = new TemplateMiner();
    miner.add('Deleted file /tmp/a.txt in 5 ms');
    expect(miner.add('Deleted file /tmp/my file.txt in 3 ms').params).toEqual(['/tmp/my file.txt', '3']);
    expect(miner.add('conn 10.0.0.1:8080 closed').params).toEqual(['10.0.0.1', '8080']);
    miner.add('Invalid user alice from 10.0.0.1');
    miner.add('Invalid user bob from 10.0.0.2');
    miner.add('Invalid user carol from 10.0.0.3');
    const r = miner.add('Invalid user dave from 10.0.0.4');
    expect(r.text).toBe('Invalid user <*> from <*>');
    expect(r.params).toEqual(['dave', '10.0.0.4']);
  });

  it('turns a word position into a variable only after enough distinct values', () => {
    const miner = new TemplateMiner({ minWordVariants: 3 });
    const a = miner.add('session opened for user alice');
    const b = miner.add('session opened for user bob');
    expect(a.id).not.toBe(b.id);
    const c = miner.add('session opened for user carol');
    expect(c.text).toBe('session opened for user <*>');
    expect(miner.resolve(a.id)).toBe(c.id);
    expect(miner.resolve(b.id)).toBe(c.id);
  });
});

describe('TemplateMiner: ids, aliases, snapshot', () => {
  const lines = [
    'Found child 6725 in scoreboard slot 10',
    'workerEnv.init() ok /etc/httpd/conf/workers2.properties',
    'Found child 6726 in scoreboard slot 8',
    'mod_jk child workerEnv in error state 6',
    'connection from 10.0.0.1 (host1.example.com) port 22',
    'connection from 10.0.0.2 () port 22',
  ];

  it('derives ids from the template text', () => {
    const r = new TemplateMiner().add('Found child 6725 in scoreboard slot 10');
    expect(r.id).toMatch(/^t_[0-9a-f]{12}$/);
    expect(new TemplateMiner().add('Found child 1 in scoreboard slot 2').id).toBe(r.id);
  });

  it('emits an alias when a template generalises and resolves through it', () => {
    const miner = new TemplateMiner();
    const first = miner.add('connection from 10.0.0.1 () port 22');
    const second = miner.add('connection from 10.0.0.2 (host1.example.com) port 22');
    expect(second.aliasOf).toBe(first.id);
    expect(second.id).not.toBe(first.id);
    expect(miner.aliases().get(first.id)).toBe(second.id);
    expect(miner.resolve(first.id)).toBe(second.id);
  });

  it('gives the same final ids to two miners fed the same lines in different orders', () => {
    const forward = mineAll(lines);
    const backward = mineAll([...lines].reverse()).reverse();
    expect(backward.map((a) => a.id)).toEqual(forward.map((a) => a.id));
  });

  it('restores from a JSON snapshot with the same ids and counts', () => {
    const miner = new TemplateMiner();
    const ids = lines.map((l) => miner.add(l).id);
    const restored = TemplateMiner.restore(JSON.parse(JSON.stringify(miner.snapshot())) as MinerSnapshot);
    expect(restored.templates()).toEqual(miner.templates());
    expect(restored.add(lines[0] as string).id).toBe(miner.resolve(ids[0] as string));
    expect(restored.resolve(ids[4] as string)).toBe(miner.resolve(ids[4] as string));
  });

  it('rejects a malformed snapshot with a typed error', () => {
    expect(() => TemplateMiner.restore({ version: 99 } as never)).toThrow(/invalid miner snapshot/);
  });
});

describe('TemplateMiner: read-only match and bounds', () => {
  it('match() finds a covering template without changing state', () => {
    const miner = new TemplateMiner();
    miner.add('Found child 6725 in scoreboard slot 10');
    const before = JSON.stringify(miner.snapshot());
    expect(miner.match('Found child 1 in scoreboard slot 2')?.params).toEqual(['1', '2']);
    expect(miner.match('something else entirely')).toBeNull();
    expect(JSON.stringify(miner.snapshot())).toBe(before);
  });

  it('keeps at most maxTemplates templates, evicting the least recently seen', () => {
    const miner = new TemplateMiner({ maxTemplates: 10 });
    // Different lengths: no two of these lines can share a template.
    for (let i = 1; i <= 30; i++) miner.add(`${'x '.repeat(i)}end`);
    expect(miner.templates().length).toBeLessThanOrEqual(10);
    const texts = miner.templates().map((t) => t.text);
    expect(texts).toContain(`${'x '.repeat(30)}end`);
    expect(texts).not.toContain('x end');
  });

  it('handles empty and whitespace-only messages', () => {
    const miner = new TemplateMiner();
    expect(miner.add('   ').text).toBe('');
    expect(miner.add('').params).toEqual([]);
  });
});
