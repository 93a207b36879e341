import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { PageInfo } from '../common/page-info.type.js';
import { LogConnection, LogType, LogVolumePointType } from './log.type.js';
import { LogsArgs, LogVolumeArgs, type LogFilterArgs } from './log.args.js';

function filterOf(args: LogFilterArgs): LogFilterArgs {
  const { query, service, level, from, to, templateId, isAnomaly } = args;
  return { query, service, level, from, to, templateId, isAnomaly };
}

@Resolver()
export class LogResolver {
  @Query(() => LogConnection, { description: 'Logs newest first, filtered, with cursor pagination.' })
  async logs(@Args(() => LogsArgs) args: LogsArgs, @Ctx() ctx: ApiContext): Promise<LogConnection> {
    // Admins get the raw line when stored; for readers the field itself is refused.
    const includeRaw = ctx.principal.role === 'admin';
    const input = { ...filterOf(args), limit: args.first, after: args.after, includeRaw, semantic: args.semantic, similarityThreshold: args.similarityThreshold };
    const page = await ctx.services.logs.search(input, ctx.principal, { withTotal: false });
    return {
      items: page.items.map((item) => LogType.from(item)),
      pageInfo: PageInfo.of({ hasNextPage: page.hasMore, endCursor: page.endCursor, count: () => ctx.services.logs.count(input) }),
    };
  }

  @Query(() => LogType, { description: 'One log line; NOT_FOUND if absent.' })
  async log(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<LogType> {
    return LogType.from(await ctx.services.logs.get(id, ctx.principal, ctx.principal.role === 'admin'));
  }

  @Query(() => [LogVolumePointType], { description: 'Line counts per time bucket and level.' })
  async logVolume(@Args(() => LogVolumeArgs) args: LogVolumeArgs, @Ctx() ctx: ApiContext): Promise<LogVolumePointType[]> {
    const points = await ctx.services.logs.volume({ ...filterOf(args), bucket: args.bucket });
    return points.map((p) => LogVolumePointType.from(p));
  }
}
