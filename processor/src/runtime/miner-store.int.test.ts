import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../domain/logger.js';
import { MinerStateRepository } from '../storage/index.js';
import { openTestDatabase, type TestDatabase } from '../storage/testing/test-database.js';
import { TemplateMiner } from '../templates/index.js';
import { MINER_STATE_NAME, MinerStore } from './miner-store.js';

describe('MinerStore on PGlite', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase('pglite', inject('databaseUrl'));
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('starts fresh on an empty database, and a restart keeps templates and ids', async () => {
    const repository = new MinerStateRepository(test.db.knex);
    const store = new MinerStore(repository, silentLogger);
    const first = await store.load();
    expect(first.templates()).toHaveLength(0);
    const a = first.add('Receiving block blk_1 src: /10.0.0.1:5000');
    const b = first.add('Receiving block blk_2 src: /10.0.0.2:5000');
    await store.save(first);

    const restarted = await new MinerStore(repository, silentLogger).load();
    expect(restarted.templates().map((t) => t.id)).toEqual(first.templates().map((t) => t.id));
    expect(restarted.match('Receiving block blk_9 src: /10.0.0.9:5000')?.id).toBe(b.id);
    expect(restarted.resolve(a.id)).toBe(b.id);
  });

  it('stores template tokens redacted: a constant email never reaches miner_state', async () => {
    const repository = new MinerStateRepository(test.db.knex);
    const store = new MinerStore(repository, silentLogger, (t) => (t.includes('@') ? '[EMAIL]' : t));
    const miner = new TemplateMiner();
    for (let i = 0; i < 3; i++) miner.add(`nightly report ${i} mailed to ops@corp.example.com`);
    await store.save(miner);
    const saved = JSON.stringify((await repository.load(MINER_STATE_NAME))?.snapshot);
    expect(saved).not.toContain('ops@corp.example.com');
    expect(saved).toContain('[EMAIL]');
  });

  it('sets an unreadable snapshot aside instead of failing start-up', async () => {
    const repository = new MinerStateRepository(test.db.knex);
    await repository.save(MINER_STATE_NAME, { version: 999, garbage: true });
    const miner = await new MinerStore(repository, silentLogger).load();
    expect(miner).toBeInstanceOf(TemplateMiner);
    expect(miner.templates()).toHaveLength(0);
  });
});
