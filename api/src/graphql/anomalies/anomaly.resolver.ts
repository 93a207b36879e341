import type { AnomalyFinding } from '@ailog/processor';
import { Arg, Args, Ctx, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { PageInfo } from '../common/page-info.type.js';
import { AnomaliesArgs, AnomalyFilterInput } from './anomaly.args.js';
import { AnomalyConnection, AnomalyEventType, AnomalyType } from './anomaly.type.js';

@Resolver()
export class AnomalyResolver {
  @Query(() => AnomalyConnection, { description: 'Stored anomalies, filtered, sorted by score or time.' })
  async anomalies(@Args(() => AnomaliesArgs) args: AnomaliesArgs, @Ctx() ctx: ApiContext): Promise<AnomalyConnection> {
    const { first, ...rest } = args;
    const page = await ctx.services.anomalies.list({ ...rest, limit: first });
    return {
      items: page.items.map((dto) => AnomalyType.from(dto)),
      pageInfo: PageInfo.of({ hasNextPage: page.hasMore, count: page.total }),
    };
  }

  @Query(() => AnomalyType, { description: 'One anomaly with its evidence; NOT_FOUND if absent.' })
  async anomaly(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<AnomalyType> {
    return AnomalyType.from(await ctx.services.anomalies.get(id));
  }

  @Subscription(() => AnomalyEventType, {
    description: 'Anomalies as they are stored, on every api replica (PostgreSQL LISTEN/NOTIFY; the in-process bus on the embedded database).',
    subscribe: ({ args, context }) => {
      const filter = (args as { filter?: AnomalyFilterInput | null }).filter ?? {};
      return (context as ApiContext).feed.subscribe(filter);
    },
  })
  anomalyDetected(
    @Root() finding: AnomalyFinding,
    @Arg('filter', () => AnomalyFilterInput, { nullable: true }) _filter?: AnomalyFilterInput,
  ): AnomalyEventType {
    return AnomalyEventType.from(finding);
  }
}
