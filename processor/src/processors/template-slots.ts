import type { Severity } from '../domain/log-record.js';
import type { DetectorResult } from '../detectors/index.js';

/** An incident opened by a new or rare template, that later lines of the template continue. */
export interface OpenIncident {
  start: number;
  last: number;
  score: number;
}

/**
 * What the detect stage keeps per template, in one record: a line costs one lookup by template
 * id instead of one per map (embedding, service, level, incident, window count).
 */
export interface TemplateSlot {
  readonly id: string;
  /** Undefined until the template was embedded (a spent budget defers it). */
  embedding: Float32Array | undefined;
  /** Service that last logged the template (for template-scope findings). */
  service: string | undefined;
  /** Most severe level the template was logged with. */
  level: Severity | undefined;
  incident: OpenIncident | undefined;
  /** Lines in window number `windowSeq` (a count of an older window is stale). */
  windowCount: number;
  windowSeq: number;
  /** Semantic severity at level `severityLevel` (fixed once computed: meaning does not change). */
  severity: DetectorResult | undefined;
  severityLevel: Severity | undefined;
  /** Semantic-outlier score as of clustering run `outlierVersion`. */
  outlier: DetectorResult | undefined;
  outlierVersion: number;
}

/** Template slots by id, created on first use. */
export class TemplateSlots {
  private readonly slots = new Map<string, TemplateSlot>();

  get(id: string): TemplateSlot | undefined {
    return this.slots.get(id);
  }

  /** The slot of `id`, created empty if the template is new. */
  of(id: string): TemplateSlot {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = {
        id, embedding: undefined, service: undefined, level: undefined, incident: undefined, windowCount: 0, windowSeq: -1,
        severity: undefined, severityLevel: undefined, outlier: undefined, outlierVersion: -1,
      };
      this.slots.set(id, slot);
    }
    return slot;
  }
}

/**
 * Template counts of one window, kept on the slots: `add` is a field update per line, and
 * `counts` lists templates in order of first appearance, as a Map filled line by line would.
 */
export class WindowCounts {
  private readonly slots: TemplateSlot[] = [];

  constructor(private readonly seq: number) {}

  add(slot: TemplateSlot): void {
    if (slot.windowSeq !== this.seq) {
      slot.windowSeq = this.seq;
      slot.windowCount = 0;
      this.slots.push(slot);
    }
    slot.windowCount++;
  }

  get size(): number {
    return this.slots.length;
  }

  counts(): Map<string, number> {
    return new Map(this.slots.map((s) => [s.id, s.windowCount]));
  }
}
