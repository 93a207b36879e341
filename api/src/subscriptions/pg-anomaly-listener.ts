import type { AnomalyBus, AnomalyFinding, Logger } from '@ailog/processor';
import { ANOMALY_NOTIFY_CHANNEL } from '@ailog/processor/exporters/anomaly-notify';
import type { Database } from '@ailog/processor/storage/index';
import { ANOMALY_COLUMNS, toAnomalyDto, type AnomalyDto } from '@ailog/processor/storage/repositories/anomaly.repository';
import pg from 'pg';
import { z } from 'zod';

/**
 * Options of the cross-replica feed. Defaults: channel `ailog_anomalies` (what the PostgreSQL
 * exporter notifies on), reconnect backoff 250 ms doubling to 10 s.
 */
export const pgAnomalyListenerConfigSchema = z.object({
  /** PostgreSQL URL for the dedicated LISTEN connection (a pooled one would lose the LISTEN). */
  databaseUrl: z.string().min(1),
  channel: z.string().regex(/^[a-z_][a-z0-9_]*$/).default(ANOMALY_NOTIFY_CHANNEL),
  reconnectInitialMs: z.number().int().positive().default(250),
  reconnectMaxMs: z.number().int().positive().default(10_000),
});
export type PgAnomalyListenerConfig = z.infer<typeof pgAnomalyListenerConfigSchema>;
export type PgAnomalyListenerConfigInput = z.input<typeof pgAnomalyListenerConfigSchema>;

/** Counters for health, metrics and tests. */
export interface PgAnomalyListenerStats {
  connects: number;
  notifications: number;
  published: number;
  loadFailures: number;
}

/** A stored row back in the shape the bus and the subscription carry. */
export function findingOf(dto: AnomalyDto): AnomalyFinding {
  return {
    scope: dto.scope,
    method: dto.method,
    score: dto.score,
    isAnomaly: dto.isAnomaly,
    templateId: dto.templateId,
    service: dto.service,
    windowStart: dto.windowStart,
    windowEnd: dto.windowEnd,
    sessionKey: dto.sessionKey,
    logKey: dto.logKey,
    reasons: dto.reasons,
    evidence: dto.evidence,
    // kept so the feed can hold back muted and dismissed ones, as it does in-process
    status: dto.status,
  };
}

/** Parses a notification payload: comma-separated numeric ids; anything else is ignored. */
export function idsOfPayload(payload: string | undefined): string[] {
  if (!payload) return [];
  return payload.split(',').filter((id) => /^\d{1,18}$/.test(id));
}

/**
 * Every api replica's view of every anomaly: LISTENs on a dedicated connection, loads the
 * notified rows by id through the shared pool and publishes them on this replica's bus, where
 * `AnomalyFeed` picks them up. NOTIFY is sent inside the writer's transaction, so only
 * committed anomalies arrive. A dropped connection is re-established with backoff; anomalies
 * committed while it was down are not replayed (a live feed, not a queue: `anomalies` has them).
 */
export class PgAnomalyListener {
  readonly stats: PgAnomalyListenerStats = { connects: 0, notifications: 0, published: 0, loadFailures: 0 };
  private client: pg.Client | null = null;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly config: PgAnomalyListenerConfig;

  constructor(
    config: PgAnomalyListenerConfigInput,
    private readonly db: Database,
    private readonly bus: AnomalyBus,
    private readonly logger: Logger,
  ) {
    this.config = pgAnomalyListenerConfigSchema.parse(config);
  }

  /** True while a LISTEN connection is up. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Connects once; failures after this are retried in the background. */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Test hook and operational escape hatch: drops the connection as a network failure would. */
  async dropConnection(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const pid = (client as unknown as { processID?: number }).processID;
    // Terminated from another session, exactly like a server restart or a killed backend.
    await this.db.knex.raw('select pg_terminate_backend(?)', [pid ?? -1]);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === this.config.channel) this.onNotification(message.payload);
    });
    client.on('error', (error) => this.onLost(client, error));
    client.on('end', () => this.onLost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.config.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    this.stats.connects += 1;
    this.logger.info({ channel: this.config.channel }, 'listening for anomalies');
  }

  private onLost(client: pg.Client, error?: unknown): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.logger.warn({ err: error }, 'anomaly LISTEN connection lost; reconnecting');
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = Math.min(this.config.reconnectMaxMs, this.config.reconnectInitialMs * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().catch((error: unknown) => {
        this.logger.warn({ err: error, attempt: this.attempt }, 'anomaly LISTEN reconnect failed');
        this.scheduleReconnect();
      });
    }, delay);
  }

  private onNotification(payload: string | undefined): void {
    const ids = idsOfPayload(payload);
    this.stats.notifications += 1;
    if (ids.length === 0) return;
    this.load(ids).then(
      (findings) => {
        for (const finding of findings) this.bus.publish(finding);
        this.stats.published += findings.length;
      },
      (error: unknown) => {
        this.stats.loadFailures += 1;
        this.logger.warn({ err: error, ids: ids.length }, 'loading notified anomalies failed');
      },
    );
  }

  private async load(ids: readonly string[]): Promise<AnomalyFinding[]> {
    const rows = (await this.db.knex('anomalies').select(ANOMALY_COLUMNS).whereIn('id', ids).orderBy('id')) as Array<
      AnomalyDto & { id: string | number; logId: string | number | null }
    >;
    return rows.map((row) => findingOf(toAnomalyDto(row)));
  }
}
