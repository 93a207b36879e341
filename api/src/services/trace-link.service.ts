import { z } from 'zod';

/**
 * Where trace ids link to. Defaults: no links (both URLs absent), Grafana data source `tempo`.
 * With `grafanaUrl` the link opens Grafana Explore on the Tempo data source (what people click);
 * with only `tempoUrl` it is Tempo's trace-by-id HTTP API.
 */
export const traceLinkConfigSchema = z.object({
  tempoUrl: z.url().optional(),
  grafanaUrl: z.url().optional(),
  /** Name or uid of the Tempo data source in Grafana. Default `tempo`. */
  grafanaTempoDatasource: z.string().min(1).default('tempo'),
});
export type TraceLinkConfig = z.infer<typeof traceLinkConfigSchema>;
export type TraceLinkConfigInput = z.input<typeof traceLinkConfigSchema>;

/** W3C/OTLP ids are 32 hex digits, but shippers send other schemes too; only URL-hostile text gets no link. */
const TRACE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Builds the `traceUrl` of an anomaly from its trace id. */
export class TraceLinkService {
  private readonly config: TraceLinkConfig;

  constructor(config: TraceLinkConfigInput = {}) {
    this.config = traceLinkConfigSchema.parse(config);
  }

  /** Null when no trace backend is configured or the id is not a trace id. */
  urlFor(traceId: string | null | undefined): string | null {
    if (!traceId || !TRACE_ID.test(traceId)) return null;
    const { grafanaUrl, tempoUrl, grafanaTempoDatasource } = this.config;
    if (grafanaUrl) {
      const left = { datasource: grafanaTempoDatasource, queries: [{ refId: 'A', queryType: 'traceql', query: traceId }], range: { from: 'now-7d', to: 'now' } };
      return `${grafanaUrl.replace(/\/+$/, '')}/explore?orgId=1&left=${encodeURIComponent(JSON.stringify(left))}`;
    }
    if (tempoUrl) return `${tempoUrl.replace(/\/+$/, '')}/api/traces/${encodeURIComponent(traceId)}`;
    return null;
  }
}
