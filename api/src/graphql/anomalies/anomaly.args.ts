import { GraphQLDateTimeISO } from 'graphql-scalars';
import { ArgsType, Field, Float, InputType, Int, registerEnumType } from 'type-graphql';

export enum AnomalySortEnum {
  SCORE = 'score',
  TIME = 'time',
}
registerEnumType(AnomalySortEnum, { name: 'AnomalySort', description: 'SCORE: highest first; TIME: newest first.' });

@ArgsType()
export class AnomaliesArgs {
  @Field(() => String, { nullable: true }) service?: string;
  @Field(() => String, { nullable: true }) method?: string;
  @Field(() => String, { nullable: true }) scope?: string;
  @Field(() => String, { nullable: true }) status?: string;
  @Field(() => String, { nullable: true }) templateId?: string;
  @Field(() => Float, { nullable: true }) minScore?: number;
  @Field(() => Boolean, { defaultValue: true, description: 'Skip findings scored below the anomaly threshold.' })
  onlyAnomalies!: boolean;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) from?: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) to?: Date;
  @Field(() => AnomalySortEnum, { defaultValue: AnomalySortEnum.TIME }) sort!: AnomalySortEnum;
  @Field(() => Int, { defaultValue: 50, description: 'At most 1000.' }) first!: number;
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
}

@InputType('AnomalyFilter')
export class AnomalyFilterInput {
  @Field(() => String, { nullable: true }) service?: string;
  @Field(() => Float, { nullable: true }) minScore?: number;
  @Field(() => String, { nullable: true }) method?: string;
}
