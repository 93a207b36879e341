/** Pipeline and service stages an error can come from; used in metrics, dead letters and API errors. */
export type Stage =
  | 'config'
  | 'receive'
  | 'decode'
  | 'multiline'
  | 'template'
  | 'redact'
  | 'embed'
  | 'detect'
  | 'explain'
  | 'llm'
  | 'persist'
  | 'publish'
  | 'kafka'
  | 'api'
  | 'cli';

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BUDGET_EXCEEDED'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'CONFLICT'
  | 'INTERNAL';

export interface AppErrorOptions {
  readonly stage: Stage;
  readonly code?: ErrorCode;
  readonly retriable?: boolean;
  readonly cause?: unknown;
  readonly details?: Record<string, unknown>;
}

/**
 * The one error base of the project. `retriable` separates transient trouble (database down,
 * broker rebalancing) from permanent trouble (a bad record: dead-letter it and go on).
 */
export class AppError extends Error {
  readonly stage: Stage;
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(message: string, options: AppErrorOptions) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.stage = options.stage;
    this.code = options.code ?? 'INTERNAL';
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }
}

/** A record that cannot be processed: permanent, dead-lettered with this message as the reason. */
export class BadInputError extends AppError {
  constructor(message: string, stage: Stage, details?: Record<string, unknown>) {
    super(message, { stage, code: 'BAD_INPUT', retriable: false, details });
  }
}

/** Configuration that failed validation; lists every problem at once. */
export class ConfigError extends AppError {
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super(`invalid configuration:\n  - ${issues.join('\n  - ')}`, { stage: 'config', code: 'CONFIG_INVALID' });
    this.issues = issues;
  }
}

/** A dependency (database, broker, LLM endpoint) is unreachable for now; retry with backoff. */
export class UnavailableError extends AppError {
  constructor(message: string, stage: Stage, cause?: unknown) {
    super(message, { stage, code: 'UNAVAILABLE', retriable: true, cause });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`, { stage: 'api', code: 'NOT_FOUND', details: { what, id } });
  }
}

export function isRetriable(error: unknown): boolean {
  return error instanceof AppError && error.retriable;
}

/**
 * A paid call refused by the daily budget. In the pipeline that is a skip with a reason (the work
 * is retried once the budget allows), never a failed batch; on demand it is HTTP 429.
 */
export function isBudgetRefusal(error: unknown): boolean {
  return error instanceof AppError && error.code === 'BUDGET_EXCEEDED';
}
