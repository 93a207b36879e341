import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { AnomalyType } from '../anomalies/anomaly.type.js';
import { LlmBudgetType, RootCauseType } from './explanation.type.js';

@Resolver()
export class ExplanationResolver {
  @Authorized('admin')
  @Mutation(() => AnomalyType, {
    description: 'Admin: explain one anomaly now (cached answer first, then the model within the daily budget; BUDGET_EXCEEDED when spent). Without a model: the evidence-based fallback.',
  })
  async explainAnomaly(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<AnomalyType> {
    return AnomalyType.from(await ctx.services.explanations.explainAnomaly(id, ctx.principal));
  }

  @Authorized('admin')
  @Query(() => RootCauseType, {
    description: 'Admin: root cause of an incident window (at most 7 days): anomalies, first anomalous template, co-occurring templates and services, and a summary (model within a token cap, else fallback; BUDGET_EXCEEDED when spent).',
  })
  async rootCause(
    @Arg('from', () => GraphQLDateTimeISO) from: Date,
    @Arg('to', () => GraphQLDateTimeISO) to: Date,
    @Ctx() ctx: ApiContext,
  ): Promise<RootCauseType> {
    return RootCauseType.from(await ctx.services.explanations.rootCause({ from, to }));
  }

  @Query(() => LlmBudgetType, { description: "Today's LLM spend, limit and what is left." })
  async llmBudget(@Ctx() ctx: ApiContext): Promise<LlmBudgetType> {
    return LlmBudgetType.from(await ctx.services.explanations.budget());
  }
}

