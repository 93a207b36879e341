import type { Logger } from '../domain/logger.js';
import type { MinerStateRepository } from '../storage/index.js';
import { minerSnapshotSchema, TemplateMiner, type MinerConfig } from '../templates/index.js';

/** Name of the miner's row in `miner_state`; one miner per database. */
export const MINER_STATE_NAME = 'default';

/**
 * Loads and saves the template miner's state so a restart keeps its templates (and ids).
 * A snapshot that no longer validates (older layout, hand-edited) is set aside with a warning
 * rather than stopping the processor: ids are derived from template text, so a fresh miner
 * converges to the same ids.
 */
export class MinerStore {
  /**
   * `redact` is applied to every template token before the snapshot is stored: templates are
   * mined from the raw text, so a value constant across a template's lines (an email, say) is a
   * token of it, and the database must not keep it.
   */
  constructor(
    private readonly repository: MinerStateRepository,
    private readonly logger: Logger,
    private readonly redact: (text: string) => string = (text) => text,
  ) {}

  async load(config: Partial<MinerConfig> = {}): Promise<TemplateMiner> {
    const saved = await this.repository.load(MINER_STATE_NAME);
    if (saved === null) return new TemplateMiner(config);
    const parsed = minerSnapshotSchema.safeParse(saved.snapshot);
    if (!parsed.success) {
      this.logger.warn({ issues: parsed.error.issues.length }, 'miner snapshot unreadable; starting a fresh miner');
      return new TemplateMiner(config);
    }
    const miner = TemplateMiner.restore(parsed.data, config);
    this.logger.info({ templates: parsed.data.templates.length, savedAt: saved.updatedAt }, 'miner state restored');
    return miner;
  }

  async save(miner: TemplateMiner): Promise<void> {
    const snapshot = miner.snapshot();
    const templates = snapshot.templates.map((t) => ({ ...t, tokens: t.tokens.map((token) => this.redact(token)) }));
    await this.repository.save(MINER_STATE_NAME, { ...snapshot, templates });
  }
}
