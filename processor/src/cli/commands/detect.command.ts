import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { BadInputError } from '../../domain/errors.js';
import { createLogger } from '../../domain/logger.js';
import { CachedEmbedder } from '../../embeddings/embedding-provider.js';
import { GloveProvider, gloveConfigSchema } from '../../embeddings/glove.provider.js';
import { createLineDecoder } from '../../receivers/index.js';
import { runDetection, type LineResult } from './detect.runner.js';

interface DetectFlags {
  readonly output: string;
  readonly messageOnly?: boolean;
  readonly format?: string;
  readonly groupBy?: string;
  readonly cacheDir: string;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function lineRow(r: LineResult): string {
  return [String(r.line), r.score.toFixed(4), String(r.isAnomaly), csvField(r.templateId), csvField(r.reasons.join(';'))].join(',');
}

/**
 * `ailog detect <file|->`: unsupervised tier-1 detection. Without `--group-by` one CSV row per
 * input line (`line,score,is_anomaly,template_id,reasons`); with it, one row per session key
 * (`session,score,is_anomaly,lines,reasons`). Lines without timestamps use pseudo-time.
 */
export function detectCommand(): Command {
  return new Command('detect')
    .description('score every line (or every --group-by session) for anomalies, unsupervised; writes CSV')
    .argument('<file>', 'log file, or - for stdin')
    .requiredOption('-o, --output <csv>', 'CSV file to write')
    .option('--message-only', 'each line is the message only (no header parsing)')
    .option('--format <string>', 'line format for the decoder (see `ailog ingest --help`)')
    .option('--group-by <regex>', 'score sessions: every distinct regex match in a message is a session key, e.g. blk_-?\\d+')
    .option('--cache-dir <dir>', 'word-vector cache directory', '.cache/embeddings')
    .action(async (file: string, flags: DetectFlags) => {
      const logger = createLogger('info');
      if (flags.groupBy !== undefined) {
        try {
          new RegExp(flags.groupBy);
        } catch (err) {
          throw new BadInputError(`--group-by is not a valid regex: ${(err as Error).message}`, 'cli');
        }
      }
      const decode = createLineDecoder({ format: flags.format, messageOnly: flags.messageOnly === true });
      const provider = GloveProvider.load(gloveConfigSchema.parse({ cacheDir: flags.cacheDir }), logger);
      const embedder = new CachedEmbedder(provider);
      const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
      const lines = createInterface({ input, crlfDelay: Infinity });
      const out = createWriteStream(flags.output, 'utf8');
      const grouped = flags.groupBy !== undefined;
      out.write(grouped ? 'session,score,is_anomaly,lines,reasons\n' : 'line,score,is_anomaly,template_id,reasons\n');
      const started = Date.now();
      const run = await runDetection(lines, {
        decode,
        embedder,
        logger,
        config: { groupBy: flags.groupBy, useTraceId: false },
        onLines: grouped ? undefined : (rows) => out.write(rows.map((r) => `${lineRow(r)}\n`).join('')),
      });
      if (grouped) {
        for (const s of run.sessions) {
          out.write(`${[csvField(s.key), s.score.toFixed(4), String(s.isAnomaly), String(s.lines), csvField(s.reasons.join(';'))].join(',')}\n`);
        }
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      logger.info(
        { lines: run.lines, badLines: run.badLines, templates: run.templates, sessions: run.sessions.length, findings: run.findings.length, embedCalls: embedder.embedCalls, ms: Date.now() - started },
        'detect finished',
      );
    });
}
