import type { BudgetStatus, RootCauseReport } from '@ailog/processor/llm/index';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('LlmBudget', { description: "Today's (UTC) LLM spend over chat and embeddings, shared by every replica." })
export class LlmBudgetType {
  @Field(() => String, { description: 'UTC day, YYYY-MM-DD.' }) day!: string;
  @Field(() => Float) spentUsd!: number;
  @Field(() => Float) limitUsd!: number;
  @Field(() => Float) remainingUsd!: number;
  @Field(() => Boolean, { description: 'True once the day is spent: model calls are refused (BUDGET_EXCEEDED).' }) exceeded!: boolean;

  static from(status: BudgetStatus): LlmBudgetType {
    return Object.assign(new LlmBudgetType(), status);
  }
}

@ObjectType('RootCauseFirstAnomaly')
export class RootCauseFirstAnomalyType {
  @Field(() => ID) anomalyId!: string;
  @Field(() => String, { nullable: true }) templateId!: string | null;
  @Field(() => String, { nullable: true, description: 'Template text (redacted).' }) template!: string | null;
  @Field(() => String, { nullable: true }) service!: string | null;
  @Field(() => GraphQLDateTimeISO) at!: Date;
  @Field(() => String, { description: 'What the detectors saw, in words.' }) what!: string;
}

@ObjectType('RootCauseTemplate')
export class RootCauseTemplateType {
  @Field(() => String) templateId!: string;
  @Field(() => String) template!: string;
  @Field(() => Int) anomalies!: number;
  @Field(() => [String]) services!: string[];
}

@ObjectType('RootCauseService')
export class RootCauseServiceType {
  @Field(() => String) service!: string;
  @Field(() => Int) anomalies!: number;
}

@ObjectType('RootCause', { description: 'An incident window: its anomalies, where it started, and a summary.' })
export class RootCauseType {
  @Field(() => GraphQLDateTimeISO) from!: Date;
  @Field(() => GraphQLDateTimeISO) to!: Date;
  @Field(() => Int) anomalyCount!: number;
  @Field(() => RootCauseFirstAnomalyType, { nullable: true }) firstAnomaly!: RootCauseFirstAnomalyType | null;
  @Field(() => [RootCauseTemplateType], { description: 'Co-occurring anomalous templates, most frequent first.' }) templates!: RootCauseTemplateType[];
  @Field(() => [RootCauseServiceType]) services!: RootCauseServiceType[];
  @Field(() => String) summary!: string;
  @Field(() => String, { nullable: true }) likelyCause!: string | null;
  @Field(() => [String]) nextSteps!: string[];
  @Field(() => String, { description: 'llm, or fallback (built from the evidence without a model).' }) source!: string;
  @Field(() => String, { nullable: true, description: 'Why the fallback was used: disabled, circuit_open, llm_error.' }) skipped!: string | null;

  static from(report: RootCauseReport): RootCauseType {
    const first = report.firstAnomaly;
    return Object.assign(new RootCauseType(), {
      from: report.from,
      to: report.to,
      anomalyCount: report.anomalyCount,
      firstAnomaly: first === null ? null : Object.assign(new RootCauseFirstAnomalyType(), { ...first, at: new Date(first.at) }),
      templates: report.templates.map((t) => Object.assign(new RootCauseTemplateType(), { ...t, services: [...t.services] })),
      services: report.services.map((s) => Object.assign(new RootCauseServiceType(), s)),
      summary: report.summary,
      likelyCause: report.likelyCause,
      nextSteps: [...report.nextSteps],
      source: report.source,
      skipped: report.skipped ?? null,
    });
  }
}
