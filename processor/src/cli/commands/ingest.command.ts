import { Command, Option } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../domain/logger.js';
import { FileReceiver, receiverConfigSchema } from '../../receivers/index.js';
import { buildPipeline } from '../../runtime/build-pipeline.js';
import { ingest } from '../../runtime/ingest.js';
import { Progress } from '../progress.js';
import { stopOnSignals } from '../stop-signals.js';

interface IngestFlags {
  readonly format?: string;
  readonly service?: string;
  readonly json?: boolean;
  readonly streamId?: string;
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
    .action(async (file: string, flags: IngestFlags) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const running = await buildPipeline({ config, logger });
      try {
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
