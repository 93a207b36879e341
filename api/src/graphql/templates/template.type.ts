import type { StoreStats, TemplateStatsView } from '@ailog/processor/storage/repositories/template-stats.repository';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/page-info.type.js';

/** A mined log template with its counters. */
@ObjectType('Template')
export class TemplateType {
  @Field(() => ID) id!: string;
  @Field(() => String) text!: string;
  @Field(() => Int, { description: 'Stored lines matching this template.' }) count!: number;
  @Field(() => Int) anomalyCount!: number;
  @Field(() => GraphQLDateTimeISO) firstSeen!: Date;
  @Field(() => GraphQLDateTimeISO) lastSeen!: Date;
  @Field(() => [String]) services!: string[];
  @Field(() => Boolean) muted!: boolean;
  @Field(() => String, { nullable: true }) clusterId!: string | null;

  static from(view: TemplateStatsView): TemplateType {
    return Object.assign(new TemplateType(), view);
  }
}

@ObjectType('TemplateConnection')
export class TemplateConnection {
  @Field(() => [TemplateType]) items!: TemplateType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ArgsType()
export class TemplatesArgs {
  @Field(() => String, { nullable: true }) service?: string;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the template text.' }) contains?: string;
  @Field(() => Int, { defaultValue: 50, description: 'At most 1000.' }) first!: number;
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
}

/** Store-wide totals. */
@ObjectType('Stats')
export class StatsType {
  @Field(() => Int) logs!: number;
  @Field(() => Int) anomalousLogs!: number;
  @Field(() => Int) anomalies!: number;
  @Field(() => Int) templates!: number;
  @Field(() => Int) services!: number;
  @Field(() => Int) deadLetters!: number;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) firstLogAt!: Date | null;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) lastLogAt!: Date | null;

  static from(stats: StoreStats): StatsType {
    return Object.assign(new StatsType(), stats);
  }
}
