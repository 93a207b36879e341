import type { Knex } from '@mikro-orm/postgresql';

/** The channel every api replica LISTENs on for new anomaly ids. */
export const ANOMALY_NOTIFY_CHANNEL = 'ailog_anomalies';

/** PostgreSQL caps a NOTIFY payload at 8000 bytes; stay well below it. */
const MAX_PAYLOAD_BYTES = 7000;

/** Comma-joined ids, split so no payload exceeds the NOTIFY limit (ids are ASCII digits). */
export function notifyPayloads(ids: readonly string[], maxBytes = MAX_PAYLOAD_BYTES): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const id of ids) {
    if (current && current.length + 1 + id.length > maxBytes) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current},${id}` : id;
  }
  if (current) payloads.push(current);
  return payloads;
}

/**
 * Announces newly written anomaly ids. Called inside the writer's transaction: PostgreSQL
 * delivers the notification only at commit (never for a rollback), and only rows inserted now
 * are announced, so a replayed batch announces nothing twice. Without listeners it costs a queue
 * entry the server drops.
 */
export async function notifyAnomalies(trx: Knex, channel: string, ids: readonly string[]): Promise<void> {
  for (const payload of notifyPayloads(ids)) await trx.raw('select pg_notify(?, ?)', [channel, payload]);
}
