import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { PageInfo } from '../common/page-info.type.js';
import { StatsType, TemplateConnection, TemplatesArgs, TemplateType } from './template.type.js';

@Resolver()
export class TemplateResolver {
  @Query(() => TemplateConnection, { description: 'Templates, most frequent first.' })
  async templates(@Args(() => TemplatesArgs) args: TemplatesArgs, @Ctx() ctx: ApiContext): Promise<TemplateConnection> {
    const { first, ...rest } = args;
    const page = await ctx.services.templates.list({ ...rest, limit: first });
    return {
      items: page.items.map((view) => TemplateType.from(view)),
      pageInfo: PageInfo.of({ hasNextPage: page.hasMore, count: page.total }),
    };
  }

  @Query(() => StatsType, { description: 'Store-wide totals.' })
  async stats(@Ctx() ctx: ApiContext): Promise<StatsType> {
    return StatsType.from(await ctx.services.templates.stats());
  }
}
