import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { AnomalyResolver } from './anomalies/anomaly.resolver.js';
import { AnomalyTraceResolver } from './anomalies/anomaly-trace.resolver.js';
import { ApiKeyResolver } from './api-keys/api-key.resolver.js';
import { ClusterResolver } from './clusters/cluster.resolver.js';
import { authChecker } from './common/auth-checker.js';
import { DetectionResolver } from './detection/detection.resolver.js';
import { ExplanationResolver } from './explanations/explanation.resolver.js';
import { FeedbackResolver } from './feedback/feedback.resolver.js';
import { LogResolver } from './logs/log.resolver.js';
import { TemplateResolver } from './templates/template.resolver.js';
import { TemplateSeriesResolver } from './templates/template-series.resolver.js';

// Subscriptions bring their own iterator (`subscribe:` on the decorator, fed by AnomalyFeed);
// type-graphql still insists on a PubSub, so this one only fails loudly if a topic is ever used.
const noTopics: PubSub = {
  publish: () => {
    throw new Error('topic-based subscriptions are not used: feed them through AnomalyFeed');
  },
  subscribe: () => {
    throw new Error('topic-based subscriptions are not used: feed them through AnomalyFeed');
  },
};

/** The GraphQL schema: every resolver class is listed here. */
export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [LogResolver, AnomalyResolver, TemplateResolver, ApiKeyResolver, AnomalyTraceResolver, TemplateSeriesResolver, DetectionResolver, FeedbackResolver, ClusterResolver, ExplanationResolver],
    authChecker,
    pubSub: noTopics,
    // Arguments are validated by the services' zod schemas, shared with REST.
    validate: false,
  });
}
