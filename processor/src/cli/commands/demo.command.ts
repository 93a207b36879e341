import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfig, type Config } from '../../config.js';
import type { AnomalyFinding } from '../../domain/anomaly.js';
import { createLogger } from '../../domain/logger.js';
import { FileReceiver, receiverConfigSchema } from '../../receivers/index.js';
import { buildPipeline } from '../../runtime/build-pipeline.js';
import { formatDemoReport } from '../../runtime/demo-report.js';
import { groupIncidents } from '../../runtime/incident-grouping.js';
import { ingest } from '../../runtime/ingest.js';
import { TemplateRepository } from '../../storage/index.js';
import type { Logger } from '../../domain/logger.js';
import { serveRunningPipeline } from '../../service/serve-runner.js';
import { issueSessionKey } from '../../service/session-key.js';
import type { RunningPipeline } from '../../runtime/build-pipeline.js';
import { Progress } from '../progress.js';
import { serveBanner } from './serve.command.js';
import { stopOnSignals } from '../stop-signals.js';
import { generateScenario, scoreIncidents, writeScenario } from '../../synthetic/index.js';

interface DemoFlags {
  readonly seed: string;
  readonly minutes: string;
  readonly rate: string;
  readonly json?: boolean;
  readonly serve?: boolean;
}

/**
 * `ailog demo`: the main job on the embedded default. Generates a scenario with known
 * incidents, runs it through the same pipeline as `ingest` into a fresh embedded database,
 * and reports what was found, missed and falsely alerted.
 */
export function demoCommand(): Command {
  return new Command('demo')
    .description('generate logs with known incidents, run the full pipeline, and print the incident report')
    .option('--seed <n>', 'scenario seed', '42')
    .option('--minutes <n>', 'scenario length in minutes', '120')
    .option('--rate <n>', 'lines per minute across services', '1000')
    .option('--json', 'print the figures as JSON after the report')
    .option('--serve', 'then keep the api up on the demo data (prints the URL and a session admin key; Ctrl-C to stop)')
    .action(async (flags: DemoFlags) => {
      const base = loadConfig();
      const dir = resolve(base.storage.dataDir, 'demo');
      await rm(dir, { recursive: true, force: true });
      // A fresh embedded database per run, so every report starts from the same state.
      const config: Config = { ...base, storage: { ...base.storage, databaseUrl: undefined, dataDir: join(dir, 'db') } };
      const logger = createLogger(config.logLevel);

      const scenario = generateScenario({
        seed: Number(flags.seed),
        durationMinutes: Number(flags.minutes),
        linesPerMinute: Number(flags.rate),
      });
      const files = await writeScenario(dir, scenario);
      logger.info({ lines: scenario.lines.length, file: files.log }, 'scenario written');

      const started = performance.now();
      const running = await buildPipeline({ config, logger });
      const findings: AnomalyFinding[] = [];
      running.bus.subscribe((finding) => findings.push(finding));
      try {
        const receiver = new FileReceiver(files.log, {
          config: receiverConfigSchema.parse({ format: config.receiver.format, batchSize: config.pipeline.batchSize }),
          logger,
        });
        const progress = new Progress('demo', () => receiver.stats.linesRead).start();
        const stop = stopOnSignals();
        await ingest(receiver.records(), running, { queueCapacity: config.pipeline.queueCapacity, signal: stop.signal }).finally(() => {
          progress.stop();
          stop.dispose();
        });
        const seconds = (performance.now() - started) / 1000;
        const incidents = groupIncidents(findings);
        const score = scoreIncidents(scenario.labels, incidents);
        const figures = {
          lines: receiver.stats.linesRead,
          seconds,
          database: running.db.kind === 'pglite' ? `embedded PostgreSQL (PGlite) at ${config.storage.dataDir}` : 'PostgreSQL',
          logsStored: running.postgres.stats.logsWritten,
          templates: running.miner.templates().length,
          findings: findings.filter((f) => f.isAnomaly).length,
          incidents: incidents.length,
          recall: score.recall,
          falseIncidentRate: score.falseIncidentRate,
          scenarioFile: files.log,
          labelsFile: files.labels,
        };
        // Template texts as stored (redacted), so the report shows what the database holds.
        const stored = await new TemplateRepository(running.db.knex).list({ limit: 100_000 });
        const templates = new Map(stored.map((t) => [t.id, t.text]));
        process.stdout.write(formatDemoReport(scenario, incidents, score, figures, templates));
        if (flags.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
        if (flags.serve) await serveDemo(config, logger, running);
      } finally {
        await running.close();
      }
    });
}

/** `--serve`: the api over the demo's database and bus, with a fresh admin key printed once. */
async function serveDemo(config: Config, logger: Logger, running: RunningPipeline): Promise<void> {
  await serveRunningPipeline(config, logger, running, {
    onReady: async ({ apiUrl, database, db }) => {
      if (apiUrl === null) return;
      // Every demo run starts a fresh database, so there is never an older key to reuse.
      const issued = await issueSessionKey(db, { name: 'ailog demo --serve session' });
      process.stdout.write(`\n${serveBanner(apiUrl, database, issued?.key ?? null)}  (Ctrl-C to stop)\n`);
    },
  });
}
