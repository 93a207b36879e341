import type { AnomalyFinding } from '@ailog/processor';
import type { AnomalyDto } from '@ailog/processor/storage/index';
import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InterfaceType, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type.js';

/** Fields shared by stored anomalies and live events. */
@InterfaceType('AnomalyFields', { description: 'What every anomaly, stored or live, carries.' })
abstract class AnomalyFields {
  @Field(() => String, { description: 'line, template, window or session.' }) scope!: string;
  @Field(() => String, { description: 'Detector or combiner, e.g. combined, rate_zscore.' }) method!: string;
  @Field(() => Float, { description: 'In [0,1], higher is more anomalous.' }) score!: number;
  @Field(() => Boolean) isAnomaly!: boolean;
  @Field(() => String, { nullable: true }) templateId!: string | null;
  @Field(() => String, { nullable: true }) service!: string | null;
  @Field(() => GraphQLDateTimeISO) windowStart!: Date;
  @Field(() => GraphQLDateTimeISO) windowEnd!: Date;
  @Field(() => [String]) reasons!: string[];
  @Field(() => GraphQLJSONObject, { description: 'Signals that fired, observed vs baseline, nearest normal templates.' })
  evidence!: Record<string, unknown>;
}

/** A stored anomaly. */
@ObjectType('Anomaly', { implements: AnomalyFields })
export class AnomalyType extends AnomalyFields {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) logId!: string | null;
  @Field(() => String, { nullable: true }) sessionKey!: string | null;
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'summary, likelyCause, nextSteps, verdict, confidence, facts (what, magnitude, since, service, nearestNormal), skipped (why no model answer).',
  })
  explanation!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'llm, cache (an earlier model answer for this template and signal) or fallback.' })
  explanationSource!: string | null;
  @Field(() => String, { nullable: true, description: 'The explanation in one paragraph.' }) explanationSummary!: string | null;
  @Field(() => String) status!: string;
  @Field(() => String, { nullable: true }) feedback!: string | null;
  @Field(() => String, { nullable: true }) traceId!: string | null;
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;

  static from(dto: AnomalyDto): AnomalyType {
    return Object.assign(new AnomalyType(), {
      id: dto.id,
      scope: dto.scope,
      method: dto.method,
      score: dto.score,
      isAnomaly: dto.isAnomaly,
      templateId: dto.templateId,
      service: dto.service,
      windowStart: dto.windowStart,
      windowEnd: dto.windowEnd,
      reasons: dto.reasons,
      evidence: dto.evidence,
      logId: dto.logId,
      sessionKey: dto.sessionKey,
      explanation: dto.explanation,
      explanationSource: dto.explanationSource,
      explanationSummary: typeof dto.explanation?.summary === 'string' ? dto.explanation.summary : null,
      status: dto.status,
      feedback: dto.feedback,
      traceId: dto.traceId,
      createdAt: dto.createdAt,
    });
  }
}

/** A live anomaly as the detector published it (not yet carrying a stored id). */
@ObjectType('AnomalyEvent', { implements: AnomalyFields })
export class AnomalyEventType extends AnomalyFields {
  @Field(() => String, { nullable: true, description: 'Idempotency key of the line, for line-scope anomalies.' })
  logKey!: string | null;
  @Field(() => String, { nullable: true }) sessionKey!: string | null;

  static from(finding: AnomalyFinding): AnomalyEventType {
    return Object.assign(new AnomalyEventType(), {
      scope: finding.scope,
      method: finding.method,
      score: finding.score,
      isAnomaly: finding.isAnomaly,
      templateId: finding.templateId,
      service: finding.service,
      windowStart: finding.windowStart,
      windowEnd: finding.windowEnd,
      reasons: [...finding.reasons],
      evidence: finding.evidence,
      logKey: finding.logKey ?? null,
      sessionKey: finding.sessionKey ?? null,
    });
  }
}

@ObjectType('AnomalyConnection')
export class AnomalyConnection {
  @Field(() => [AnomalyType]) items!: AnomalyType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
