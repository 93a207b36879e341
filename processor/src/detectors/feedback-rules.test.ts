import { describe, expect, it, vi } from 'vitest';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { PublishFilterExporter } from '../exporters/publish-filter.exporter.js';
import type { Batch } from '../pipeline/stage.js';
import { emptyBatch } from '../pipeline/stage.js';
import { FeedbackProcessor, type FeedbackRuleSource } from '../processors/feedback.processor.js';
import { makeRecord } from '../storage/testing/fixtures.js';
import { FeedbackRules } from './feedback-rules.js';

const at = new Date('2026-03-01T00:00:00Z');

function finding(templateId: string | null, score: number, method = 'new_template', logKey: string | null = null): AnomalyFinding {
  return { scope: logKey ? 'line' : 'template', method, score, isAnomaly: true, templateId, service: 'web', windowStart: at, windowEnd: at, logKey, reasons: [method], evidence: { signals: [] } };
}

function batchOf(...findings: AnomalyFinding[]): Batch {
  const batch = emptyBatch([makeRecord(1), makeRecord(4)]);
  batch.anomalies.push(...findings);
  return batch;
}

describe('FeedbackRules', () => {
  it('marks findings of muted templates muted and leaves the others alone', () => {
    const rules = new FeedbackRules({ mutedTemplates: ['t1'], falsePositives: [] });
    const other = finding('t2', 0.9);
    const batch = batchOf(finding('t1', 0.9), other, finding(null, 0.9));
    expect(rules.apply(batch)).toEqual({ muted: 1, suppressed: 0 });
    expect(batch.anomalies.map((f) => f.status)).toEqual(['muted', undefined, undefined]);
    expect(batch.anomalies[0]?.isAnomaly).toBe(true);
    expect(batch.anomalies[1]).toBe(other);
  });

  it('raises the bar of a (template, method) pair per net false positive, for that pair only', () => {
    const rules = new FeedbackRules({ mutedTemplates: [], falsePositives: [{ templateId: 't1', method: 'new_template', count: 2 }] });
    expect(rules.bar(1)).toBeCloseTo(0.75);
    expect(rules.bar(2)).toBeCloseTo(0.875);
    const batch = batchOf(finding('t1', 0.8), finding('t1', 0.9), finding('t1', 0.8, 'rate_spike'));
    expect(rules.apply(batch)).toEqual({ muted: 0, suppressed: 1 });
    const [low, high, otherMethod] = batch.anomalies;
    expect(low).toMatchObject({ isAnomaly: false, status: 'dismissed', evidence: { feedback: { falsePositives: 2, bar: 0.875 } } });
    expect(low?.reasons).toContain('suppressed_by_feedback');
    expect(high).toMatchObject({ isAnomaly: true, evidence: { feedback: { falsePositives: 2 } } });
    expect(high?.status).toBeUndefined();
    expect(otherMethod?.isAnomaly).toBe(true);
  });

  it('clears the line flag of a suppressed line finding unless another finding still holds it', () => {
    const rules = new FeedbackRules({ mutedTemplates: [], falsePositives: [{ templateId: 't1', method: 'combined', count: 1 }] });
    const batch = batchOf(finding('t1', 0.6, 'combined', 'file:app.log:1'), finding('t1', 0.7, 'combined', 'file:app.log:4'), finding('t2', 0.9, 'combined', 'file:app.log:4'));
    rules.apply(batch);
    expect(batch.records.map((r) => r.isAnomaly)).toEqual([false, true]);
  });
});

