import type { AnomalyEvidence, AnomalyFinding, AnomalyScope } from '../domain/anomaly.js';
import { isBudgetRefusal } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import { silentLogger } from '../domain/logger.js';
import { SEVERITIES, type Severity } from '../domain/log-record.js';
import type { Batch, PipelineRecord, Processor } from '../pipeline/stage.js';
import type { CachedEmbedder } from '../embeddings/embedding-provider.js';
import {
  Combiner, FailureEventDetector, NewTemplateDetector, ParamShiftDetector, RateDetector, SemanticOutlierDetector, SemanticSeverityDetector,
  SessionDetector, WindowForestDetector, parseRateKey, type DetectEvent, type DetectorResult, type LineWeights, type RateFinding, type TemplateCluster, type Verdict,
} from '../detectors/index.js';
import type { WordVectorsOf } from '../detectors/severity.detector.js';
import { IncidentDedup } from '../detectors/incident-dedup.js';
import type { FeedbackRuleSet } from '../detectors/feedback-rules.js';
import { SessionTracker } from '../detectors/session-tracker.js';
import { detectProcessorConfigSchema, type DetectProcessorConfig } from './detect.config.js';
import { IncidentContinuation } from './incident-continuation.js';
import { TemplateSlots, WindowCounts, type TemplateSlot } from './template-slots.js';

export { detectProcessorConfigSchema, type DetectProcessorConfig } from './detect.config.js';

const NO_SIGNAL: DetectorResult = { score: 0, evidence: {} };
const NO_REASONS: string[] = [];
const NO_EVIDENCE: AnomalyEvidence = { signals: [] };

/** Scored session (available after `flush`). */
export interface SessionVerdict extends Verdict {
  readonly key: string;
  readonly lines: number;
}

/**
 * The detect stage: scores each record (prequential: score, then learn), fills
 * `score`/`isAnomaly`/`reasons`, and appends deduplicated findings for templates, windows and
 * (at flush) sessions. Templates are embedded once each, through the cached embedder.
 */
export class DetectProcessor implements Processor {
  readonly stage = 'detect' as const;
  readonly config: DetectProcessorConfig;
  private readonly novelty: NewTemplateDetector;
  private readonly rate: RateDetector;
  private readonly forest: WindowForestDetector;
  private readonly semantic: SemanticOutlierDetector;
  private readonly params: ParamShiftDetector;
  private readonly failure: FailureEventDetector;
  private readonly sessionModel: SessionDetector;
  private readonly combiner: Combiner;
  private readonly tracker: SessionTracker;
  private readonly dedup: IncidentDedup;
  private readonly failureDedup: IncidentDedup;
  private readonly incidents: IncidentContinuation;
  private severity: SemanticSeverityDetector | null = null;
  /** Embedding, service, level, incident and window count of each template. */
  private readonly slots = new TemplateSlots();
  private readonly texts = new Map<string, string>();
  private readonly aliases = new Map<string, string>();
  private window: { start: number; counts: WindowCounts; severities: Partial<Record<Severity, number>> } | null = null;
  private windowSeq = 0;
  private index = 0;
  /** Time of the last timestamped line; NaN until one arrives (a number field: no box per line). */
  private lastTime = Number.NaN;
  /** Records that arrived without a template (not scored). */
  skipped = 0;
  sessionVerdicts: SessionVerdict[] = [];

  constructor(
    config: Partial<DetectProcessorConfig> = {},
    private readonly embedder: CachedEmbedder,
    private readonly logger: Logger = silentLogger,
  ) {
    this.config = detectProcessorConfigSchema.parse(config);
    const d = this.config.detectors;
    this.enabled = new Set(d.enabled);
    this.lineSignalsOn = { novelty: this.on('new_template'), severity: this.on('semantic_severity'), semanticOutlier: this.on('semantic_outlier'), rate: this.on('rate'), paramShift: this.on('param_shift'), failure: this.on('failure_event') && this.on('semantic_severity') };
    this.novelty = new NewTemplateDetector(d.newTemplate);
    this.rate = new RateDetector(d.rate);
    this.forest = new WindowForestDetector(d.windowForest);
    this.semantic = new SemanticOutlierDetector(d.semanticOutlier);
    this.params = new ParamShiftDetector(d.paramShift);
    this.failure = new FailureEventDetector(d.failureEvent);
    this.sessionModel = new SessionDetector(d.session);
    this.combiner = new Combiner(d.combiner);
    this.tracker = new SessionTracker(this.config.groupBy, this.config.useTraceId, this.config.maxSessions);
    this.dedup = new IncidentDedup(this.config.incidentGapWindows * d.rate.windowMs);
    this.failureDedup = new IncidentDedup(this.config.failureIncidentGapWindows * d.rate.windowMs);
    this.incidents = new IncidentContinuation(this.config.incidentGapWindows * d.rate.windowMs, this.config.incidentMaxWindows * d.rate.windowMs, d.combiner.threshold);
  }

