import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../domain/logger.js';
import { FileReceiver, receiverConfigSchema } from '../../receivers/index.js';
import { buildPipeline } from '../../runtime/build-pipeline.js';
import { ingest } from '../../runtime/ingest.js';
import { startMetricsServer, type MetricsServer } from '../../service/metrics-server.js';
import { Progress } from '../progress.js';
import { stopOnSignals } from '../stop-signals.js';

interface IngestFlags {
  readonly format?: string;
  readonly service?: string;
  readonly json?: boolean;
  readonly streamId?: string;
  /** Serve `/metrics` during the run (off by default in the embedded CLI). */
  readonly metricsPort?: number;
}

/** `ailog ingest <file|->`: the full pipeline on a file or stdin into the configured database. */
export function ingestCommand(): Command {
  return new Command('ingest')
    .description('run the pipeline on a log file (or - for stdin) and store the results')
    .argument('<file>', 'log file, or - for stdin')
    .addOption(new Option('--format <format>', 'auto | json | logfmt | syslog | plain | a format string like "<Date> <Time> <Level> <Component>: <Content>"'))
    .option('--service <name>', 'service name for events that carry none')
    .option('--stream-id <id>', 'name of the input in idempotency keys (default: file path + content fingerprint; stdin: a new id per run)')
    .option('--json', 'print the summary as JSON')
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port during the run (0 = random)', parsePort)
    .action(async (file: string, flags: IngestFlags) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const running = await buildPipeline({ config, logger });
      let metrics: MetricsServer | null = null;
      try {
        if (flags.metricsPort !== undefined) metrics = await startMetricsServer({ port: flags.metricsPort, host: config.metrics.host }, logger);
        const receiver = new FileReceiver(file, {
          config: receiverConfigSchema.parse({
            format: flags.format ?? config.receiver.format,
            batchSize: config.pipeline.batchSize,
          }),
          service: flags.service,
          streamId: flags.streamId,
          logger,
        });
        const progress = new Progress('ingest', () => receiver.stats.linesRead).start();
        const stop = stopOnSignals();
        const result = await ingest(receiver.records(), running, {
          queueCapacity: config.pipeline.queueCapacity,
          signal: stop.signal,
        }).finally(() => {
          progress.stop();
          stop.dispose();
        });
        await running.sweeper.runOnce();
        const summary = {
          database: running.db.kind,
          seconds: Number(result.seconds.toFixed(2)),
          linesRead: receiver.stats.linesRead,
          events: receiver.stats.events,
          linesPerSecond: Math.round(receiver.stats.linesRead / Math.max(result.seconds, 1e-9)),
          logsWritten: running.postgres.stats.logsWritten,
          logsAlreadyStored: running.postgres.stats.logsSkipped,
          templates: running.miner.templates().length,
          anomalies: result.totals.anomalies,
          deadLetters: result.totals.deadLetters,
          embeddingCalls: running.embed.providerCalls,
        };
        process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      } finally {
        await metrics?.close();
        await running.close();
      }
    });
}

function formatSummary(summary: Record<string, string | number>): string {
  const width = Math.max(...Object.keys(summary).map((k) => k.length));
  return `${Object.entries(summary)
    .map(([key, value]) => `${key.padEnd(width)}  ${value}`)
    .join('\n')}\n`;
}

/** A TCP port for `--metrics-port`; commander reports anything else as a usage error. */
function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('expected a port number 0-65535');
  return port;
}
