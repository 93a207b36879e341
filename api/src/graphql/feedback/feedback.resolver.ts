import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { AnomalyType } from '../anomalies/anomaly.type.js';
import { FeedbackActionEnum, FeedbackType } from './feedback.type.js';

@Resolver()
export class FeedbackResolver {
  @Mutation(() => FeedbackType, {
    description:
      'Reader or admin: CONFIRM, FALSE_POSITIVE. Admin: MUTE_TEMPLATE, UNMUTE_TEMPLATE. Stored, and applied to detection from the processor\'s next refresh.',
  })
  async feedback(
    @Arg('anomalyId', () => ID) anomalyId: string,
    @Arg('action', () => FeedbackActionEnum) action: FeedbackActionEnum,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: ApiContext,
  ): Promise<FeedbackType> {
    const stored = await ctx.services.feedback.submit({ anomalyId, action, note: note ?? undefined }, ctx.principal);
    return FeedbackType.from(stored, AnomalyType.from(await ctx.services.anomalies.get(anomalyId)));
  }
}
