import { describe, expect, it } from 'vitest';
import type { LogRecord, Severity } from '../domain/log-record.js';
import { CachedEmbedder, type EmbeddingProvider } from '../embeddings/embedding-provider.js';
import { emptyBatch, type PipelineRecord } from '../pipeline/stage.js';
import { detectorsConfigSchema } from '../detectors/index.js';
import { DetectProcessor } from './detect.processor.js';

/** Toy provider: dimension 0 = failure words, 1 = routine words, 2.. = hashed rest. */
class ToyProvider implements EmbeddingProvider {
  readonly name = 'toy';
  readonly model = 'toy-1';
  readonly dimensions = 8;
  calls = 0;
  embed(texts: string[]): Promise<Float32Array[]> {
    this.calls += texts.length;
    return Promise.resolve(
      texts.map((t) => {
        const v = new Float32Array(8);
        for (const w of t.toLowerCase().split(/\W+/)) {
          if (w === '') continue;
          if (/error|fail|full|timeout|refused|denied|exception|fatal|killed/.test(w)) v[0] = (v[0] as number) + 1;
          else if (/served|ok|success|started|completed|request/.test(w)) v[1] = (v[1] as number) + 1;
          else v[2 + (w.length % 6)] = (v[2 + (w.length % 6)] as number) + 0.3;
        }
        return v;
      }),
    );
  }
}

function rec(i: number, text: string, severity: Severity = 'INFO', params: string[] = [], timeMs = i * 100): PipelineRecord {
  const record: LogRecord = {
    timestamp: new Date(timeMs), observedAt: new Date(0), service: 'api', severity, message: text,
    attributes: {}, traceId: null, spanId: null, source: { receiver: 'test', stream: 's', position: i },
  };
  return { record, key: `k${i}`, template: { id: text.replace(/\W+/g, '_'), text, params, isNew: false } };
}

