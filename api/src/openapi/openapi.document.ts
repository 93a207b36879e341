import { z } from 'zod';
import { DETECTION_PATHS, detectBody, scoreBody } from '../rest/v1/anomaly-detection.route.js';
import { clusteringSchemas as c } from '../rest/v1/clustering.route.js';
import * as s from './rest-schemas.js';

type JsonObject = Record<string, unknown>;

/** JSON Schema (2020-12, OpenAPI 3.1's dialect) of a zod schema, without the `$schema` header. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/** One OpenAPI parameter per key of a zod object (query strings arrive as text; the schema says what is accepted). */
function queryParameters(schema: z.ZodObject): JsonObject[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const property = schemaOf(field as z.ZodType, 'input');
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      schema: rest,
      ...(typeof description === 'string' && { description }),
    };
  });
}

const json = (schema: z.ZodType, description: string): JsonObject => ({
  description,
  content: { 'application/json': { schema: schemaOf(schema) } },
});

const errorRef = { $ref: '#/components/responses/Error' };
const idParameter = (name: string, description: string): JsonObject => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });

/** The usual refusals of an authenticated route, plus the route's own. */
function errors(...codes: number[]): JsonObject {
  return Object.fromEntries([400, 401, ...codes].map((code) => [String(code), errorRef]));
}

function operation(summary: string, tags: string[], extra: JsonObject): JsonObject {
  return { summary, tags, ...extra };
}

function detectionPaths(): JsonObject {
  const paths: JsonObject = {};
  for (const [segment, method] of Object.entries(DETECTION_PATHS)) {
    paths[`/api/v1/logs/anomaly-detection/${segment}`] = {
      post: operation(`Detect anomalous stored lines with ${method} (admin)`, ['anomaly detection'], {
        description:
          'Scores up to the configured row cap of stored lines (newest first in the range) on five features per line — template rarity, template rate z-score in its time bucket, level severity, numeric parameter shift, the streaming score — and returns the anomalous ones, highest score first. Stores nothing.',
        requestBody: { required: false, content: { 'application/json': { schema: schemaOf(detectBody, 'input') } } },
        responses: { '200': json(s.detectionResponse, 'Anomalous lines'), ...errors(403) },
      }),
    };
  }
  paths['/api/v1/logs/anomaly-detection/score/{log_id}'] = {
    post: operation('Score one stored line against its baseline (admin)', ['anomaly detection'], {
      description: 'The baseline is the lines of the same service logged up to it (capped). `method` is a path segment name; default isolation-forest.',
      parameters: [idParameter('log_id', 'Stored log id')],
      requestBody: { required: false, content: { 'application/json': { schema: schemaOf(scoreBody, 'input') } } },
      responses: { '200': json(s.scoreResponse, 'The line\'s score and features'), ...errors(403, 404) },
    }),
  };
  return paths;
}

function logPaths(): JsonObject {
  return {
    '/api/v1/logs/search': {
      get: operation('Search stored logs', ['logs'], {
        parameters: queryParameters(s.searchQuery),
        responses: { '200': json(s.searchResponse, 'One page of matching lines, newest first'), ...errors(403) },
      }),
    },
    '/api/v1/logs/volume': {
      get: operation('Log volume per time bucket and level', ['logs'], {
        parameters: queryParameters(s.volumeQuery),
        responses: { '200': json(s.volumeResponse, 'Buckets'), ...errors() },
      }),
    },
    '/api/v1/logs/{log_id}': {
      get: operation('One stored log line', ['logs'], {
        parameters: [idParameter('log_id', 'Stored log id'), ...queryParameters(s.logQuery)],
        responses: { '200': json(s.logItem, 'The line'), ...errors(403, 404) },
      }),
    },
  };
}