  /** Switched-on detectors (a Set, not an array scan). */
  private readonly enabled: ReadonlySet<string>;
  /** The per-line signals switched on, resolved once: `scoreLine` runs for every line. */
  private readonly lineSignalsOn: { readonly novelty: boolean; readonly severity: boolean; readonly semanticOutlier: boolean; readonly rate: boolean; readonly paramShift: boolean; readonly failure: boolean };

  private on(name: (typeof this.config.detectors.enabled)[number]): boolean {
    return this.enabled.has(name);
  }

  /** Null while the failure concepts cannot be embedded (a spent budget): severity is skipped, retried next batch. */
  private async init(): Promise<SemanticSeverityDetector | null> {
    if (this.severity !== null) return this.severity;
    try {
      return await this.initSeverity();
    } catch (error) {
      if (isBudgetRefusal(error)) return null;
      throw error;
    }
  }

  private async initSeverity(): Promise<SemanticSeverityDetector> {
    const cfg = this.config.detectors.severity;
    const embed = async (words: string[]): Promise<Array<{ concept: string; vector: Float32Array }>> =>
      (await this.embedder.provider.embed(words)).map((vector, i) => ({ concept: words[i] as string, vector }));
    const provider = this.embedder.provider as { wordVectors?: WordVectorsOf };
    const words = typeof provider.wordVectors === 'function' ? provider.wordVectors.bind(provider) : undefined;
    this.severity = new SemanticSeverityDetector(await embed(cfg.failureConcepts), await embed(cfg.normalConcepts), cfg, words);
    return this.severity;
  }

  /**
   * Embeds the batch's templates that have no embedding yet. Returns each record's template slot
   * (undefined without a template), looked up here once for the scoring loop as well.
   */
  private async embedNewTemplates(records: readonly PipelineRecord[]): Promise<Array<TemplateSlot | undefined>> {
    const fresh = new Map<string, string>();
    const slots = new Array<TemplateSlot | undefined>(records.length);
    for (let i = 0; i < records.length; i++) {
      const t = (records[i] as PipelineRecord).template;
      if (t === undefined) continue;
      // an empty slot reads like no slot to every other reader (no embedding, service or level)
      const slot = this.slots.of(t.id);
      slots[i] = slot;
      if (slot.embedding === undefined) fresh.set(t.id, t.text);
    }
    if (fresh.size === 0) return slots;
    const list = [...fresh].map(([id, text]) => ({ id, text }));
    const vectors = await this.embedder.embedAvailable(list);
    list.forEach((t, i) => {
      const embedding = vectors[i];
      // Refused by the daily budget: no embedding yet, asked again with a later batch.
      if (embedding === undefined) return;
      this.slots.of(t.id).embedding = embedding;
      this.texts.set(t.id, t.text);
      if (this.on('semantic_outlier')) this.semantic.learn({ ...t, embedding });
    });
    return slots;
  }

  private timeOf(r: PipelineRecord): number {
    const ts = r.record.timestamp?.getTime();
    if (ts !== undefined && Number.isFinite(ts)) this.lastTime = ts;
    if (!Number.isNaN(this.lastTime)) return this.lastTime;
    // no timestamps: pseudo-time so that `pseudoLinesPerWindow` lines fill one rate window
    return Math.floor((this.index * this.config.detectors.rate.windowMs) / this.config.pseudoLinesPerWindow);
  }

