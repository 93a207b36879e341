import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../domain/errors.js';
import { lineLabels } from './scoring/line-labels.js';
import { generateScenario } from './scenario.generator.js';
import { INCIDENT_KINDS, type IncidentLabel, type Scenario } from './scenario.types.js';

let s: Scenario;
beforeAll(() => {
  s = generateScenario({ seed: 42 });
});

const ms = (iso: string): number => Date.parse(iso);
const inWindow = (l: IncidentLabel, t: number): boolean => t >= ms(l.start) && t < ms(l.end);
const ofKind = (kind: IncidentLabel['kind']): IncidentLabel[] => s.labels.filter((l) => l.kind === kind);
/** The ground-truth template key of a label's lines (all lines of a spike/latency label share one). */
const keyOf = (l: IncidentLabel): string => s.lineTemplates[(l.lineNumbers[0] ?? 0) - 1] ?? '';
function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.floor(a.length / 2)] ?? NaN;
}

describe('generateScenario: shape', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const a = generateScenario({ seed: 5, durationMinutes: 30, linesPerMinute: 300 });
    const b = generateScenario({ seed: 5, durationMinutes: 30, linesPerMinute: 300 });
    const c = generateScenario({ seed: 6, durationMinutes: 30, linesPerMinute: 300 });
    expect(b.lines).toEqual(a.lines);
    expect(b.labels).toEqual(a.labels);
    expect(c.lines.slice(0, 50)).not.toEqual(a.lines.slice(0, 50));
  });

  it('produces ~120k lines by default, in time order, from every service', () => {
    expect(s.lines.length).toBeGreaterThan(100_000);
    expect(s.lines.length).toBeLessThan(145_000);
    expect(s.lineTimes.every((t, i) => i === 0 || t >= (s.lineTimes[i - 1] ?? 0))).toBe(true);
    expect(new Set(s.lineServices)).toEqual(new Set(s.services));
    expect(s.services).toHaveLength(8);
  });

  it('scales volume with linesPerMinute and durationMinutes', () => {
    const small = generateScenario({ seed: 1, durationMinutes: 20, linesPerMinute: 200, incidents: 0, decoys: false });
    expect(small.lines.length).toBeGreaterThan(20 * 200 * 0.7);
    expect(small.lines.length).toBeLessThan(20 * 200 * 1.4);
    expect(small.labels).toEqual([]);
  });

  it('injects every kind by default, after the warm-up, without overlapping windows', () => {
    expect(s.labels).toHaveLength(8);
    expect(new Set(s.labels.map((l) => l.kind))).toEqual(new Set(INCIDENT_KINDS));
    const t0 = s.options.start.getTime();
    const windows = [...s.labels, ...s.decoys].map((l) => [ms(l.start), ms(l.end)] as const).sort((a, b) => a[0] - b[0]);
    expect(windows[0]![0]).toBeGreaterThanOrEqual(t0 + 0.25 * 120 * 60_000);
    windows.forEach(([start], i) => i > 0 && expect(start).toBeGreaterThan(windows[i - 1]![1]));
  });

  it('honours an explicit list of kinds and rejects bad options with every issue', () => {
    const r = generateScenario({ seed: 2, durationMinutes: 40, linesPerMinute: 200, incidents: ['rate_spike', 'rate_spike'], decoys: false });
    expect(r.labels.map((l) => l.kind)).toEqual(['rate_spike', 'rate_spike']);
    expect(() => generateScenario({ durationMinutes: -1, linesPerMinute: 0 })).toThrow(ConfigError);
    try {
      generateScenario({ durationMinutes: -1, linesPerMinute: 0 });
    } catch (e) {
      expect((e as ConfigError).issues).toHaveLength(2);
    }
  });

  it('marks exactly the labelled lines in lineLabels', () => {
    const flags = lineLabels(s);
    const labelled = new Set(s.labels.flatMap((l) => l.lineNumbers));
    expect(flags.filter(Boolean).length).toBe(labelled.size);
    expect(labelled.size).toBeGreaterThan(0);
  });
});

