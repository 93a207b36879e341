import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command } from 'commander';
import { BadInputError } from '../../domain/errors.js';
import { createLineDecoder } from '../../receivers/index.js';
import { compileLoghubFormat } from '../../templates/loghub-format.js';
import { TemplateMiner } from '../../templates/index.js';

interface ParseFlags {
  readonly output?: string;
  readonly messageOnly?: boolean;
  readonly format?: string;
  readonly json?: boolean;
}

/** Turns one raw line into the message to mine. */
type MessageOf = (line: string, lineNo: number) => string;

function messageExtractor(flags: ParseFlags): MessageOf {
  if (flags.messageOnly === true) return (line) => line;
  if (flags.format !== undefined) {
    const content = compileLoghubFormat(flags.format);
    // A line that does not fit the format is mined whole rather than dropped.
    return (line) => content(line) ?? line;
  }
  // Automatic header parsing is the receivers' job (syslog, ISO timestamps, levels, JSON…).
  const decode = createLineDecoder({});
  return (line, lineNo) => {
    try {
      return decode(line, lineNo).message;
    } catch {
      return line;
    }
  };
}

/** Lines of a file or stdin, split on `\n` only (a stray `\r` stays inside its line); invalid UTF-8 → U+FFFD. */
async function* readLines(file: string): AsyncGenerator<string> {
  const stream = file === '-' ? process.stdin : createReadStream(file);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let rest = '';
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      yield stripCr(rest.slice(start, nl));
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') yield stripCr(rest);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** RFC 4180 field quoting. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function writeCsv(path: string, miner: TemplateMiner, ids: readonly string[]): Promise<void> {
  const texts = new Map(miner.templates().map((t) => [t.id, t.text]));
  const finalOf = new Map<string, [string, string]>();
  const out = createWriteStream(path);
  let buffer = 'line,template_id,template\n';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string;
    let final = finalOf.get(id);
    if (final === undefined) {
      const resolved = id === '' ? '' : miner.resolve(id);
      final = [resolved, csvField(texts.get(resolved) ?? '')];
      finalOf.set(id, final);
    }
    buffer += `${i + 1},${final[0]},${final[1]}\n`;
    if (buffer.length > 1 << 16) {
      await write(out, buffer);
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

function printSummary(miner: TemplateMiner, lines: number, json: boolean): void {
  const templates = miner.templates().sort((a, b) => b.count - a.count);
  if (json) {
    const rows = templates.map((t) => ({ id: t.id, count: t.count, template: t.text }));
    process.stdout.write(`${JSON.stringify({ lines, templates: rows }, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${lines} lines, ${templates.length} templates\n`);
  process.stdout.write(`${'count'.padStart(9)}  ${'template_id'.padEnd(14)}  template\n`);
  for (const t of templates) process.stdout.write(`${String(t.count).padStart(9)}  ${t.id.padEnd(14)}  ${t.text}\n`);
}

async function runParse(file: string, flags: ParseFlags): Promise<void> {
  if (flags.messageOnly === true && flags.format !== undefined) {
    throw new BadInputError('--message-only and --format are mutually exclusive', 'cli');
  }
  const messageOf = messageExtractor(flags);
  const miner = new TemplateMiner();
  // One id per input line (empty lines get ''): aliases are resolved at the end, so every
  // row carries its template's final form.
  const ids: string[] = [];
  const started = performance.now();
  for await (const line of readLines(file)) {
    const message = line.trim() === '' ? '' : messageOf(line, ids.length + 1);
    ids.push(message.trim() === '' ? '' : miner.add(message).id);
  }
  const seconds = (performance.now() - started) / 1000;
  if (flags.output === undefined) {
    printSummary(miner, ids.length, flags.json === true);
    return;
  }
  await writeCsv(flags.output, miner, ids);
  const rate = Math.round(ids.length / Math.max(seconds, 1e-9));
  process.stderr.write(`ailog parse: ${ids.length} lines, ${miner.templates().length} templates, ${rate} lines/s\n`);
}

/** `ailog parse <file|->`: mine templates from a log file; CSV per line or a summary. */
export function parseCommand(): Command {
  return new Command('parse')
    .description('mine log templates: one CSV row per input line (line,template_id,template) or a summary')
    .argument('<file>', "log file, one event per line ('-' for stdin)")
    .option('-o, --output <csv>', 'write line,template_id,template for every input line, in input order')
    .option('--message-only', 'the whole line is the message (no header parsing)')
    .option('--format <string>', "Loghub format string, e.g. '<Date> <Time> <Level> <Component>: <Content>'")
    .option('--json', 'print the summary as JSON (without --output)')
    .action(async (file: string, flags: ParseFlags) => {
      await runParse(file, flags);
    });
}
