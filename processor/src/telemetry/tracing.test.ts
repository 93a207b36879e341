import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { BadInputError, ConfigError } from '../domain/errors.js';
import { tracesEndpointOf } from './tracing.config.js';
import { createTracing, disabledTracing, samplerFor, withSpan } from './tracing.js';
import { inMemoryTracing } from './tracing-test-kit.js';

describe('tracing config', () => {
  it('is off by default (embedded mode: no endpoint)', () => {
    const config = parseConfig({}).telemetry;
    expect(tracesEndpointOf(config)).toBeNull();
    expect(createTracing(config)).toBe(disabledTracing);
  });

  it('is on with an endpoint, unless the exporter is none or the SDK disabled', () => {
    const on = parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' }).telemetry;
    expect(tracesEndpointOf(on)).toBe('http://collector:4317');
    expect(tracesEndpointOf({ ...on, tracesExporter: 'none' })).toBeNull();
    expect(tracesEndpointOf({ ...on, sdkDisabled: true })).toBeNull();
    const specific = parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4317', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4317' }).telemetry;
    expect(tracesEndpointOf(specific)).toBe('http://b:4317');
  });

  it('parses the standard variables', () => {
    const config = parseConfig({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc, x-tenant = t1',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod',
      OTEL_SDK_DISABLED: 'true',
    }).telemetry;
    expect(config.tracesSampler).toBe('parentbased_traceidratio');
    expect(config.tracesSamplerArg).toBe(0.25);
    expect(config.otlpHeaders).toEqual({ authorization: 'Bearer abc', 'x-tenant': 't1' });
    expect(config.resourceAttributes).toEqual({ 'deployment.environment.name': 'prod' });
    expect(config.sdkDisabled).toBe(true);
  });

  it('reports bad values by variable name', () => {
    const bad = (): unknown => parseConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'novalue', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '2' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/OTEL_EXPORTER_OTLP_HEADERS.*novalue/s);
    expect(bad).toThrow(/OTEL_TRACES_SAMPLER:/);
    expect(bad).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });

  it('builds the named sampler', () => {
    expect(samplerFor({ tracesSampler: 'always_off', tracesSamplerArg: 1 }).toString()).toBe('AlwaysOffSampler');
    expect(samplerFor({ tracesSampler: 'traceidratio', tracesSamplerArg: 0.5 }).toString()).toContain('0.5');
    expect(samplerFor({ tracesSampler: 'parentbased_always_on', tracesSamplerArg: 1 }).toString()).toContain('ParentBased');
  });
});

describe('withSpan', () => {
  it('nests spans through await and ends them', async () => {
    const { tracing, spans } = inMemoryTracing();
    await withSpan(tracing.tracer, 'outer', {}, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await withSpan(tracing.tracer, 'inner', {}, () => Promise.resolve());
    });
    const [inner, outer] = spans();
    expect(inner?.name).toBe('inner');
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  it('marks a failure with its type and rethrows it unchanged', async () => {
    const { tracing, spans } = inMemoryTracing();
    const error = new BadInputError('bad line', 'redact');
    await expect(withSpan(tracing.tracer, 'redact', {}, () => Promise.reject(error))).rejects.toBe(error);
    const [span] = spans();
    expect(span?.status.code).toBe(2);
    expect(span?.attributes['error.type']).toBe('BAD_INPUT');
    expect(span?.events[0]?.name).toBe('exception');
  });

  it('costs nothing visible when tracing is off', async () => {
    const result = await withSpan(disabledTracing.tracer, 'x', {}, (span) => Promise.resolve(span.isRecording()));
    expect(result).toBe(false);
  });
});
