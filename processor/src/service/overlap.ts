/**
 * Runs tasks one at a time in call order, whoever calls: the stateful processors (miner,
 * detectors) see one batch at a time even when several partitions are consumed concurrently.
 */
export class SerialLane {
  private tail: Promise<unknown> = Promise.resolve();

  /** Queues `task` behind every task queued before it; its result or error is the caller's. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(task);
    // The lane moves on after a failure too: the error belongs to the caller, not the next task.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * A counting semaphore that bounds how many batches have an export (database commit, publish)
 * in flight, so overlapping I/O with processing cannot queue unbounded work and memory.
 */
export class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`slots must be a positive integer, got ${size}`);
    this.free = size;
  }

  /** Resolves once a slot is taken; pair every call with exactly one `release`. */
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the oldest waiter, so `free` never overshoots.
    if (next) next();
    else this.free = Math.min(this.size, this.free + 1);
  }

  /** Slots free right now (for tests and metrics). */
  get available(): number {
    return this.free;
  }
}
