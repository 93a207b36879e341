import { GraphQLDateTimeISO, GraphQLJSONObject } from 'graphql-scalars';
import { Authorized, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { LogItem } from '../../services/log.service.js';
import type { VolumePoint } from '@ailog/processor/storage/repositories/log-search.repository';
import { PageInfo } from '../common/page-info.type.js';

/** A stored (redacted) log line. */
@ObjectType('Log')
export class LogType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Redacted message.' }) message!: string;
  @Authorized('admin')
  @Field(() => String, { nullable: true, description: 'Unredacted line: admin only, and only when the deployment stores it.' })
  raw!: string | null;
  @Field(() => String, { nullable: true }) templateId!: string | null;
  @Field(() => [String]) parameters!: string[];
  @Field(() => String, { nullable: true }) service!: string | null;
  @Field(() => String) level!: string;
  @Field(() => GraphQLDateTimeISO) timestamp!: Date;
  @Field(() => GraphQLDateTimeISO) observedAt!: Date;
  @Field(() => String, { nullable: true }) traceId!: string | null;
  @Field(() => String, { nullable: true }) spanId!: string | null;
  @Field(() => GraphQLJSONObject) attributes!: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { description: 'Redaction counts by kind.' }) redactions!: Record<string, number>;
  @Field(() => Float, { nullable: true }) score!: number | null;
  @Field(() => Boolean) isAnomaly!: boolean;
  @Field(() => Float, { nullable: true, description: "Semantic search only: cosine similarity of the line's template to the query." })
  similarity!: number | null;

  static from(item: LogItem): LogType {
    return Object.assign(new LogType(), {
      id: item.id,
      message: item.message,
      raw: item.raw,
      templateId: item.templateId,
      parameters: item.parameters,
      service: item.service,
      level: item.level,
      timestamp: item.timestamp,
      observedAt: item.observedAt,
      traceId: item.traceId,
      spanId: item.spanId,
      attributes: item.attributes,
      redactions: item.redactions,
      score: item.score,
      isAnomaly: item.isAnomaly,
      similarity: item.similarity ?? null,
    });
  }
}

@ObjectType('LogConnection')
export class LogConnection {
  @Field(() => [LogType]) items!: LogType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('LogVolumePoint')
export class LogVolumePointType {
  @Field(() => GraphQLDateTimeISO) bucket!: Date;
  @Field(() => String) level!: string;
  @Field(() => Int) count!: number;

  static from(point: VolumePoint): LogVolumePointType {
    return Object.assign(new LogVolumePointType(), point);
  }
}
