/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- walking the generated JSON */
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './openapi.document.js';

type Doc = Parameters<typeof SwaggerParser.validate>[0];

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by @apidevtools/swagger-parser', async () => {
    const doc = buildOpenApiDocument('9.9.9') as unknown as Doc;
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toMatchObject({ openapi: '3.1.0' });
    // the validator is not a rubber stamp: a broken copy is refused
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, { responses?: unknown }>> };
    const search = broken.paths['/api/v1/logs/search']?.get;
    if (search) search.responses = 'none';
    await expect(SwaggerParser.validate(broken as unknown as Doc)).rejects.toThrow();
  });

  it('lists every REST route of the issue, with the public ones marked keyless', () => {
    const doc = buildOpenApiDocument('1.0.0') as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/',
      '/api/v1/anomalies/{id}/explain',
      '/api/v1/llm/budget',
      '/api/v1/logs/anomaly-detection/iqr',
      '/api/v1/logs/anomaly-detection/isolation-forest',
      '/api/v1/logs/anomaly-detection/score/{log_id}',
      '/api/v1/logs/anomaly-detection/z-score',
      '/api/v1/logs/clustering/clusters',
      '/api/v1/logs/clustering/clusters/{cluster_id}',
      '/api/v1/logs/clustering/outliers',
      '/api/v1/logs/clustering/run',
      '/api/v1/logs/search',
      '/api/v1/logs/volume',
      '/api/v1/logs/{log_id}',
      '/graphql',
      '/health',
      '/health/kafka',
      '/metrics',
    ]);
    expect(doc.paths['/health']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/logs/search']?.get?.security).toBeUndefined();
  });

  it('generates parameters and bodies from the zod schemas', () => {
    const doc = buildOpenApiDocument('1.0.0') as any;
    const limit = doc.paths['/api/v1/logs/search'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', maximum: 1000, default: 100 } });
    const body = doc.paths['/api/v1/logs/anomaly-detection/z-score'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['threshold', 'start_time', 'end_time', 'service', 'limit']));
    const response = doc.paths['/api/v1/logs/anomaly-detection/iqr'].post.responses['200'].content['application/json'].schema;
    expect(response.properties.anomalies.items.required).toEqual(['log_id', 'anomaly_score', 'driver']);
  });
});
