import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../../../scripts/services/free-port.js';

/**
 * A real OpenTelemetry Collector for integration tests: built by `scripts/otelcol.sh` (cached
 * under `.cache/otelcol/`), started on a free port with the OTLP gRPC receiver and the file
 * exporter, whose OTLP-JSON lines the test reads back.
 */

const SCRIPT = fileURLToPath(new URL('../../../scripts/otelcol.sh', import.meta.url));
const run = promisify(execFile);

/** One span as the file exporter writes it (OTLP JSON: ids in hex). */
export interface CollectedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly serviceName: string;
  readonly attributes: Record<string, unknown>;
}

export interface RunningCollector {
  /** `http://127.0.0.1:<port>`: the OTLP gRPC endpoint. */
  readonly endpoint: string;
  /** Every span written so far. */
  spans(): Promise<CollectedSpan[]>;
  stop(): Promise<void>;
}

/** Builds the collector when missing (minutes on a fresh machine) and returns its path. */
export async function buildCollector(): Promise<string> {
  const { stdout } = await run('bash', [SCRIPT, 'build'], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n').pop() ?? '';
}

export async function startCollector(binary: string): Promise<RunningCollector> {
  const dir = await mkdtemp(join(tmpdir(), 'ailog-otelcol-'));
  const port = await freePort();
  const out = join(dir, 'spans.json');
  await writeFile(join(dir, 'config.yaml'), collectorConfig(port, out));
  const child = spawn(binary, ['--config', join(dir, 'config.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => readSpans(out),
    stop: async () => {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// Internal metrics off: the default :8888 listener would clash between parallel runs.
function collectorConfig(port: number, out: string): string {
  return `receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${port}
exporters:
  file:
    path: ${JSON.stringify(out)}
    flush_interval: 100ms
service:
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [file]
`;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpLine {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind?: number; attributes?: OtlpAttribute[] }> }>;
  }>;
}

async function readSpans(path: string): Promise<CollectedSpan[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const spans: CollectedSpan[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as OtlpLine;
    for (const rs of parsed.resourceSpans ?? []) {
      const name = attributesOf(rs.resource?.attributes)['service.name'];
      const serviceName = typeof name === 'string' ? name : '';
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          spans.push({ traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', name: s.name, kind: s.kind ?? 0, serviceName, attributes: attributesOf(s.attributes) });
        }
      }
    }
  }
  return spans;
}

function attributesOf(list: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.doubleValue ?? a.value.boolValue]));
}


async function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`collector exited (${child.exitCode}): ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`collector did not listen on ${port}: ${stderr()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
