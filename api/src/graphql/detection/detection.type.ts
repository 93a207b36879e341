import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { DetectionResult, LineScoreResult } from '../../services/detection.service.js';
import { DetectionMethodEnum } from './detection.args.js';

@ObjectType('DetectedLog')
export class DetectedLogType {
  @Field(() => ID) logId!: string;
  @Field(() => Float, { description: 'In [0,1]; 0.5 is the method threshold.' }) anomalyScore!: number;
  @Field(() => String, { nullable: true, description: 'Feature that deviated most (z-score, IQR).' }) driver!: string | null;
}

@ObjectType('DetectionResult')
export class DetectionResultType {
  @Field(() => DetectionMethodEnum) method!: DetectionMethodEnum;
  @Field(() => [DetectedLogType], { description: 'Highest score first, at most `first`.' }) anomalies!: DetectedLogType[];
  @Field(() => Int, { description: 'Anomalous lines found in the scan.' }) total!: number;
  @Field(() => Int, { description: 'Lines scanned (newest first in the range).' }) scanned!: number;
  @Field(() => Boolean, { description: 'The scan stopped at its row cap; older lines of the range were not read.' }) truncated!: boolean;

  static from(r: DetectionResult): DetectionResultType {
    return Object.assign(new DetectionResultType(), { ...r, method: r.method as DetectionMethodEnum });
  }
}

@ObjectType('LogScore')
export class LogScoreType {
  @Field(() => ID) logId!: string;
  @Field(() => DetectionMethodEnum) method!: DetectionMethodEnum;
  @Field(() => Float) anomalyScore!: number;
  @Field(() => Boolean) isAnomaly!: boolean;
  @Field(() => String, { nullable: true }) driver!: string | null;
  @Field(() => GraphQLJSONObject, { description: 'The line\'s features: rarity, rateZ, severity, paramShift, pipelineScore.' })
  features!: Record<string, number>;
  @Field(() => Int, { description: 'Lines the score was computed against (the line included).' }) baselineSize!: number;

  static from(r: LineScoreResult): LogScoreType {
    return Object.assign(new LogScoreType(), { ...r, method: r.method as DetectionMethodEnum });
  }
}
