import type { Principal } from './auth/api-key.auth.js';
import type { Services } from './services/index.js';
import type { AnomalyFeed } from './subscriptions/anomaly-feed.js';
import type { ApiKeyService } from './services/api-key.service.js';

/** Per-request GraphQL context: who is calling and what resolvers may call. */
export interface ApiContext {
  readonly principal: Principal;
  readonly services: Services;
  readonly apiKeys: ApiKeyService;
  readonly feed: AnomalyFeed;
}
