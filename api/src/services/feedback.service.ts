import { NotFoundError } from '@ailog/processor';
import { FEEDBACK_ACTIONS } from '@ailog/processor/domain/entities/feedback.entity';
import type { Database } from '@ailog/processor/storage/index';
import { FeedbackRepository, type FeedbackDto } from '@ailog/processor/storage/repositories/feedback.repository';
import { z } from 'zod';
import { requireRole, type Principal } from '../auth/api-key.auth.js';
import { parseInput } from './validate.js';

export const feedbackInputSchema = z.object({
  anomalyId: z.string().regex(/^\d{1,19}$/, 'must be an anomaly id'),
  action: z.enum(FEEDBACK_ACTIONS),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type FeedbackInput = z.input<typeof feedbackInputSchema>;

/**
 * Feedback on anomalies. Any key may confirm or mark a false positive (it judges one finding);
 * muting and unmuting a template silence a whole class of future alerts, so they need admin.
 * The processor picks the effect up on its next refresh (`feedback.refreshMs`).
 */
export class FeedbackService {
  private readonly repository: FeedbackRepository;

  constructor(db: Database) {
    this.repository = new FeedbackRepository(db.knex);
  }

  async submit(input: FeedbackInput, principal: Principal): Promise<FeedbackDto> {
    const q = parseInput(feedbackInputSchema, input);
    if (q.action === 'mute_template' || q.action === 'unmute_template') requireRole(principal, 'admin');
    const stored = await this.repository.record({ anomalyId: q.anomalyId, action: q.action, apiKeyId: principal.keyId, note: q.note ?? null });
    if (!stored) throw new NotFoundError('anomaly', q.anomalyId);
    return stored;
  }
}