function clusteringPaths(): JsonObject {
  return {
    '/api/v1/logs/clustering/run': {
      post: operation('Cluster the templates by meaning (HDBSCAN over their embeddings)', ['clustering'], {
        description: 'Parameters may also be given as query parameters, as in the seed.',
        requestBody: { required: false, content: { 'application/json': { schema: schemaOf(c.runBody, 'input') } } },
        responses: { '200': json(c.run, 'The new run and its clusters'), ...errors(403) },
      }),
    },
    '/api/v1/logs/clustering/clusters': {
      get: operation('Clusters of the latest run, largest first', ['clustering'], {
        responses: { '200': json(c.clusters, 'Clusters'), ...errors() },
      }),
    },
    '/api/v1/logs/clustering/clusters/{cluster_id}': {
      get: operation('One cluster with sample lines', ['clustering'], {
        parameters: [idParameter('cluster_id', 'Cluster id of the latest run'), ...queryParameters(s.clusterQuery)],
        responses: { '200': json(c.clusterDetail, 'The cluster'), ...errors(404) },
      }),
    },
    '/api/v1/logs/clustering/outliers': {
      get: operation('Semantic outliers: templates in no cluster, most outlying first', ['clustering'], {
        parameters: queryParameters(s.pageQuery),
        responses: { '200': json(c.outliers, 'Outliers'), ...errors() },
      }),
    },
  };
}

function explanationPaths(): JsonObject {
  return {
    '/api/v1/anomalies/{id}/explain': {
      post: operation('Explain an anomaly now (admin; LLM within the daily budget, else fallback)', ['anomalies'], {
        parameters: [idParameter('id', 'Stored anomaly id')],
        responses: { '200': json(s.explainResponse, 'The anomaly with its explanation'), ...errors(403, 404, 429) },
      }),
    },
    '/api/v1/llm/budget': {
      get: operation("Today's LLM spend, limit and what is left", ['anomalies'], {
        responses: { '200': json(s.budgetResponse, 'Budget'), ...errors() },
      }),
    },
  };
}

function servicePaths(): JsonObject {
  const open = { security: [] };
  return {
    '/': { get: operation('Service name, version and entry points', ['service'], { responses: { '200': json(s.rootResponse, 'About'), '401': errorRef } }) },
    '/health': {
      get: operation('Liveness and database round trip (no key)', ['service'], {
        ...open,
        responses: { '200': json(s.healthResponse, 'Healthy'), '503': json(s.healthResponse, 'Database down') },
      }),
    },
    '/health/kafka': {
      get: operation('Kafka reachability and consumer lag (no key)', ['service'], {
        ...open,
        responses: { '200': json(s.kafkaHealthResponse, 'Up or disabled'), '503': json(s.kafkaHealthResponse, 'Down') },
      }),
    },
    '/metrics': {
      get: operation('Prometheus metrics (no key)', ['service'], {
        ...open,
        responses: { '200': { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      }),
    },
    '/graphql': {
      post: operation('GraphQL endpoint (queries and mutations; subscriptions over graphql-ws on the same path)', ['graphql'], {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['query'], properties: { query: { type: 'string' }, variables: { type: 'object' }, operationName: { type: 'string' } } } } },
        },
        responses: { '200': { description: 'GraphQL response: `data` and/or `errors`' }, '400': { description: 'Invalid, too deep or too costly query' }, '401': errorRef },
      }),
    },
  };
}

/** The OpenAPI 3.1 document of every REST route (and the GraphQL entry point), built from the routes' zod schemas. */
export function buildOpenApiDocument(version: string): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'ailog API',
      version,
      description:
        'REST compatibility routes of ailog (the GraphQL API at /graphql is the full surface). Every route except /health*, /metrics, /openapi.json and /docs needs an API key (`ailog apikey create --role reader|admin`), as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerKey: [] }, { headerKey: [] }],
    paths: { ...servicePaths(), ...logPaths(), ...detectionPaths(), ...clusteringPaths(), ...explanationPaths() },
    components: {
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: 'API key as a bearer token' },
        headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      responses: { Error: json(s.errorResponse, 'Error in the common shape (no stack traces)') },
    },
  };
}
