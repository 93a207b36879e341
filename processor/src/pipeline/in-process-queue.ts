/**
 * The embedded stand-in for a Kafka topic: a bounded FIFO between the receiver and the
 * pipeline. `push` waits while the queue is full, so a fast reader cannot outrun a slow
 * database (the same backpressure a consumer gets from pausing its partitions).
 */
export class InProcessQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private closed = false;
  private failure: Error | undefined;
  private readonly waitingReaders: Array<() => void> = [];
  private readonly waitingWriters: Array<() => void> = [];

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`queue capacity must be a positive integer (got ${capacity})`);
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an item; resolves once there is room. Throws if the queue was closed. */
  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.waitingWriters.push(resolve));
    }
    if (this.closed) throw new Error('push on a closed queue');
    this.items.push(item);
    this.wake(this.waitingReaders);
  }

  /** No more items: readers drain what is left and then stop. */
  close(): void {
    this.closed = true;
    this.wake(this.waitingReaders, true);
    this.wake(this.waitingWriters, true);
  }

  /** Aborts both sides: readers throw `error` once the queue is drained, writers are released. */
  fail(error: unknown): void {
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) {
        this.wake(this.waitingWriters);
        yield item;
        continue;
      }
      if (this.closed) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => this.waitingReaders.push(resolve));
    }
  }

  private wake(waiters: Array<() => void>, all = false): void {
    const count = all ? waiters.length : Math.min(1, waiters.length);
    for (const resolve of waiters.splice(0, count)) resolve();
  }
}
