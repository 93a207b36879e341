import type { RenderCtx, ServiceDef, TemplateDef } from '../catalog.js';
import { email, hex, latencyMs, orderId, uuid } from '../lib/fake-data.js';
import { syslog3164, syslog5424, syslogPri } from '../lib/log-formats.js';

/** scheduler (RFC 5424, local0) and worker (RFC 3164, daemon): cron jobs and a background job queue. */

const LOCAL0 = 16;
const DAEMON = 3;
const SEV: Record<string, number> = { err: 3, warning: 4, notice: 5, info: 6, debug: 7 };

function sched(c: RenderCtx, sev: string, msgId: string, message: string): string[] {
  return [syslog5424(c.t, syslogPri(LOCAL0, SEV[sev] ?? 6), 'scheduler-0', 'scheduler', 7, msgId, message)];
}

function work(c: RenderCtx, sev: string, message: string, tag = 'worker'): string[] {
  return [syslog3164(c.t, syslogPri(DAEMON, SEV[sev] ?? 6), `worker-${c.rng.int(1, 3)}`, tag, 812, message)];
}

function cronJob(name: string, everySec: number, median: number) {
  return {
    key: `cron.${name}.started`,
    everySec,
    jitterSec: 0.05,
    hint: `job=${name} started`,
    render: (c: RenderCtx) => sched(c, 'info', 'CRON', `job=${name} started run_id=${hex(c.rng, 8)}`),
    followUp: { key: `cron.${name}.finished`, hint: `job=${name} finished`, delaySec: [median * 0.6, median * 1.6] as const, render: (c: RenderCtx) => sched(c, 'info', 'CRON', `job=${name} finished status=ok duration=${((c.elapsedMs ?? median * 1000) / 1000).toFixed(2)}s`) },
  };
}

const schedulerTemplates: TemplateDef[] = [
  { key: 'sched.enqueue', weight: 20, hint: 'enqueued task', render: (c) => sched(c, 'debug', 'QUEUE', `enqueued task ${c.rng.pick(['send-email', 'generate-invoice', 'resize-image', 'sync-crm'])} id=${uuid(c.rng)} queue=default`) },
  { key: 'sched.lock', weight: 4, hint: 'leader lock renewed', render: (c) => sched(c, 'debug', 'LEADER', `leader lock renewed ttl=30s holder=scheduler-0`) },
  { key: 'sched.skipped', weight: 0.3, hint: 'previous run still active', spike: true, render: (c) => sched(c, 'warning', 'CRON', `job=${c.rng.pick(['sync-inventory', 'cleanup-sessions'])} skipped: previous run still active`) },
  { key: 'sched.misfire', weight: 0.05, hint: 'misfire detected', render: (c) => sched(c, 'notice', 'CRON', `misfire detected for job=rebuild-sitemap, running now (late by ${c.rng.int(1, 40)}s)`) },
  { key: 'sched.sitemap', weight: 0.03, hint: 'job=rebuild-sitemap finished', render: (c) => sched(c, 'info', 'CRON', `job=rebuild-sitemap finished status=ok duration=${c.rng.uniform(30, 90).toFixed(2)}s urls=${c.rng.int(9000, 12_000)}`) },
];