describe('DetectProcessor', () => {
  it('flags a new failure template, not a new routine one, embeds each template once, and dedups findings', async () => {
    const provider = new ToyProvider();
    const p = new DetectProcessor({ useTraceId: false }, new CachedEmbedder(provider));
    const records: PipelineRecord[] = [];
    // one line every 4 s: the 600-line baseline spans 40 minutes, past the 30-minute novelty warm-up
    const at = (i: number, text: string): PipelineRecord => rec(i, text, 'INFO', [], i * 4000);
    for (let i = 0; i < 600; i++) records.push(at(i, i % 2 === 0 ? 'request served' : 'cache lookup done'));
    records.push(at(600, 'disk full on volume'));
    records.push(at(601, 'worker pool resized'));
    for (let i = 602; i < 620; i++) records.push(at(i, 'disk full on volume'));
    const batch = emptyBatch(records);
    await p.process(batch);
    p.flush(batch);
    const disk = records[600] as PipelineRecord;
    const benign = records[601] as PipelineRecord;
    expect(disk.isAnomaly).toBe(true);
    expect(disk.reasons).toContain('new_template');
    expect(benign.isAnomaly).toBe(false);
    expect((disk.score ?? 0) > (benign.score ?? 1)).toBe(true);
    expect(records.slice(0, 600).filter((r) => r.isAnomaly).length).toBe(0);
    const diskFindings = batch.anomalies.filter((a) => a.templateId === 'disk_full_on_volume' && a.method === 'new_template');
    expect(diskFindings.length).toBe(1);
    expect(diskFindings[0]?.evidence.nearestNormal?.length).toBeGreaterThan(0);
    // 4 templates + concept words, each embedded once
    const conceptCount = p.config.detectors.severity.failureConcepts.length + p.config.detectors.severity.normalConcepts.length;
    expect(provider.calls).toBe(4 + conceptCount);
  });

  it('scores sessions by group-by regex; a session missing its closing event is anomalous', async () => {
    const p = new DetectProcessor({ groupBy: 'blk_\\d+', useTraceId: false }, new CachedEmbedder(new ToyProvider()));
    const records: PipelineRecord[] = [];
    let i = 0;
    for (let s = 0; s < 60; s++) {
      for (const t of ['open block', 'write block', 'write block', 'close block']) {
        if (s === 59 && t === 'close block') continue;
        const r = rec(i++, t);
        records.push({ ...r, record: { ...r.record, message: `${t} blk_${s}` } });
      }
    }
    const batch = emptyBatch(records);
    await p.process(batch);
    p.flush(batch);
    const verdicts = new Map(p.sessionVerdicts.map((v) => [v.key, v]));
    expect(verdicts.size).toBe(60);
    expect(verdicts.get('blk_59')?.isAnomaly).toBe(true);
    expect(verdicts.get('blk_59')?.reasons).toContain('broken_invariant');
    expect([...verdicts.values()].filter((v) => v.isAnomaly).map((v) => v.key)).toEqual(['blk_59']);
    expect(batch.anomalies.some((a) => a.scope === 'session' && a.sessionKey === 'blk_59')).toBe(true);
  });

  it('flags every recurrence of a fatal failure that appeared after the baseline, never the background one', async () => {
    const p = new DetectProcessor({ useTraceId: false }, new CachedEmbedder(new ToyProvider()));
    const records: PipelineRecord[] = [];
    // one line every 4 s (80 min): the password failure is there from the start, the disk failure
    // arrives after the 30-min baseline and recurs every 400 s, long after it stopped being new
    for (let i = 0; i < 1200; i++) {
      const text = i % 50 === 7 ? 'password authentication failed' : i >= 480 && i % 100 === 0 ? 'disk write error on volume' : i % 2 === 0 ? 'request served' : 'cache lookup done';
      records.push(rec(i, text, text.includes('fail') || text.includes('error') ? 'FATAL' : 'INFO', [], i * 4000));
    }
    const batch = emptyBatch(records);
    await p.process(batch);
    p.flush(batch);
    const disk = records.filter((r) => r.record.message.startsWith('disk'));
    const password = records.filter((r) => r.record.message.startsWith('password'));
    expect(disk.length).toBe(7);
    expect(disk.every((r) => r.isAnomaly === true && (r.reasons ?? []).includes('failure_event'))).toBe(true);
    expect(password.some((r) => r.isAnomaly === true)).toBe(false);
    // every line flagged, but a fault that keeps coming within the hour is one finding, not seven
    expect(batch.anomalies.filter((a) => a.templateId === 'disk_write_error_on_volume').map((a) => a.method)).toEqual(['failure_event']);
  });

  it('stops flagging a recurring failure once feedback calls it normal (mute or false positive)', async () => {
    const lines = (from: number, to: number): PipelineRecord[] =>
      Array.from({ length: to - from }, (_, k) => {
        const i = from + k;
        const text = i >= 480 && i % 100 === 0 ? (i % 200 === 0 ? 'disk write error on volume' : 'socket read failure on peer') : i % 2 === 0 ? 'request served' : 'cache lookup done';
        return rec(i, text, text.includes('error') || text.includes('failure') ? 'FATAL' : 'INFO', [], i * 4000);
      });
    const p = new DetectProcessor({ useTraceId: false }, new CachedEmbedder(new ToyProvider()));
    const first = lines(0, 900);
    await p.process(emptyBatch(first));
    expect(first.filter((r) => r.isAnomaly).map((r) => r.record.message)).toEqual(expect.arrayContaining(['disk write error on volume', 'socket read failure on peer']));
    p.applyFeedback({ mutedTemplates: ['disk_write_error_on_volume'], falsePositives: [{ templateId: 'socket_read_failure_on_peer', method: 'failure_event', count: 1 }] });
    const later = lines(900, 1500);
    await p.process(emptyBatch(later));
    expect(later.filter((r) => r.record.message !== 'request served' && r.record.message !== 'cache lookup done').length).toBe(6);
    expect(later.filter((r) => r.isAnomaly).length).toBe(0);
  });

  it('names the signals of a line that no single signal flagged (each below reasonMin, together over the threshold)', async () => {
    // reasonMin above any contribution: whatever flags the new failure line does so only in combination
    const detectors = detectorsConfigSchema.parse({ combiner: { reasonMin: 0.999 } });
    const p = new DetectProcessor({ useTraceId: false, detectors }, new CachedEmbedder(new ToyProvider()));
    const at = (i: number, text: string): PipelineRecord => rec(i, text, 'INFO', [], i * 4000);
    const records = Array.from({ length: 600 }, (_, i) => at(i, i % 2 === 0 ? 'request served' : 'cache lookup done'));
    records.push(at(600, 'disk full on volume'));
    const batch = emptyBatch(records);
    await p.process(batch);
    p.flush(batch);
    const disk = records[600] as PipelineRecord;
    expect(disk.isAnomaly).toBe(true);
    expect(disk.reasons).toContain('new_template');
    const finding = batch.anomalies.find((a) => a.templateId === 'disk_full_on_volume');
    // its own method (dedup and feedback key), now with the reasons and evidence of the line
    expect(finding?.method).toBe('combined');
    expect(finding?.reasons).toEqual(disk.reasons);
    expect(finding?.evidence.signals?.length).toBeGreaterThan(0);
  });

  it('counts records without a template instead of failing', async () => {
    const p = new DetectProcessor({}, new CachedEmbedder(new ToyProvider()));
    const r = rec(0, 'x');
    const batch = emptyBatch([{ record: r.record, key: r.key }]);
    await p.process(batch);
    expect(p.skipped).toBe(1);
  });
});