  async process(batch: Batch): Promise<void> {
    const severity = await this.init();
    // The template stage moves a batch to final ids and lists what generalised; carry history over.
    for (const { from, to } of batch.templateAliases ?? []) this.alias(from, to);
    const records = batch.records;
    const slots = await this.embedNewTemplates(records);
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as PipelineRecord;
      const t = r.template;
      if (t === undefined) {
        this.skipped++;
        continue;
      }
      const aliasOf = (t as { aliasOf?: string }).aliasOf;
      if (aliasOf !== undefined) this.alias(aliasOf, t.id);
      const record = r.record;
      const e: DetectEvent = { index: this.index, time: this.timeOf(r), pseudoTime: Number.isNaN(this.lastTime), templateId: t.id, templateText: t.text, params: t.params, severity: record.severity, service: record.service, attributes: record.attributes };
      this.index++;
      this.rollWindow(e, batch);
      const slot = slots[i] as TemplateSlot;
      const embedding = slot.embedding ?? new Float32Array(this.embedder.provider.dimensions);
      const open = slot.incident;
      const fired = this.weighLine(e, slot, embedding, severity);
      const w = this.weights;
      let score: number;
      let reasons: string[];
      if (!fired && w.score < this.combiner.config.threshold && !this.incidents.continues(e.time, open)) {
        // the hot path: nothing fired and no incident goes on, so no verdict, reasons or evidence to build
        score = w.score;
        r.score = score;
        r.isAnomaly = false;
        reasons = NO_REASONS;
        r.reasons = [];
      } else {
        let verdict = this.incidents.apply(e.time, fired ? this.scoreLine(e) : this.quietVerdict(w.score), slot);
        // Weak signals together crossed the threshold: same score, but the line names them. Its
        // finding keeps the method `combined`, its own dedup and feedback key, as before.
        let weak = false;
        if (verdict.isAnomaly && verdict.reasons.length === 0) {
          const { reasons: named, evidence } = this.scoreLine(e);
          verdict = { ...verdict, reasons: named, evidence };
          weak = true;
        }
        score = verdict.score;
        reasons = verdict.reasons;
        r.score = score;
        r.isAnomaly = verdict.isAnomaly;
        // a fresh array per record: later stages may append to it
        r.reasons = reasons.length === 0 ? [] : reasons;
        if (verdict.isAnomaly) this.reportLine(r, e, verdict, batch, weak ? 'combined' : (verdict.reasons[0] ?? 'combined'));
      }
      this.learnLine(e, slot);
      if (this.tracker.enabled) this.tracker.add(this.tracker.keysOf(record.message, record.traceId), t.id, e.time, score, reasons);
      if (this.rate.hasFindings) this.reportRate(this.rate.drainFindings(), batch);
    }
  }

  /** The verdict the combiner gives a line on which nothing fired. */
  private quietVerdict(score: number): Verdict {
    return { score, isAnomaly: score >= this.combiner.config.threshold, reasons: NO_REASONS, evidence: NO_EVIDENCE };
  }

  /**
   * Feedback that a template's failures are normal here: a muted template, or a net false positive
   * on its `failure_event`, joins the failure background, so its lines stop being flagged too.
   */
  applyFeedback(rules: FeedbackRuleSet): void {
    // Un-muting does not bring a template back out of the background: it stays part of the baseline.
    for (const id of rules.mutedTemplates) this.failure.markBackground(this.resolve(id));
    for (const fp of rules.falsePositives) if (fp.method === 'failure_event' && fp.count > 0) this.failure.markBackground(this.resolve(fp.templateId));
  }

  /** The miner generalised a template (old id → new id): carry its history over. */
  private alias(from: string, to: string): void {
    this.aliases.set(from, to);
    this.novelty.alias(from, to);
    this.failure.alias(from, to);
    this.rate.alias(from, to);
  }

  private resolve(id: string): string {
    let cur = id;
    for (let hops = 0; hops < 100; hops++) {
      const next = this.aliases.get(cur);
      if (next === undefined) break;
      cur = next;
    }
    return cur;
  }

  /** Signals of the line being scored that `scoreLine` reuses (they are not asked twice). */
  private readonly lineResults: { severity: DetectorResult; outlier: DetectorResult; rate: DetectorResult; shift: DetectorResult; failure: DetectorResult } = { severity: NO_SIGNAL, outlier: NO_SIGNAL, rate: NO_SIGNAL, shift: NO_SIGNAL, failure: NO_SIGNAL };
  private readonly weights: LineWeights = { novelty: 0, spike: 0, shift: 0, failure: 0, score: 0 };

  /** Scores every signal of a line into `weights`; true when one of them fired (see `Combiner.weigh`). */
  private weighLine(e: DetectEvent, slot: TemplateSlot, embedding: Float32Array, severity: SemanticSeverityDetector | null): boolean {
    const on = this.lineSignalsOn;
    const res = this.lineResults;
    res.severity = on.severity && severity !== null ? this.severityFor(e, slot, embedding, severity) : NO_SIGNAL;
    res.outlier = on.semanticOutlier ? this.outlierFor(e, slot, embedding) : NO_SIGNAL;
    res.rate = on.rate ? this.rate.score(e) : NO_SIGNAL;
    res.shift = on.paramShift ? this.params.score(e) : NO_SIGNAL;
    res.failure = on.failure ? this.failureFor(e, res.severity) : NO_SIGNAL;
    const novelty = on.novelty ? this.novelty.scoreOf(e) : 0;
    return this.combiner.weigh(novelty, res.severity.score, res.outlier.score, res.rate.score, res.shift.score, res.failure.score, this.weights);
  }

  /** Scores, then learns, the failure-event signal: warmth is read before this line is learned, so the same value decides background. */
  private failureFor(e: DetectEvent, severity: DetectorResult): DetectorResult {
    const input = { templateId: e.templateId, semantic: Number(severity.evidence.semantic ?? 0), level: e.severity, warmth: this.novelty.warmth(e) };
    const result = this.failure.score(input);
    this.failure.learn(input);
    return result;
  }

  /** The template's severity result at the line's level, kept on its slot (the detector's own cache costs two lookups). */
  private severityFor(e: DetectEvent, slot: TemplateSlot, embedding: Float32Array, severity: SemanticSeverityDetector): DetectorResult {
    if (slot.severity !== undefined && slot.severityLevel === e.severity) return slot.severity;
    slot.severity = severity.scoreOf(e.templateId, e.templateText, embedding, e.severity);
    slot.severityLevel = e.severity;
    return slot.severity;
  }

  /** The template's semantic-outlier result, kept on its slot until the next clustering run. */
  private outlierFor(e: DetectEvent, slot: TemplateSlot, embedding: Float32Array): DetectorResult {
    const version = this.semantic.version;
    if (slot.outlier !== undefined && slot.outlierVersion === version) return slot.outlier;
    slot.outlier = this.semantic.scoreOf(e.templateId, e.templateText, embedding);
    slot.outlierVersion = version;
    return slot.outlier;
  }

  /** The full verdict with reasons and evidence, for a line on which a signal fired (after `weighLine`). */
  private scoreLine(e: DetectEvent): Verdict {
    const res = this.lineResults;
    return this.combiner.line({
      novelty: this.lineSignalsOn.novelty ? this.novelty.score(e) : NO_SIGNAL,
      severity: res.severity,
      semanticOutlier: res.outlier,
      rate: res.rate,
      paramShift: res.shift,
      failure: res.failure,
    });
  }

  private learnLine(e: DetectEvent, slot: TemplateSlot): void {
    if (e.service !== null) slot.service = e.service;
    const prev = slot.level;
    // UNKNOWN sorts last in SEVERITIES but means "no level", so it never replaces a real one
    if (prev === e.severity) {
      // unchanged: the common case
    } else if (prev === undefined || prev === 'UNKNOWN' || (e.severity !== 'UNKNOWN' && SEVERITIES.indexOf(e.severity) > SEVERITIES.indexOf(prev))) slot.level = e.severity;
    this.novelty.learn(e);
    this.rate.learn(e);
    this.params.learn(e);
    const w = this.window;
    if (w !== null) {
      w.counts.add(slot);
      w.severities[e.severity] = (w.severities[e.severity] ?? 0) + 1;
    }
  }

  /** Closes the window summary for the IsolationForest when `e` falls past it. */
  private rollWindow(e: DetectEvent, batch: Batch): void {
    const ms = this.config.detectors.rate.windowMs;
    if (this.window !== null && e.time < this.window.start + ms) return;
    if (this.window !== null) this.closeForestWindow(batch);
    this.window = { start: Math.floor(e.time / ms) * ms, counts: new WindowCounts(++this.windowSeq), severities: {} };
  }

  private closeForestWindow(batch: Batch): void {
    const w = this.window;
    if (w === null || w.counts.size === 0 || !this.on('window_iforest')) return;
    const summary = { start: w.start, end: w.start + this.config.detectors.rate.windowMs, templateCounts: w.counts.counts(), severityCounts: w.severities };
    const res = this.forest.score(summary);
    if (res.score >= this.combiner.config.threshold && this.dedup.open('window', 'window_iforest', summary.start)) {
      batch.anomalies.push(this.finding('window', 'window_iforest', res.score, null, summary.start, summary.end, ['window_shape'], {
        signals: [{ detector: 'window_iforest', score: res.score, detail: res.evidence }],
      }));
    }
    this.forest.learn(summary);
  }

  private reportLine(r: PipelineRecord, e: DetectEvent, v: Verdict, batch: Batch, signal: string): void {
    // a continuation line belongs to an incident already reported
    if (v.reasons.includes('ongoing_incident')) return;
    if (!(signal === 'failure_event' ? this.failureDedup : this.dedup).open(e.templateId, signal, e.time)) return;
    const embedding = this.slots.get(e.templateId)?.embedding;
    const nearestNormal = embedding === undefined ? [] : this.semantic.nearest({ id: e.templateId, text: e.templateText, embedding });
    batch.anomalies.push(this.finding('template', signal, v.score, e.templateId, e.time, e.time, v.reasons, { ...v.evidence, nearestNormal, firstLine: r.key }, e.service));
  }

  private reportRate(findings: readonly RateFinding[], batch: Batch): void {
    const { threshold } = this.combiner.config;
    for (const f0 of findings) {
      const { kind, id } = parseRateKey(f0.key);
      const ofTemplate = kind !== 'service';
      // spikes of routine lines (batch jobs, load) are not incidents: weigh by failure semantics;
      // silences are reported as they are (nothing to read the meaning of)
      const sev = ofTemplate ? this.severityOf(id) : 0;
      const f = f0.kind === 'spike' ? { ...f0, score: f0.score * this.combiner.spikeWeight(sev) } : f0;
      if (f.score < threshold) continue;
      const signal = `rate_${f.kind}`;
      // same dedup key as line findings, so a spike seen live and again at window close is one finding
      if (!this.dedup.open(ofTemplate ? id : f.key, signal, f.windowStart)) continue;
      const scope: AnomalyScope = ofTemplate ? 'template' : 'window';
      batch.anomalies.push(this.finding(scope, signal, f.score, ofTemplate ? id : null, f.windowStart, f.windowEnd, [signal], {
        signals: [{ detector: 'rate', score: f.score, detail: { ...f.detail, kind: f.kind, key: f.key } }], observed: f.observed, baseline: f.baseline,
      }, ofTemplate ? (this.slots.get(id)?.service ?? null) : id));
    }
  }

  private finding(scope: AnomalyScope, method: string, score: number, templateId: string | null, start: number, end: number, reasons: readonly string[], evidence: AnomalyFinding['evidence'], service: string | null = null, sessionKey: string | null = null): AnomalyFinding {
    return { scope, method, score, isAnomaly: true, templateId, service, windowStart: new Date(start), windowEnd: new Date(end), sessionKey, reasons: [...reasons], evidence };
  }

  /** End of input: closes open windows, reclusters templates and scores every session. */
  flush(batch: Batch): void {
    this.rate.flush();
    this.reportRate(this.rate.drainFindings(), batch);
    this.closeForestWindow(batch);
    this.window = null;
    if (this.on('semantic_outlier')) this.semantic.recluster();
    if (this.tracker.enabled) this.scoreSessions(batch);
    if (this.tracker.dropped > 0) this.logger.warn({ dropped: this.tracker.dropped }, 'session bound reached; some session keys were not tracked');
  }

  private scoreSessions(batch: Batch): void {
    const sessions = this.tracker.all();
    const inputs = sessions.map((s) => ({ key: s.key, templates: s.templates.map((t) => this.resolve(t)) }));
    for (const input of inputs) this.sessionModel.learn(input);
    this.sessionVerdicts = sessions.map((s, i) => {
      const model = this.on('session') ? this.sessionModel.score(inputs[i] as { key: string; templates: string[] }) : { score: 0, evidence: {} };
      const v = this.combiner.session(model, this.severityOf(typeof model.evidence.rarestTemplate === 'string' ? model.evidence.rarestTemplate : ''));
      if (v.isAnomaly) batch.anomalies.push(this.finding('session', 'session', v.score, null, s.firstTime, s.lastTime, v.reasons, v.evidence, null, s.key));
      return { ...v, key: s.key, lines: s.lines };
    });
  }

  /** Semantic severity of a template, at the most severe level it was logged with. */
  private severityOf(templateId: string): number {
    const slot = this.slots.get(templateId);
    const embedding = slot?.embedding;
    if (this.severity === null || embedding === undefined || !this.on('semantic_severity')) return 0;
    return this.severity.score({ templateId, text: this.texts.get(templateId) ?? '', embedding, level: slot?.level ?? 'INFO' }).score;
  }

  /** Template clusters from the last HDBSCAN run (labels + representatives). */
  get clusters(): readonly TemplateCluster[] {
    return this.semantic.clusters;
  }
}
