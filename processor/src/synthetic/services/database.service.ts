import type { RenderCtx, ServiceDef, TemplateDef } from '../catalog.js';
import { latencyMs, orderId, privateIp, sku } from '../lib/fake-data.js';
import { postgresLine } from '../lib/log-formats.js';

/** PostgreSQL 16 stderr log (`log_line_prefix='%m [%p] '`, connections and slow statements logged). */

const USERS = ['orders', 'inventory', 'payments', 'auth', 'reporting'];

function pid(c: RenderCtx): number {
  return c.rng.int(20_000, 65_000);
}

function pg(c: RenderCtx, level: string, message: string, extra: Array<[string, string]> = []): string[] {
  const p = pid(c);
  return [postgresLine(c.t, p, level, message), ...extra.map(([lvl, msg]) => postgresLine(c.t, p, lvl, msg))];
}

function slowStatement(c: RenderCtx): string {
  return c.rng.pick([
    `SELECT o.id, o.status, o.total FROM orders o WHERE o.customer_id = ${c.rng.int(1000, 99_999)} ORDER BY o.created_at DESC LIMIT 20`,
    `UPDATE inventory SET reserved = reserved + ${c.rng.int(1, 5)} WHERE sku = '${sku(c.rng)}'`,
    `SELECT count(*) FROM order_items WHERE order_id = ${orderId(c.rng)}`,
    `INSERT INTO ledger_entries (account_id, amount, currency) VALUES (${c.rng.int(1, 900)}, ${c.rng.int(100, 99_999) / 100}, 'EUR')`,
  ]);
}

const templates: TemplateDef[] = [
  { key: 'conn.received', weight: 12, hint: 'connection received: host=', render: (c) => pg(c, 'LOG', `connection received: host=${privateIp(c.rng)} port=${c.rng.int(32_768, 60_999)}`) },
  { key: 'conn.authorized', weight: 12, hint: 'connection authorized: user=', render: (c) => pg(c, 'LOG', `connection authorized: user=${c.rng.pick(USERS)} database=shop application_name=${c.rng.pick(['PostgreSQL JDBC Driver', 'pgx', 'node-postgres'])}`) },
  { key: 'conn.closed', weight: 11, hint: 'disconnection: session time:', render: (c) => pg(c, 'LOG', `disconnection: session time: 0:${String(c.rng.int(0, 59)).padStart(2, '0')}:${(c.rng.uniform(0, 59.999)).toFixed(3).padStart(6, '0')} user=${c.rng.pick(USERS)} database=shop host=${privateIp(c.rng)} port=${c.rng.int(32_768, 60_999)}`) },
  { key: 'slow.statement', weight: 6, hint: 'ms  statement: ', latency: true, render: (c) => pg(c, 'LOG', `duration: ${Math.max(200, latencyMs(c.rng, 320, c.latencyScale, 0.35)).toFixed(3)} ms  statement: ${slowStatement(c)}`) },
  { key: 'slow.execute', weight: 3, hint: 'ms  execute <unnamed>: ', render: (c) => pg(c, 'LOG', `duration: ${Math.max(200, latencyMs(c.rng, 260, 1, 0.35)).toFixed(3)} ms  execute <unnamed>: SELECT * FROM products WHERE id = $1`, [['DETAIL', `Parameters: $1 = '${c.rng.int(1, 9000)}'`]]) },
  { key: 'autovacuum', weight: 0.4, hint: 'automatic vacuum of table', render: (c) => pg(c, 'LOG', `automatic vacuum of table "shop.public.${c.rng.pick(['sessions', 'orders', 'cart_items'])}": index scans: 1, pages: 0 removed, ${c.rng.int(200, 9000)} remain, tuples: ${c.rng.int(100, 20_000)} removed, ${c.rng.int(10_000, 900_000)} remain`) },
  { key: 'autoanalyze', weight: 0.4, hint: 'automatic analyze of table', render: (c) => pg(c, 'LOG', `automatic analyze of table "shop.public.${c.rng.pick(['orders', 'order_items', 'inventory'])}" avg read rate: ${c.rng.uniform(1, 60).toFixed(3)} MB/s, avg write rate: ${c.rng.uniform(0, 5).toFixed(3)} MB/s`) },
  { key: 'err.duplicate', weight: 0.6, hint: 'duplicate key value violates unique constraint', render: (c) => { const k = c.rng.int(1e6, 9e6); return pg(c, 'ERROR', 'duplicate key value violates unique constraint "orders_idempotency_key_key"', [['DETAIL', `Key (idempotency_key)=(${k}) already exists.`], ['STATEMENT', 'INSERT INTO orders (customer_id, idempotency_key, total) VALUES ($1, $2, $3)']]); } },
  { key: 'err.deadlock', weight: 0.08, hint: 'deadlock detected', spike: true, render: (c) => pg(c, 'ERROR', 'deadlock detected', [['DETAIL', `Process ${pid(c)} waits for ShareLock on transaction ${c.rng.int(1e6, 9e6)}; blocked by process ${pid(c)}.`], ['HINT', 'See server log for query details.'], ['STATEMENT', `UPDATE inventory SET reserved = reserved + 1 WHERE sku = '${sku(c.rng)}'`]]) },
  { key: 'err.timeout', weight: 0.12, hint: 'canceling statement due to statement timeout', spike: true, render: (c) => pg(c, 'ERROR', 'canceling statement due to statement timeout', [['STATEMENT', slowStatement(c)]]) },
  { key: 'conn.reset', weight: 0.3, hint: 'could not receive data from client', render: (c) => pg(c, 'LOG', 'could not receive data from client: Connection reset by peer') },
  { key: 'auth.failed', weight: 0.05, hint: 'password authentication failed', render: (c) => pg(c, 'FATAL', 'password authentication failed for user "reporting"', [['DETAIL', 'Connection matched file "/etc/postgresql/16/main/pg_hba.conf" line 99: "host all all 10.0.0.0/16 scram-sha-256"']]) },
  { key: 'tempfile', weight: 0.4, hint: 'temporary file: path', render: (c) => pg(c, 'LOG', `temporary file: path "base/pgsql_tmp/pgsql_tmp${pid(c)}.${c.rng.int(0, 9)}", size ${c.rng.int(1e6, 9e7)}`) },
  { key: 'checkpoint.frequent', weight: 0.01, hint: 'checkpoints are occurring too frequently', render: (c) => pg(c, 'LOG', `checkpoints are occurring too frequently (${c.rng.int(10, 25)} seconds apart)`, [['HINT', 'Consider increasing the configuration parameter "max_wal_size".']]) },
];

