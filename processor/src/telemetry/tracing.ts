import { Metadata } from '@grpc/grpc-js';
import { context, diag, DiagLogLevel, ProxyTracerProvider, SpanStatusCode } from '@opentelemetry/api';
import type { Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import { tracesEndpointOf, type TracingConfig } from './tracing.config.js';

// The api package reaches OpenTelemetry only through here (it does not depend on it directly).
export { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
export type { Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';

/** A tracer plus the lifecycle of what feeds it. */
export interface Tracing {
  /** False: the tracer is a no-op and callers may skip building span attributes at all. */
  readonly enabled: boolean;
  readonly tracer: Tracer;
  /** Exports what is buffered (tests, before a checkpoint). */
  forceFlush(): Promise<void>;
  /** Flushes and stops exporting; idempotent. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Instrumentation scope name, e.g. `ailog-processor` or `ailog-api`. Default `ailog`. */
  readonly scope?: string;
  readonly serviceVersion?: string;
  /** Export failures are logged here (warn); they never fail the pipeline. */
  readonly logger?: Logger;
  /** Replaces the OTLP exporter and forces tracing on (tests use an in-memory exporter). */
  readonly exporter?: SpanExporter;
  /** Export each span when it ends instead of batching (tests). Default false. */
  readonly exportImmediately?: boolean;
}

const noopTracer = new ProxyTracerProvider().getTracer('ailog');

/** Tracing off: the embedded default. Spans cost a function call and nothing is exported. */
export const disabledTracing: Tracing = Object.freeze({
  enabled: false,
  tracer: noopTracer,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

/**
 * Tracing from the `telemetry` config: an OTLP/gRPC exporter behind a batch processor when an
 * endpoint is set (and `OTEL_TRACES_EXPORTER` is not `none`), else {@link disabledTracing}.
 * Everything is passed explicitly; the only global touched is the async-hooks context manager,
 * which parent/child spans across `await` need.
 */
export function createTracing(config: TracingConfig, options: TracingOptions = {}): Tracing {
  const endpoint = tracesEndpointOf(config);
  if (options.exporter === undefined && endpoint === null) return disabledTracing;
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: endpoint ?? undefined, metadata: toMetadata(config.otlpHeaders) });
  const processor = options.exportImmediately ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      ...config.resourceAttributes,
      [ATTR_SERVICE_NAME]: config.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    }),
    sampler: samplerFor(config),
    spanProcessors: [processor],
  });
  installContextManager();
  if (options.logger) routeDiagnostics(options.logger);
  if (options.logger) options.logger.info({ endpoint, sampler: config.tracesSampler, serviceName: config.serviceName }, 'tracing on');
  let stopped: Promise<void> | null = null;
  return {
    enabled: true,
    tracer: provider.getTracer(options.scope ?? 'ailog', options.serviceVersion),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => {
      stopped ??= provider.shutdown().catch((error: unknown) => options.logger?.warn({ err: error }, 'tracing shutdown failed'));
      return stopped;
    },
  };
}

/** The sampler named by `OTEL_TRACES_SAMPLER` / `_ARG`. */
export function samplerFor(config: Pick<TracingConfig, 'tracesSampler' | 'tracesSamplerArg'>): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.tracesSamplerArg);
  switch (config.tracesSampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

/**
 * Runs `run` inside a new active span (a child of `parent`, default the active context) and
 * ends it; a throw marks the span as an error with its type and is rethrown unchanged.
 */
export function withSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  run: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed: status, `error.type` (the AppError code when there is one) and the exception. */
export function recordFailure(span: Span, error: unknown): void {
  const type = error instanceof AppError ? error.code : error instanceof Error ? error.name : 'unknown';
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

let contextManagerInstalled = false;

/** Once per process; another library's manager, if first, is kept (it propagates just as well). */
function installContextManager(): void {
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

/** The SDK reports export failures through `diag` (silent by default): send warnings to our log. */
function routeDiagnostics(logger: Logger): void {
  const log = logger.child({ component: 'otel' });
  diag.setLogger(
    {
      error: (message, ...args) => log.warn({ args }, message),
      warn: (message, ...args) => log.warn({ args }, message),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

function toMetadata(headers: Readonly<Record<string, string>>): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key.toLowerCase(), value);
  return metadata;
}