describe('FeedbackProcessor', () => {
  it('does not let a hanging database hold a batch longer than a second; the old rules apply meanwhile', async () => {
    vi.useFakeTimers();
    try {
      const src: FeedbackRuleSource = { version: () => new Promise<string>(() => undefined), loadRules: () => new Promise(() => undefined) };
      const processor = new FeedbackProcessor(src, { refreshMs: 0 }, undefined, () => 0, () => undefined);
      let done = false;
      const batch = batchOf(finding('t1', 0.9));
      const processing = processor.process(batch).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(2);
      await processing;
      expect(done).toBe(true);
      expect(batch.anomalies[0]?.status).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells a listener that threw again at the next check', async () => {
    let calls = 0;
    const src: FeedbackRuleSource = { version: () => Promise.resolve('1'), loadRules: () => Promise.resolve({ version: '1', mutedTemplates: ['t9'], falsePositives: [] }) };
    const processor = new FeedbackProcessor(src, { refreshMs: 0 }, undefined, () => 0, () => {
      calls += 1;
      if (calls === 1) throw new Error('listener bug');
    });
    await processor.process(batchOf());
    await processor.process(batchOf());
    expect(calls).toBe(2);
  });

  it('tells its listener about new rules even for a batch without findings', async () => {
    const heard: string[][] = [];
    const src: FeedbackRuleSource = {
      version: () => Promise.resolve('1'),
      loadRules: () => Promise.resolve({ version: '1', mutedTemplates: ['t9'], falsePositives: [] }),
    };
    const processor = new FeedbackProcessor(src, { refreshMs: 0 }, undefined, () => 0, (rules) => heard.push([...rules.mutedTemplates]));
    await processor.process(batchOf());
    expect(heard).toEqual([['t9']]);
    // without a listener an empty batch costs no query at all
    const quiet = new FeedbackProcessor({ version: () => Promise.reject(new Error('not called')), loadRules: () => Promise.reject(new Error('not called')) }, { refreshMs: 0 });
    await quiet.process(batchOf());
    expect(quiet.stats.refreshFailures).toBe(0);
  });

  it('picks up new feedback after refreshMs, reloading only when the version moved', async () => {
    let now = 0;
    const state = { version: '0', muted: [] as string[], loads: 0 };
    const src: FeedbackRuleSource = {
      version: () => Promise.resolve(state.version),
      loadRules: () => {
        state.loads += 1;
        return Promise.resolve({ version: state.version, mutedTemplates: [...state.muted], falsePositives: [] });
      },
    };
    const processor = new FeedbackProcessor(src, { refreshMs: 1000 }, undefined, () => now);
    await processor.process(batchOf(finding('t1', 0.9)));
    expect(state.loads).toBe(1);
    state.version = '1';
    state.muted = ['t1'];
    now = 500; // within refreshMs: the old rules still apply
    const early = batchOf(finding('t1', 0.9));
    await processor.process(early);
    expect(early.anomalies[0]?.status).toBeUndefined();
    now = 1500;
    const late = batchOf(finding('t1', 0.9));
    await processor.process(late);
    expect(late.anomalies[0]?.status).toBe('muted');
    now = 3000; // version unchanged: no reload
    await processor.process(batchOf(finding('t1', 0.9)));
    expect(state.loads).toBe(2);
    expect(processor.stats).toMatchObject({ muted: 2, reloads: 2, refreshFailures: 0 });
  });

  it('keeps the previous rules when the refresh fails', async () => {
    let fail = false;
    const src: FeedbackRuleSource = {
      version: () => (fail ? Promise.reject(new Error('db down')) : Promise.resolve('1')),
      loadRules: () => Promise.resolve({ version: '1', mutedTemplates: ['t1'], falsePositives: [] }),
    };
    const processor = new FeedbackProcessor(src, { refreshMs: 0 });
    await processor.process(batchOf(finding('t1', 0.9)));
    fail = true;
    const batch = batchOf(finding('t1', 0.9));
    await processor.process(batch);
    expect(batch.anomalies[0]?.status).toBe('muted');
    expect(processor.stats.refreshFailures).toBe(1);
  });
});

describe('PublishFilterExporter', () => {
  it('hides muted findings from the wrapped publisher only', async () => {
    const seen: AnomalyFinding[][] = [];
    const exporter = new PublishFilterExporter({ name: 'bus', export: (b) => Promise.resolve(void seen.push(b.anomalies)) });
    const batch = batchOf({ ...finding('t1', 0.9), status: 'muted' }, finding('t2', 0.9));
    await exporter.export(batch);
    expect(exporter.name).toBe('bus');
    expect(seen[0]?.map((f) => f.templateId)).toEqual(['t2']);
    expect(batch.anomalies).toHaveLength(2);
  });
});