describe('generateScenario: incidents', () => {
  it('never shows a new error or semantic failure text before its start, and labels every line of it', () => {
    for (const l of [...ofKind('new_error'), ...ofKind('semantic_failure')]) {
      const hint = l.templateHint ?? '';
      const hits = s.lines.flatMap((line, i) => (s.lineServices[i] === l.service && line.includes(hint) ? [i + 1] : []));
      expect(hits.length).toBeGreaterThan(0);
      for (const n of hits) expect(inWindow(l, s.lineTimes[n - 1]!)).toBe(true);
      expect(l.lineNumbers).toEqual(expect.arrayContaining(hits));
    }
  });

  it('stops a periodic template only inside a disappearance window', () => {
    for (const l of ofKind('disappearance')) {
      const times = s.lines.flatMap((line, i) => (s.lineServices[i] === l.service && line.includes(l.templateHint ?? '') ? [s.lineTimes[i]!] : []));
      expect(times.filter((t) => inWindow(l, t))).toEqual([]);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      const windowMs = ms(l.end) - ms(l.start);
      // One gap spans the window; every other gap is about one period.
      expect(gaps.filter((g) => g >= windowMs)).toHaveLength(1);
      expect(median(gaps)).toBeLessThan(windowMs / 3);
      expect(l.lineNumbers).toEqual([]);
    }
  });

  it('shifts the duration parameter only inside a latency-shift window', () => {
    const duration = /(?:rt=|durationMs":|duration_ms=|duration: | in )(\d+(?:\.\d+)?)/;
    for (const l of ofKind('latency_shift')) {
      const key = keyOf(l);
      const inside: number[] = [];
      const outside: number[] = [];
      s.lines.forEach((line, i) => {
        if (s.lineTemplates[i] !== key) return;
        const m = duration.exec(line);
        if (m) (inWindow(l, s.lineTimes[i]!) ? inside : outside).push(Number(m[1]));
      });
      expect(inside.length).toBeGreaterThan(5);
      expect(median(inside) / median(outside)).toBeGreaterThan(5);
      // Same template text: the line still carries the template's hint.
      for (const n of l.lineNumbers) expect(s.lines[n - 1]).toContain(l.templateHint);
    }
  });

  it('raises a normally rare template tenfold or more during a rate spike', () => {
    for (const l of ofKind('rate_spike')) {
      const key = keyOf(l);
      let inside = 0;
      let outside = 0;
      s.lineTemplates.forEach((k, i) => {
        // Count events, not lines: continuation lines share the first line's time and key.
        const firstLine = i === 0 || s.lineTimes[i - 1] !== s.lineTimes[i] || s.lineTemplates[i - 1] !== k;
        if (k !== key || !firstLine) return;
        if (inWindow(l, s.lineTimes[i]!)) inside++;
        else outside++;
      });
      const windowMin = (ms(l.end) - ms(l.start)) / 60_000;
      expect(outside).toBeGreaterThan(0);
      expect(inside / windowMin).toBeGreaterThan((10 * outside) / (120 - windowMin));
    }
  });

  it('drops a service’s volume during a traffic drop', () => {
    for (const l of ofKind('traffic_drop')) {
      const count = (from: number, to: number): number => s.lineTimes.filter((t, i) => t >= from && t < to && s.lineServices[i] === l.service).length / ((to - from) / 60_000);
      const during = count(ms(l.start), ms(l.end));
      const before = count(ms(l.start) - 10 * 60_000, ms(l.start));
      expect(during).toBeLessThan(before * 0.5);
    }
  });

  it('has WARN/ERROR background noise in the clean warm-up, so errors alone do not mean incidents', () => {
    const warmupEnd = s.options.start.getTime() + 30 * 60_000;
    const noisy = s.lines.filter((line, i) => s.lineTimes[i]! < warmupEnd && /\b(ERROR|WARN|warn|error|FATAL|\[error\]|" (?:404|401|502|504) )/.test(line));
    expect(noisy.length).toBeGreaterThan(300);
  });

  it('adds benign decoys: a deploy with new startup lines and batch bursts seen before in the warm-up', () => {
    const deploy = s.decoys.find((d) => d.kind === 'deploy');
    expect(deploy?.lineNumbers.length).toBeGreaterThan(0);
    const version = deploy?.templateHint ?? '';
    expect(s.lines.filter((line) => line.includes(version)).length).toBe(1);
    const batch = s.decoys.find((d) => d.kind === 'batch_burst');
    const batchHint = batch?.templateHint ?? '';
    const first = s.lines.findIndex((line) => line.includes(batchHint));
    expect(s.lineTimes[first]!).toBeLessThan(s.options.start.getTime() + 30 * 60_000);
    expect(batch?.lineNumbers.length).toBeGreaterThan(100);
  });
});

describe.each([1, 2, 3])('generateScenario: invariants for seed %i', (seed) => {
  const r = generateScenario({ seed, durationMinutes: 40, linesPerMinute: 400 });
  const t0 = r.options.start.getTime();

  it('keeps every label after the warm-up and inside the timeline', () => {
    expect(r.labels.length).toBe(8);
    for (const l of r.labels) {
      expect(ms(l.start)).toBeGreaterThanOrEqual(t0 + 10 * 60_000);
      expect(ms(l.end)).toBeLessThanOrEqual(t0 + 40 * 60_000);
      expect(ms(l.end)).toBeGreaterThan(ms(l.start));
    }
  });

  it('gives line-level labels lines inside their window, and absences none', () => {
    for (const l of r.labels) {
      const absence = l.kind === 'disappearance' || l.kind === 'traffic_drop';
      expect(l.lineNumbers.length > 0).toBe(!absence);
      for (const n of l.lineNumbers) {
        expect(r.lineServices[n - 1]).toBe(l.service);
        expect(inWindow(l, r.lineTimes[n - 1]!)).toBe(true);
      }
    }
  });

  it('never emits new-text incident wording outside its window', () => {
    for (const l of r.labels.filter((x) => x.kind === 'new_error' || x.kind === 'semantic_failure')) {
      r.lines.forEach((line, i) => {
        if (line.includes(l.templateHint ?? '')) expect(inWindow(l, r.lineTimes[i]!)).toBe(true);
      });
    }
  });
});
