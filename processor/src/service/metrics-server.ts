import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import { metricsRegistry, registerProcessMetrics } from '../telemetry/metrics.js';

/**
 * Where the processor serves `/metrics`. Defaults: port 9464 (the OpenTelemetry/Prometheus
 * exporter convention; `0` = a random free port), host `0.0.0.0` so a Prometheus container can
 * scrape it — the endpoint exposes counters only, no log content.
 */
export const metricsServerConfigSchema = z.object({
  port: z.int().min(0).max(65_535).default(9464),
  host: z.string().min(1).default('0.0.0.0'),
});
export type MetricsServerConfig = z.infer<typeof metricsServerConfigSchema>;

/** A listening metrics endpoint. */
export interface MetricsServer {
  /** The bound port (the real one when configured with 0). */
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the Prometheus text exposition of the ailog registry (plus process metrics) on
 * `GET /metrics`; anything else is a 404. A plain `node:http` server: the processor has no web
 * framework and needs none for one route.
 */
export async function startMetricsServer(config: MetricsServerConfig, logger: Logger): Promise<MetricsServer> {
  registerProcessMetrics();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body),
      (error: unknown) => {
        logger.warn({ err: error }, 'metrics collection failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      },
    );
  });
  await listen(server, config);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/metrics`;
  logger.info({ url }, 'metrics endpoint listening');
  return {
    port,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, config: MetricsServerConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(new AppError(`metrics port ${config.host}:${config.port} unavailable: ${error.message}`, { stage: 'config', code: 'UNAVAILABLE', cause: error })),
    );
    server.listen(config.port, config.host, () => resolve());
  });
}
