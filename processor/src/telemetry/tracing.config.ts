import { z } from 'zod';

/**
 * Pieces of the `telemetry` config section that follow the OpenTelemetry SDK environment
 * specification (`OTEL_TRACES_SAMPLER`, `OTEL_EXPORTER_OTLP_HEADERS`, ...). `config.ts` reads the
 * variables; the tracing module only ever sees the parsed values.
 */

/** The standard sampler names of `OTEL_TRACES_SAMPLER` that make sense without extra plugins. */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSampler = (typeof TRACES_SAMPLERS)[number];

/** `OTEL_TRACES_EXPORTER`: `otlp` (default) or `none`. Others (console, zipkin) are not bundled. */
export const TRACES_EXPORTERS = ['otlp', 'none'] as const;
export type TracesExporter = (typeof TRACES_EXPORTERS)[number];

/**
 * A W3C-baggage-style `key=value,key2=value2` list (values percent-encoded), the format of
 * `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_RESOURCE_ATTRIBUTES`. An entry without `=` or with an
 * empty key is a config error rather than silently dropped: a mistyped auth header would
 * otherwise surface only as rejected exports much later.
 */
export const otelKeyValueList = z.string().transform((text, ctx) => {
  const out: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (key === '') {
      ctx.addIssue({ code: 'custom', message: `entry "${entry.trim()}" is not key=value` });
      return z.NEVER;
    }
    try {
      out[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: `value of "${key}" is not valid percent-encoding` });
      return z.NEVER;
    }
  }
  return out;
});

/** What the tracing module needs; `Config['telemetry']` satisfies it. */
export interface TracingConfig {
  /** Collector gRPC endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`); absent → tracing off. */
  readonly otlpEndpoint?: string | undefined;
  /** `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`: overrides `otlpEndpoint` for traces. */
  readonly tracesEndpoint?: string | undefined;
  readonly serviceName: string;
  readonly tracesExporter: TracesExporter;
  readonly tracesSampler: TracesSampler;
  /** Ratio for the `*traceidratio` samplers, in [0,1]. */
  readonly tracesSamplerArg: number;
  readonly otlpHeaders: Readonly<Record<string, string>>;
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** `OTEL_SDK_DISABLED=true` turns every signal off whatever else is set. */
  readonly sdkDisabled: boolean;
}

/** The endpoint spans go to, or null when tracing is off (the embedded default). */
export function tracesEndpointOf(config: TracingConfig): string | null {
  if (config.sdkDisabled || config.tracesExporter === 'none') return null;
  return config.tracesEndpoint ?? config.otlpEndpoint ?? null;
}
