/**
 * Receiver throughput: writes a synthetic mixed-format file (plain headers, JSON, logfmt,
 * syslog, Java/Python stack traces, some bad lines) and measures lines/s for
 * (a) the full file receiver (read + join + decode) and (b) the per-line decoder alone.
 *
 * Usage: npx tsx processor/bench/receive.bench.ts [--lines 200000]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLineDecoder, FileReceiver } from '../src/receivers/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const argIndex = process.argv.indexOf('--lines');
const target = argIndex >= 0 ? Number(process.argv[argIndex + 1]) : 200_000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Deterministic mix so runs are comparable; no dataset-specific content. */
function makeLines(count: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < count) {
    const s = i % 60;
    const iso = `2024-03-01T10:${pad(Math.floor(i / 60) % 60)}:${pad(s)}.${pad(i % 1000, 3)}Z`;
    switch (i % 10) {
      case 0: out.push(`${iso} INFO [http] GET /api/users/${i} 200 ${i % 97}ms`); break;
      case 1: out.push(`{"time":"${iso}","level":"warn","msg":"slow query","service":{"name":"db"},"duration_ms":${i % 500},"trace_id":"t${i}"}`); break;
      case 2: out.push(`ts=${iso} level=info msg="cache miss" key=user:${i} app=cache`); break;
      case 3: out.push(`<13>Mar  1 10:00:${pad(s)} web-${i % 5} nginx[${i % 900}]: upstream timed out (110) while reading`); break;
      case 4: out.push(`2024-03-01 10:00:${pad(s)},123 ERROR org.acme.Worker: job ${i} failed`, 'java.lang.IllegalStateException: bad state', '\tat org.acme.Worker.run(Worker.java:42)', '\tat java.lang.Thread.run(Thread.java:750)'); break;
      case 5: out.push(`${iso} ERROR [py] handler crashed`, 'Traceback (most recent call last):', '  File "app.py", line 10, in handle', `KeyError: 'k${i}'`); break;
      case 6: out.push(`081109 2036${pad(s)} ${i % 300} INFO dfs.DataNode$PacketResponder: PacketResponder ${i % 3} for block blk_${i} terminating`); break;
      case 7: out.push(`${iso} DEBUG [auth] user ${i} logged in from 10.0.${i % 255}.${i % 7}`); break;
      case 8: out.push(i % 100 === 8 ? '{"broken json' : `<134>1 ${iso} host app ${i} ID1 [meta k="${i}"] started worker`); break;
      default: out.push(i % 50 === 9 ? '' : `${iso} WARN [queue] backlog ${i} messages`); break;
    }
    i++;
  }
  return out.slice(0, count);
}

async function receiverRun(path: string): Promise<{ ms: number; events: number; lines: number }> {
  const receiver = new FileReceiver(path, {});
  const t0 = performance.now();
  let events = 0;
  for await (const chunk of receiver.records()) events += chunk.records.length;
  return { ms: performance.now() - t0, events, lines: receiver.stats.linesRead };
}

function decoderRun(lines: string[]): number {
  const decode = createLineDecoder({ stream: 'bench' });
  const t0 = performance.now();
  for (let i = 0; i < lines.length; i++) decode(lines[i]!, i + 1);
  return performance.now() - t0;
}

const dir = mkdtempSync(join(tmpdir(), 'ailog-receive-bench-'));
try {
  const lines = makeLines(target);
  const path = join(dir, 'mixed.log');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const bytes = readFileSync(path).length;
  await receiverRun(path); // warm-up
  const runs = [await receiverRun(path), await receiverRun(path), await receiverRun(path)];
  const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
  decoderRun(lines);
  const decodeMs = Math.min(decoderRun(lines), decoderRun(lines), decoderRun(lines));
  const result = {
    lines: best.lines,
    bytes,
    events: best.events,
    receiverMs: Math.round(best.ms),
    receiverLinesPerSec: Math.round(best.lines / (best.ms / 1000)),
    receiverMBPerSec: Number((bytes / 1e6 / (best.ms / 1000)).toFixed(1)),
    decoderOnlyLinesPerSec: Math.round(lines.length / (decodeMs / 1000)),
  };
  process.stdout.write('| measure | value |\n|---|---|\n');
  for (const [k, v] of Object.entries(result)) process.stdout.write(`| ${k} | ${v} |\n`);
  const outDir = resolve(here, '../../bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'receive.json'), `${JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
