import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/services/free-port.js';

/**
 * Test helpers around a real Prometheus server (the Debian `prometheus` package) and the Grafana
 * dashboards under `grafana/dashboards/`: start/stop, instant queries, and the queries of every
 * dashboard panel with Grafana's macros expanded the way Grafana expands them.
 */

/** The `prometheus` binary on PATH (or `PROMETHEUS_BIN`), or null when it is not installed. */
export function findPrometheus(): string | null {
  for (const candidate of [process.env.PROMETHEUS_BIN, 'prometheus', '/usr/bin/prometheus']) {
    if (candidate === undefined || candidate === '') continue;
    const probe = spawnSync(candidate, ['--version'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

export interface ScrapeTarget {
  readonly job: string;
  /** `host:port`; the path is `/metrics`. */
  readonly target: string;
}

export interface PrometheusServer {
  readonly url: string;
  /** Instant query; the `result` vector of a successful answer, or throws with Prometheus' error. */
  query(expr: string): Promise<PromSample[]>;
  stop(): Promise<void>;
}

export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** Starts Prometheus on a random port scraping `targets` every second; resolves once it is ready. */
export async function startPrometheus(binary: string, targets: readonly ScrapeTarget[]): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ailog-prometheus-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    ...targets.flatMap((t) => [`  - job_name: ${t.job}`, '    static_configs:', `      - targets: ["${t.target}"]`]),
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), `${config}\n`);
  const child = spawn(binary, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await terminate(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true, 20_000, () => `prometheus not ready: ${stderr}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, query: (expr) => instantQuery(url, expr), stop };
}

async function instantQuery(url: string, expr: string): Promise<PromSample[]> {
  const response = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }) });
  const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: PromSample[] } };
  if (body.status !== 'success') throw new Error(`PromQL rejected: ${expr}: ${body.error ?? response.status}`);
  return body.data?.resultType === 'vector' ? (body.data.result ?? []) : [];
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `check` until it holds; the error carries `explain()` for the failure message. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One query of one dashboard panel. */
export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly kind: 'promql' | 'sql';
  readonly text: string;
}

interface PanelJson {
  readonly title?: string;
  readonly panels?: PanelJson[];
  readonly targets?: Array<{ readonly expr?: string; readonly rawSql?: string }>;
}

/** Every PromQL and SQL query of every dashboard JSON in `dir`, nested row panels included. */
export async function dashboardQueries(dir: string): Promise<PanelQuery[]> {
  const queries: PanelQuery[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const dashboard = JSON.parse(await readFile(join(dir, file), 'utf8')) as PanelJson;
    const visit = (panel: PanelJson): void => {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined) queries.push({ dashboard: file, panel: panel.title ?? '', kind: 'promql', text: target.expr });
        if (target.rawSql !== undefined) queries.push({ dashboard: file, panel: panel.title ?? '', kind: 'sql', text: target.rawSql });
      }
      for (const child of panel.panels ?? []) visit(child);
    };
    for (const panel of dashboard.panels ?? []) visit(panel);
  }
  return queries;
}

/** Grafana's PromQL interval variables, with the values Grafana would pick for a short range. */
export function expandPromqlVariables(expr: string, interval = '1m'): string {
  return expr.replaceAll('$__rate_interval', interval).replaceAll('$__interval', interval).replaceAll('$__range', '1h');
}

/**
 * Grafana's PostgreSQL macros, expanded as the Grafana PostgreSQL datasource expands them:
 * `$__timeFilter(c)` → `c BETWEEN '<from>' AND '<to>'`, `$__timeGroupAlias(c, i)` →
 * `floor(extract(epoch from c)/s)*s AS "time"`, `$__timeFrom()`/`$__timeTo()`, `$__interval`.
 */
export function expandSqlMacros(sql: string, from: Date, to: Date, intervalSeconds = 60): string {
  const ts = (d: Date): string => `'${d.toISOString()}'`;
  const group = (column: string): string => `floor(extract(epoch from ${column})/${intervalSeconds})*${intervalSeconds}`;
  return sql
    .replace(/\$__timeGroupAlias\(([^,()]+),[^)]*\)/g, (_m, c: string) => `${group(c.trim())} AS "time"`)
    .replace(/\$__timeGroup\(([^,()]+),[^)]*\)/g, (_m, c: string) => group(c.trim()))
    .replace(/\$__timeFilter\(([^()]+)\)/g, (_m, c: string) => `${c.trim()} BETWEEN ${ts(from)} AND ${ts(to)}`)
    .replaceAll('$__timeFrom()', ts(from))
    .replaceAll('$__timeTo()', ts(to))
    .replaceAll('$__interval', `'${intervalSeconds}s'`);
}
