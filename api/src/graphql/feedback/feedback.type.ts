import type { FeedbackDto } from '@ailog/processor/storage/repositories/feedback.repository';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { AnomalyType } from '../anomalies/anomaly.type.js';

export enum FeedbackActionEnum {
  FALSE_POSITIVE = 'false_positive',
  CONFIRM = 'confirm',
  MUTE_TEMPLATE = 'mute_template',
  UNMUTE_TEMPLATE = 'unmute_template',
}
registerEnumType(FeedbackActionEnum, { name: 'FeedbackAction' });

@ObjectType('Feedback', { description: 'Stored feedback and the anomaly as it is now.' })
export class FeedbackType {
  @Field(() => ID) id!: string;
  @Field(() => FeedbackActionEnum) action!: FeedbackActionEnum;
  @Field(() => ID, { nullable: true, description: 'The API key that gave it.' }) apiKeyId!: string | null;
  @Field(() => String, { nullable: true }) templateId!: string | null;
  @Field(() => String) method!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;
  @Field(() => AnomalyType) anomaly!: AnomalyType;

  static from(dto: FeedbackDto, anomaly: AnomalyType): FeedbackType {
    return Object.assign(new FeedbackType(), { ...dto, action: dto.action as FeedbackActionEnum, anomaly });
  }
}