const workerTemplates: TemplateDef[] = [
  { key: 'work.picked', weight: 20, hint: 'picked up job', render: (c) => work(c, 'info', `picked up job ${uuid(c.rng)} (${c.rng.pick(['send-email', 'generate-invoice', 'resize-image', 'sync-crm'])}) attempt=1`) },
  { key: 'work.email', weight: 10, hint: '(send-email) completed in', latency: true, render: (c) => work(c, 'info', `job ${uuid(c.rng)} (send-email) completed in ${Math.round(latencyMs(c.rng, 420, c.latencyScale))}ms to=${email(c.rng)}`) },
  { key: 'work.invoice', weight: 6, hint: '(generate-invoice) completed in', latency: true, render: (c) => work(c, 'info', `job ${uuid(c.rng)} (generate-invoice) completed in ${Math.round(latencyMs(c.rng, 900, c.latencyScale))}ms order=${orderId(c.rng)}`) },
  { key: 'work.resize', weight: 4, hint: '(resize-image) completed in', render: (c) => work(c, 'info', `job ${uuid(c.rng)} (resize-image) completed in ${Math.round(latencyMs(c.rng, 150))}ms`) },
  { key: 'work.retry', weight: 0.8, hint: 'will retry in', spike: true, render: (c) => work(c, 'warning', `job ${uuid(c.rng)} (send-email) failed, will retry in ${c.rng.pick([30, 60, 120])}s: SMTP 421 4.7.0 Try again later`) },
  { key: 'work.dead', weight: 0.06, hint: 'moved to dead-letter queue', spike: true, render: (c) => work(c, 'err', `job ${uuid(c.rng)} (sync-crm) moved to dead-letter queue after 5 attempts: HTTP 429 Too Many Requests`) },
  { key: 'work.gc', weight: 0.5, hint: 'gc pause', render: (c) => work(c, 'debug', `gc pause ${latencyMs(c.rng, 8).toFixed(1)}ms heap=${c.rng.int(180, 420)}MB`) },
  { key: 'work.logrotate', weight: 0.01, hint: 'logrotate', render: (c) => work(c, 'info', 'rotating log files', 'logrotate') },
];

/** The `scheduler` service (RFC 5424 syslog, cron jobs). */
export const schedulerService: ServiceDef = {
  name: 'scheduler',
  share: 0.04,
  templates: schedulerTemplates,
  periodic: [cronJob('sync-inventory', 60, 3), cronJob('cleanup-sessions', 300, 12)],
  newErrors: [
    { hint: 'leader election lost', description: 'scheduler loses leadership repeatedly', render: (c) => sched(c, 'err', 'LEADER', `leader election lost: lease held by scheduler-${c.rng.int(1, 2)} with stale epoch ${c.rng.int(100, 999)}`) },
  ],
  semanticFailures: [
    { hint: 'clock skew detected', description: 'clock skew breaks cron timing (notice level)', render: (c) => sched(c, 'notice', 'NTP', `clock skew detected: local time ahead of ntp by ${c.rng.int(30, 300)}s, next fire times may be wrong`) },
  ],
};

/** The `worker` service (RFC 3164 syslog, job queue, the batch-export decoy). */
export const workerService: ServiceDef = {
  name: 'worker',
  share: 0.08,
  templates: workerTemplates,
  periodic: [{ key: 'work.heartbeat', everySec: 15, jitterSec: 0.3, hint: 'heartbeat ok', render: (c) => work(c, 'info', `heartbeat ok queue=default pending=${c.rng.int(0, 40)}`) }],
  newErrors: [
    { hint: 'failed permanently: TypeError', description: 'invoice jobs crash on a null customer', render: (c) => work(c, 'err', `job ${uuid(c.rng)} (generate-invoice) failed permanently: TypeError: Cannot read properties of undefined (reading 'email')`) },
  ],
  semanticFailures: [
    { hint: 'Memory cgroup out of memory', description: 'worker container OOM-killed by the kernel (no level in the message)', render: (c) => [syslog3164(c.t, syslogPri(0, 3), `worker-${c.rng.int(1, 3)}`, 'kernel', 0, `Memory cgroup out of memory: Killed process ${c.rng.int(800, 9000)} (node) total-vm:${c.rng.int(1_500_000, 2_500_000)}kB, anon-rss:${c.rng.int(900_000, 1_100_000)}kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:${c.rng.int(2000, 4000)}kB oom_score_adj:0`)] },
    { hint: 'OOMKilled', description: 'job containers terminated as OOMKilled', render: (c) => work(c, 'info', `job ${uuid(c.rng)} (resize-image) container exited: reason=OOMKilled exitCode=137`) },
  ],
  batchJob: { key: 'work.batch', hint: 'report-export: processed batch', ratePerMin: 90, durationMin: 3, render: (c) => work(c, 'info', `report-export: processed batch ${c.rng.int(1, 400)}/400 (500 rows) in ${Math.round(latencyMs(c.rng, 650))} ms`) },
};
