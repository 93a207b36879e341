import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { TemplateType } from './template.type.js';

/** Lines of one template in one time bucket. */
@ObjectType('TemplateBucket')
export class TemplateBucketType {
  @Field(() => GraphQLDateTimeISO, { description: 'Start of the bucket (aligned to the epoch, UTC).' }) bucket!: Date;
  @Field(() => Int) count!: number;
}

/** `Template.series`: line counts per time bucket, for charts. */
@Resolver(() => TemplateType)
export class TemplateSeriesResolver {
  @FieldResolver(() => [TemplateBucketType], {
    description: 'Stored lines per bucket in [from, to), empty buckets included. Default: 288 buckets up to lastSeen. At most 2000 buckets.',
  })
  series(
    @Root() template: TemplateType,
    @Ctx() ctx: ApiContext,
    @Arg('bucket', () => String, { defaultValue: '5m', description: 'Width: 30s, 5m, 1h, 1d.' }) bucket: string,
    @Arg('from', () => GraphQLDateTimeISO, { nullable: true }) from?: Date | null,
    @Arg('to', () => GraphQLDateTimeISO, { nullable: true }) to?: Date | null,
  ): Promise<TemplateBucketType[]> {
    return ctx.services.templateSeries.series({ templateId: template.id, bucket, from, to, lastSeen: template.lastSeen });
  }
}
