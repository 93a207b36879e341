import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../../context.js';
import { AnomalyType } from './anomaly.type.js';

/** `Anomaly.traceUrl`: a link into Tempo/Grafana when a trace backend is configured. */
@Resolver(() => AnomalyType)
export class AnomalyTraceResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Tempo/Grafana link for traceId; null without a trace id or when TEMPO_URL/GRAFANA_URL is unset.' })
  traceUrl(@Root() anomaly: AnomalyType, @Ctx() ctx: ApiContext): string | null {
    return ctx.services.traceLinks.urlFor(anomaly.traceId);
  }
}
