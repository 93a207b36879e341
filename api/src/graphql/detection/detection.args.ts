import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, InputType, Int, registerEnumType } from 'type-graphql';

export enum DetectionMethodEnum {
  ISOLATION_FOREST = 'isolation_forest',
  Z_SCORE = 'z_score',
  IQR = 'iqr',
}
registerEnumType(DetectionMethodEnum, { name: 'DetectionMethod' });

@InputType('DetectionParams', { description: 'Which stored lines to score and the method parameters; every field is optional.' })
export class DetectionParamsInput {
  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Inclusive start of the scanned range.' }) from?: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true, description: 'Inclusive end of the scanned range.' }) to?: Date;
  @Field(() => String, { nullable: true }) service?: string;
  @Field(() => Float, { nullable: true, description: 'Isolation forest: expected anomalous share, default 0.05.' }) contamination?: number;
  @Field(() => Int, { nullable: true, description: 'Isolation forest: trees, default 100.' }) nEstimators?: number;
  @Field(() => Int, { nullable: true, description: 'Isolation forest: rows per tree, default 256.' }) sampleSize?: number;
  @Field(() => Float, { nullable: true, description: 'Z-score: |z| threshold, default 3.' }) threshold?: number;
  @Field(() => Float, { nullable: true, description: 'IQR: fence multiplier, default 1.5.' }) multiplier?: number;
}

/** The method parameters of the input, without the range filters. */
export function methodParams(p: DetectionParamsInput | null | undefined): Record<string, number | undefined> {
  return { contamination: p?.contamination, nEstimators: p?.nEstimators, sampleSize: p?.sampleSize, threshold: p?.threshold, multiplier: p?.multiplier };
}
