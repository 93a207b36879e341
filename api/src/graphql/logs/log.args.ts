import { GraphQLDateTimeISO } from 'graphql-scalars';
import { ArgsType, Field, Float, Int, registerEnumType } from 'type-graphql';

export enum VolumeBucketEnum {
  MINUTE = 'minute',
  HOUR = 'hour',
  DAY = 'day',
}
registerEnumType(VolumeBucketEnum, { name: 'VolumeBucket' });

@ArgsType()
export class LogFilterArgs {
  @Field(() => String, { nullable: true, description: 'Full-text query (websearch syntax) over the message.' })
  query?: string;
  @Field(() => String, { nullable: true }) service?: string;
  @Field(() => String, { nullable: true }) level?: string;
  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Inclusive start.' }) from?: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Exclusive end.' }) to?: Date;
  @Field(() => String, { nullable: true }) templateId?: string;
  @Field(() => Boolean, { nullable: true }) isAnomaly?: boolean;
}

@ArgsType()
export class LogsArgs extends LogFilterArgs {
  @Field(() => Int, { defaultValue: 50, description: 'At most 1000.' }) first!: number;
  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string;
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Search by meaning: `query` is embedded and lines of the most similar templates come first (then newest); each carries `similarity`.',
  })
  semantic!: boolean;
  @Field(() => Float, { nullable: true, description: 'Semantic only: minimum cosine similarity of a template to the query (default 0.7).' })
  similarityThreshold?: number;
}

@ArgsType()
export class LogVolumeArgs extends LogFilterArgs {
  @Field(() => VolumeBucketEnum, { defaultValue: VolumeBucketEnum.HOUR }) bucket!: VolumeBucketEnum;
}
