import { AppError } from '../domain/errors.js';

/** A call refused because today's spend plus its estimate would pass the daily budget. */
export class BudgetExceededError extends AppError {
  constructor(details: { readonly spentUsd: number; readonly limitUsd: number; readonly estimateUsd: number }) {
    super(
      `daily LLM budget exceeded: spent ${details.spentUsd.toFixed(4)} of ${details.limitUsd.toFixed(2)} USD, call needs ~${details.estimateUsd.toFixed(4)}`,
      { stage: 'llm', code: 'BUDGET_EXCEEDED', retriable: false, details },
    );
  }
}

/** The endpoint failed too often lately; calls are refused without waiting until a probe succeeds. */
export class CircuitOpenError extends AppError {
  constructor(retryInMs: number) {
    super(`LLM circuit open, next probe in ${Math.ceil(retryInMs / 1000)} s`, {
      stage: 'llm',
      code: 'UNAVAILABLE',
      retriable: true,
      details: { retryInMs },
    });
  }
}

/** The endpoint answered with an error, timed out, or never answered after the retries. */
export class LlmCallError extends AppError {
  constructor(message: string, options: { readonly timeout?: boolean; readonly status?: number; readonly cause?: unknown }) {
    super(message, {
      stage: 'llm',
      code: options.timeout ? 'TIMEOUT' : 'UNAVAILABLE',
      retriable: true,
      cause: options.cause,
      details: options.status === undefined ? {} : { status: options.status },
    });
  }
}

/** The model's answer was not the JSON we asked for, even after one retry. */
export class MalformedAnswerError extends AppError {
  constructor(reason: string) {
    super(`LLM answer malformed: ${reason}`, { stage: 'llm', code: 'UNAVAILABLE', retriable: false });
  }
}
