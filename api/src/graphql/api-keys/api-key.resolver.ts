import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import type { ApiContext } from '../../context.js';

export enum RoleEnum {
  READER = 'reader',
  ADMIN = 'admin',
}
registerEnumType(RoleEnum, { name: 'Role' });

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => RoleEnum) role!: RoleEnum;
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;
  @Field(() => String, { description: 'The plain key: shown once, only its sha-256 is stored.' }) key!: string;
}

@Resolver()
export class ApiKeyResolver {
  @Authorized('admin')
  @Mutation(() => CreatedApiKeyType, { description: 'Admin only.' })
  async createApiKey(
    @Arg('name', () => String) name: string,
    @Arg('role', () => RoleEnum) role: RoleEnum,
    @Ctx() ctx: ApiContext,
  ): Promise<CreatedApiKeyType> {
    const created = await ctx.apiKeys.create({ name, role });
    return Object.assign(new CreatedApiKeyType(), {
      id: created.id,
      name: created.name,
      role: created.role as RoleEnum,
      createdAt: created.createdAt,
      key: created.key,
    });
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Admin only. Takes effect within the key cache TTL.' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext): Promise<boolean> {
    await ctx.apiKeys.revoke(id);
    return true;
  }
}
