/**
 * Turns a stream of repeated findings into one finding per incident: a (key, signal) pair
 * fires again only after `gapMs` of silence. Keeps one timestamp per pair.
 */
export class IncidentDedup {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly gapMs: number) {}

  /** True when this occurrence opens a new incident (and should be reported). */
  open(key: string, signal: string, time: number): boolean {
    const id = `${key}\u0000${signal}`;
    const last = this.lastSeen.get(id);
    this.lastSeen.set(id, time);
    return last === undefined || time - last > this.gapMs;
  }
}
