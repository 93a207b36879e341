import { Field, Int, ObjectType } from 'type-graphql';

/** Paging state shared by the list types. */
@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor to pass as `after` (keyset lists only).' })
  endCursor!: string | null;

  private countAll!: () => Promise<number>;

  /** Matches over all pages. Counted only when selected: on large tables it costs more than the page. */
  @Field(() => Int)
  totalCount(): Promise<number> {
    return this.countAll();
  }

  static of(page: { hasNextPage: boolean; endCursor?: string | null; count: number | (() => Promise<number>) }): PageInfo {
    const info = new PageInfo();
    info.hasNextPage = page.hasNextPage;
    info.endCursor = page.endCursor ?? null;
    const { count } = page;
    info.countAll = typeof count === 'number' ? () => Promise.resolve(count) : count;
    return info;
  }
}