/** The `database` service (PostgreSQL stderr log). */
export const databaseService: ServiceDef = {
  name: 'database',
  share: 0.1,
  templates,
  periodic: [
    { key: 'checkpoint.start', everySec: 60, jitterSec: 0.05, hint: 'checkpoint starting: time', render: (c) => pg(c, 'LOG', 'checkpoint starting: time') },
    { key: 'checkpoint.complete', everySec: 60, jitterSec: 2, hint: 'checkpoint complete: wrote', render: (c) => { const b = c.rng.int(20, 4000); return pg(c, 'LOG', `checkpoint complete: wrote ${b} buffers (${(b / 163.84).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${c.rng.int(0, 3)} recycled; write=${c.rng.uniform(1, 27).toFixed(3)} s, sync=${c.rng.uniform(0, 0.05).toFixed(3)} s, total=${c.rng.uniform(27, 28).toFixed(3)} s; sync files=${c.rng.int(5, 80)}, longest=0.004 s, average=0.001 s; distance=${c.rng.int(100, 40_000)} kB, estimate=${c.rng.int(20_000, 40_000)} kB; lsn=0/${c.rng.int(1e7, 9e7).toString(16).toUpperCase()}, redo lsn=0/${c.rng.int(1e7, 9e7).toString(16).toUpperCase()}`); } },
  ],
  newErrors: [
    { hint: 'could not serialize access due to concurrent update', description: 'serialization failures on inventory updates', render: (c) => pg(c, 'ERROR', 'could not serialize access due to concurrent update', [['STATEMENT', `UPDATE inventory SET reserved = reserved + 1 WHERE sku = '${sku(c.rng)}'`]]) },
    { hint: 'remaining connection slots are reserved', description: 'connection slots exhausted', render: (c) => pg(c, 'FATAL', 'remaining connection slots are reserved for roles with the SUPERUSER attribute') },
  ],
  semanticFailures: [
    { hint: 'No space left on device', description: 'data volume full; relation cannot be extended', render: (c) => pg(c, 'WARNING', `could not extend file "base/16384/${c.rng.int(16_000, 99_000)}": No space left on device`, [['HINT', 'Check free disk space.']]) },
    { hint: 'terminated by signal 9: Killed', description: 'a backend is OOM-killed and the server restarts', render: (c) => pg(c, 'LOG', `server process (PID ${pid(c)}) was terminated by signal 9: Killed`, [['DETAIL', `Failed process was running: ${slowStatement(c)}`]]) },
  ],
};
