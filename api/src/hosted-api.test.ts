import { parseConfig } from '@ailog/processor';
import { describe, expect, it } from 'vitest';
import { apiConfigFrom } from './hosted-api.js';

describe('apiConfigFrom', () => {
  it('turns GraphiQL on by default and off in production unless asked for', () => {
    expect(apiConfigFrom(parseConfig({})).graphiql).toBe(true);
    expect(apiConfigFrom(parseConfig({ NODE_ENV: 'production' })).graphiql).toBe(false);
    expect(apiConfigFrom(parseConfig({ NODE_ENV: 'production', AILOG_GRAPHIQL: 'true' })).graphiql).toBe(true);
    expect(apiConfigFrom(parseConfig({ AILOG_GRAPHIQL: 'false' })).graphiql).toBe(false);
  });

  it('carries the api section and the trace links', () => {
    const config = apiConfigFrom(parseConfig({ API_PORT: '9000', CORS_ORIGINS: 'http://a,http://b', TEMPO_URL: 'http://tempo:3200' }));
    expect(config).toMatchObject({ port: 9000, corsOrigins: ['http://a', 'http://b'], traceLinks: { tempoUrl: 'http://tempo:3200', grafanaTempoDatasource: 'tempo' } });
  });
});
