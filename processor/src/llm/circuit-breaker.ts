import { CircuitOpenError } from './llm-errors.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  readonly openMs: number;
  readonly now?: () => number;
}

/**
 * Classic three-state breaker. While open, calls fail at once with {@link CircuitOpenError}, so a
 * dead endpoint costs the pipeline nothing instead of a timeout per anomaly. After `openMs` one
 * probe is let through; its success closes the circuit, its failure re-opens it.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: CircuitState = 'closed';
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) return 'half_open';
    return this.current;
  }

  /** Runs `call` through the breaker; `isFailure` decides which errors count (default: all). */
  async exec<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
    this.admit();
    try {
      const value = await call();
      this.onSuccess();
      return value;
    } catch (error) {
      if (isFailure(error)) this.onFailure();
      else this.probing = false;
      throw error;
    }
  }

  private admit(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half_open' && !this.probing) {
      this.probing = true;
      return;
    }
    const wait = state === 'open' ? this.options.openMs - (this.now() - this.openedAt) : this.options.openMs;
    throw new CircuitOpenError(Math.max(0, wait));
  }

  private onSuccess(): void {
    this.failures = 0;
    this.probing = false;
    this.current = 'closed';
  }

  private onFailure(): void {
    this.failures += 1;
    if (this.probing || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.now();
    }
    this.probing = false;
  }
}
