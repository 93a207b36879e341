import { ArgsType, Field, Int } from 'type-graphql';

@ArgsType()
export class RunClusteringArgs {
  @Field(() => Int, { nullable: true, description: 'Smallest group of templates that counts as a cluster (default 3).' })
  minClusterSize?: number;
  @Field(() => Int, { nullable: true, description: 'HDBSCAN density neighbours (default = minClusterSize); higher → more outliers.' })
  minSamples?: number;
}

@ArgsType()
export class OutliersArgs {
  @Field(() => Int, { defaultValue: 50, description: 'At most 1000.' }) first!: number;
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
}
