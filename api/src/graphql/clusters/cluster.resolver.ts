import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { PageInfo } from '../common/page-info.type.js';
import { OutliersArgs, RunClusteringArgs } from './cluster.args.js';
import {
  ClusteredTemplateType,
  ClusteringResultType,
  ClusteringRunType,
  ClusterSampleLineType,
  ClusterType,
  OutlierConnection,
} from './cluster.type.js';

@Resolver(() => ClusterType)
export class ClusterResolver {
  @Query(() => [ClusterType], { description: 'Clusters of the latest clustering run, largest first (empty before any run).' })
  async clusters(@Ctx() ctx: ApiContext): Promise<ClusterType[]> {
    return (await ctx.services.clusters.list()).clusters.map((c) => ClusterType.from(c));
  }

  @Query(() => ClusterType, { description: 'One cluster of the latest run; NOT_FOUND if absent.' })
  async cluster(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<ClusterType> {
    return ClusterType.from(await ctx.services.clusters.get(id, 0));
  }

  @Query(() => OutlierConnection, { description: 'Semantic outliers: templates the latest run put in no cluster, most outlying first.' })
  async outliers(@Args(() => OutliersArgs) args: OutliersArgs, @Ctx() ctx: ApiContext): Promise<OutlierConnection> {
    const page = await ctx.services.clusters.outliers({ limit: args.first, offset: args.offset });
    return Object.assign(new OutlierConnection(), {
      items: page.items.map((m) => ClusteredTemplateType.from(m)),
      pageInfo: PageInfo.of({ hasNextPage: page.hasMore, count: page.total }),
      run: page.run ? ClusteringRunType.from(page.run) : null,
    });
  }

  @FieldResolver(() => [ClusterSampleLineType], { description: 'Newest stored lines of the member templates (redacted).' })
  async sampleLines(
    @Root() cluster: ClusterType,
    @Arg('limit', () => Int, { defaultValue: 10, description: 'At most 100.' }) limit: number,
    @Ctx() ctx: ApiContext,
  ): Promise<ClusterSampleLineType[]> {
    const lines = await ctx.services.clusters.sampleLines(cluster.members.map((m) => m.templateId), limit);
    return lines.map((l) => ClusterSampleLineType.from(l));
  }

  @Authorized('admin')
  @Mutation(() => ClusteringResultType, { description: 'Admin only. HDBSCAN over all template embeddings; the result becomes the latest run.' })
  async runClustering(@Args(() => RunClusteringArgs) args: RunClusteringArgs, @Ctx() ctx: ApiContext): Promise<ClusteringResultType> {
    const result = await ctx.services.clusters.run({ minClusterSize: args.minClusterSize, minSamples: args.minSamples }, ctx.principal);
    return Object.assign(new ClusteringResultType(), {
      run: ClusteringRunType.from(result.run),
      clusters: result.clusters.map((c) => ClusterType.from(c)),
      durationMs: result.durationMs,
      minClusterSize: result.params.minClusterSize,
      minSamples: result.params.minSamples,
    });
  }
}
