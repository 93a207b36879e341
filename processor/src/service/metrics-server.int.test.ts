import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../domain/logger.js';
import { linesReceived } from '../telemetry/metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('processor metrics server', () => {
  it('serves the registry in the Prometheus text format on a random port, 404 elsewhere', async () => {
    server = await startMetricsServer({ port: 0, host: '127.0.0.1' }, silentLogger);
    expect(server.port).toBeGreaterThan(0);
    linesReceived.inc({ receiver: 'server-test' }, 3);
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const body = await res.text();
    expect(body).toContain('ailog_lines_received_total{receiver="server-test"} 3');
    expect(body).toContain('# TYPE ailog_stage_duration_seconds histogram');
    expect(body).toContain('process_cpu_seconds_total');
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('reports a taken port as a typed error', async () => {
    server = await startMetricsServer({ port: 0, host: '127.0.0.1' }, silentLogger);
    await expect(startMetricsServer({ port: server.port, host: '127.0.0.1' }, silentLogger)).rejects.toThrow(/metrics port .* unavailable/);
  });
});
