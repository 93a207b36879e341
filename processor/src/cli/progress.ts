/**
 * A one-line progress display on stderr for long work, only when stderr is a terminal, so
 * pipes, CI logs and `--json` output stay clean.
 */
export class Progress {
  private timer: NodeJS.Timeout | null = null;
  private readonly started = performance.now();

  constructor(
    private readonly label: string,
    private readonly read: () => number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  start(): this {
    if (!this.stream.isTTY) return this;
    this.timer = setInterval(() => this.draw(), 250);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.stream.write('\r\u001b[2K');
  }

  private draw(): void {
    const count = this.read();
    const seconds = (performance.now() - this.started) / 1000;
    const rate = Math.round(count / Math.max(seconds, 1e-9));
    this.stream.write(`\r\u001b[2K${this.label}: ${count.toLocaleString('en')} lines, ${rate.toLocaleString('en')} lines/s, ${seconds.toFixed(0)} s`);
  }
}
