import type { ClusterMemberView, ClusterRunInfo, ClusterSampleLine } from '@ailog/processor/storage/repositories/cluster-member.repository';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { ClusterView } from '../../services/cluster.service.js';
import { PageInfo } from '../common/page-info.type.js';

/** A template's place in the latest clustering run. */
@ObjectType('ClusteredTemplate')
export class ClusteredTemplateType {
  @Field(() => ID) templateId!: string;
  @Field(() => String) text!: string;
  @Field(() => Int, { description: 'Stored lines of this template.' }) count!: number;
  @Field(() => ID, { nullable: true, description: 'Null: a semantic outlier (HDBSCAN noise).' }) clusterId!: string | null;
  @Field(() => Float, { description: 'In [0,1]; higher = more of an outlier (GLOSH-style, from HDBSCAN).' }) outlierScore!: number;
  @Field(() => ID, { nullable: true, description: 'Closest cluster by centroid; its own cluster for members.' }) nearestClusterId!: string | null;
  @Field(() => Float, { nullable: true, description: 'Cosine similarity to that cluster’s centroid.' }) similarity!: number | null;

  static from(view: ClusterMemberView): ClusteredTemplateType {
    return Object.assign(new ClusteredTemplateType(), view);
  }
}

@ObjectType('ClusterSampleLine')
export class ClusterSampleLineType {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLDateTimeISO) timestamp!: Date;
  @Field(() => String, { nullable: true }) service!: string | null;
  @Field(() => String) level!: string;
  @Field(() => String, { description: 'Redacted message.' }) message!: string;
  @Field(() => String) templateId!: string;

  static from(line: ClusterSampleLine): ClusterSampleLineType {
    return Object.assign(new ClusterSampleLineType(), line);
  }
}

/** A group of templates that mean similar things. */
@ObjectType('Cluster')
export class ClusterType {
  @Field(() => ID, { description: 'Unique within its run (c0 = largest).' }) id!: string;
  @Field(() => String) runId!: string;
  @Field(() => String, { nullable: true, description: 'A short name: the words most specific to its templates.' }) label!: string | null;
  @Field(() => Int, { description: 'Member templates.' }) size!: number;
  @Field(() => [ClusteredTemplateType], { description: 'Members closest to the centroid.' }) representatives!: ClusteredTemplateType[];
  @Field(() => [ClusteredTemplateType], { description: 'All members, closest to the centroid first.' }) members!: ClusteredTemplateType[];

  static from(view: ClusterView): ClusterType {
    return Object.assign(new ClusterType(), {
      id: view.id,
      runId: view.runId,
      label: view.label,
      size: view.size,
      representatives: view.representatives.map((m) => ClusteredTemplateType.from(m)),
      members: view.members.map((m) => ClusteredTemplateType.from(m)),
    });
  }
}

@ObjectType('ClusteringRun')
export class ClusteringRunType {
  @Field(() => ID) runId!: string;
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;
  @Field(() => Int, { description: 'Templates clustered.' }) templates!: number;
  @Field(() => Int, { description: 'Templates left out as semantic outliers.' }) outliers!: number;

  static from(run: ClusterRunInfo): ClusteringRunType {
    return Object.assign(new ClusteringRunType(), run);
  }
}

@ObjectType('ClusteringResult')
export class ClusteringResultType {
  @Field(() => ClusteringRunType) run!: ClusteringRunType;
  @Field(() => [ClusterType]) clusters!: ClusterType[];
  @Field(() => Int) durationMs!: number;
  @Field(() => Int) minClusterSize!: number;
  @Field(() => Int) minSamples!: number;
}

@ObjectType('OutlierConnection')
export class OutlierConnection {
  @Field(() => [ClusteredTemplateType], { description: 'Most outlying first.' }) items!: ClusteredTemplateType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => ClusteringRunType, { nullable: true, description: 'The run these come from; null before any run.' }) run!: ClusteringRunType | null;
}
