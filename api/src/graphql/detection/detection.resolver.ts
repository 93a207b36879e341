import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { DetectionMethodEnum, DetectionParamsInput, methodParams } from './detection.args.js';
import { DetectionResultType, LogScoreType } from './detection.type.js';

@Resolver()
export class DetectionResolver {
  @Authorized('admin')
  @Mutation(() => DetectionResultType, { description: 'Admin only. Scores stored lines on demand (bounded scan); stores nothing.' })
  async detectAnomalies(
    @Arg('method', () => DetectionMethodEnum) method: DetectionMethodEnum,
    @Arg('params', () => DetectionParamsInput, { nullable: true }) params: DetectionParamsInput | null,
    @Arg('first', () => Int, { defaultValue: 100, description: 'Anomalies returned, at most 1000.' }) first: number,
    @Ctx() ctx: ApiContext,
  ): Promise<DetectionResultType> {
    const result = await ctx.services.detection.detect({
      method,
      params: methodParams(params),
      from: params?.from ?? undefined,
      to: params?.to ?? undefined,
      service: params?.service ?? undefined,
      limit: first,
    }, ctx.principal);
    return DetectionResultType.from(result);
  }

  @Authorized('admin')
  @Mutation(() => LogScoreType, { description: 'Admin only. Scores one stored line against the lines of its service logged up to it.' })
  async scoreLog(
    @Arg('id', () => ID) id: string,
    @Arg('method', () => DetectionMethodEnum, { defaultValue: DetectionMethodEnum.ISOLATION_FOREST }) method: DetectionMethodEnum,
    @Arg('params', () => DetectionParamsInput, { nullable: true }) params: DetectionParamsInput | null,
    @Ctx() ctx: ApiContext,
  ): Promise<LogScoreType> {
    return LogScoreType.from(await ctx.services.detection.score({ id, method, params: methodParams(params) }, ctx.principal));
  }
}
