import type { Knex } from '@mikro-orm/postgresql';
import type { AnomalyStatus } from '../../domain/anomaly.js';
import type { FeedbackAction } from '../../domain/entities/feedback.entity.js';
import { BadInputError } from '../../domain/errors.js';
import { asDate } from '../sql.js';

/** Feedback as the API submits it. */
export interface NewFeedback {
  readonly anomalyId: string;
  readonly action: FeedbackAction;
  readonly apiKeyId: string | null;
  readonly note: string | null;
}

/** A stored feedback row and the anomaly's status after it. */
export interface FeedbackDto {
  readonly id: string;
  readonly anomalyId: string;
  readonly action: FeedbackAction;
  readonly apiKeyId: string | null;
  readonly templateId: string | null;
  readonly method: string;
  readonly note: string | null;
  readonly createdAt: Date;
  readonly status: AnomalyStatus;
}

/** What the detection rules are derived from (see `FeedbackRules`). */
export interface FeedbackRuleRows {
  /** `count:max(id)` of the feedback rows: changes whenever any feedback commits (see `version`). */
  readonly version: string;
  readonly mutedTemplates: string[];
  /**
   * Net false positives per (template, method), only where > 0: anomalies whose latest verdict is
   * a false positive minus those whose latest is a confirmation. One anomaly counts once however
   * often it is judged, so a single key cannot raise the bar by repeating itself.
   */
  readonly falsePositives: Array<{ readonly templateId: string; readonly method: string; readonly count: number }>;
}

function nextStatus(action: FeedbackAction, current: AnomalyStatus): AnomalyStatus {
  switch (action) {
    case 'false_positive':
      return 'false_positive';
    case 'confirm':
      return 'confirmed';
    case 'mute_template':
      return 'muted';
    case 'unmute_template':
      return current === 'muted' ? 'open' : current;
  }
}

/** The `feedback` table plus the anomaly status and template mute it changes, in one transaction. */
export class FeedbackRepository {
  constructor(private readonly knex: Knex) {}

  /** Records feedback; null when the anomaly does not exist. */
  async record(entry: NewFeedback): Promise<FeedbackDto | null> {
    if (!/^\d{1,19}$/.test(entry.anomalyId)) return null;
    return this.knex.transaction(async (trx) => {
      const anomaly = (await trx('anomalies').select('template_id', 'method', 'status').where('id', entry.anomalyId).forUpdate().first()) as
        | { template_id: string | null; method: string; status: AnomalyStatus }
        | undefined;
      if (!anomaly) return null;
      const muting = entry.action === 'mute_template' || entry.action === 'unmute_template';
      if (muting && anomaly.template_id === null) {
        throw new BadInputError(`anomaly ${entry.anomalyId} has no template to ${entry.action === 'mute_template' ? 'mute' : 'unmute'}`, 'api');
      }
      if (muting) await trx('templates').where('id', anomaly.template_id).update({ muted: entry.action === 'mute_template' });
      const status = nextStatus(entry.action, anomaly.status);
      await trx('anomalies').where('id', entry.anomalyId).update({ status, feedback: entry.note ?? entry.action });
      const inserted: unknown = await trx('feedback')
        .insert({
          api_key_id: entry.apiKeyId,
          action: entry.action,
          anomaly_id: entry.anomalyId,
          template_id: anomaly.template_id,
          method: anomaly.method,
          note: entry.note,
        })
        .returning(['id', 'created_at']);
      const [row] = inserted as Array<{ id: string | number; created_at: Date | string }>;
      return {
        id: String(row?.id),
        anomalyId: entry.anomalyId,
        action: entry.action,
        apiKeyId: entry.apiKeyId,
        templateId: anomaly.template_id,
        method: anomaly.method,
        note: entry.note,
        createdAt: asDate(row?.created_at ?? new Date()),
        status,
      };
    });
  }

  /**
   * The cheap change check: row count and highest id, '0:0' when none. `max(id)` alone misses a
   * row whose id was drawn before another's but committed after it (sequence order is not
   * commit order); feedback is append-only, so every commit raises the count.
   */
  async version(): Promise<string> {
    const row = (await this.knex('feedback').count({ count: '*' }).max({ max: 'id' }).first()) as
      | { count: string | number; max: string | number | null }
      | undefined;
    return `${String(row?.count ?? 0)}:${String(row?.max ?? 0)}`;
  }

  /** Ids of the templates muted now. */
  async mutedTemplates(): Promise<string[]> {
    const muted = (await this.knex('templates').select('id').where('muted', true)) as Array<{ id: string }>;
    return muted.map((m) => m.id);
  }

  /** Everything the detection rules need, read at one version. */
  async loadRules(): Promise<FeedbackRuleRows> {
    const version = await this.version();
    // the latest verdict per anomaly (feedback ids only order rows of one anomaly, which the
    // row lock in `record` serialises)
    const latest = this.knex('feedback')
      .distinctOn('anomaly_id')
      .select('anomaly_id', 'template_id', 'method', 'action')
      .whereNotNull('template_id')
      .whereIn('action', ['false_positive', 'confirm'])
      .orderBy([{ column: 'anomaly_id' }, { column: 'id', order: 'desc' }])
      .as('latest');
    const grouped: unknown = await this.knex
      .from(latest)
      .select({ templateId: 'template_id', method: 'method' })
      .select(this.knex.raw(`sum(case action when 'false_positive' then 1 else -1 end) as count`))
      .groupBy('template_id', 'method');
    const pairs = grouped as Array<{ templateId: string; method: string; count: string | number }>;
    return {
      version,
      mutedTemplates: await this.mutedTemplates(),
      falsePositives: pairs.map((p) => ({ templateId: p.templateId, method: p.method, count: Number(p.count) })).filter((p) => p.count > 0),
    };
  }
}
