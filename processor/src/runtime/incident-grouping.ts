import type { AnomalyFinding } from '../domain/anomaly.js';

/** Several findings about one service close in time: what an on-call person sees as one alert. */
export interface Incident {
  readonly service: string | null;
  readonly start: Date;
  readonly end: Date;
  readonly score: number;
  readonly findings: readonly AnomalyFinding[];
  /** Distinct detector methods that fired, strongest first. */
  readonly methods: readonly string[];
  readonly templateId: string | null;
}

export interface GroupingOptions {
  /** Findings of one service this close (ms) belong to the same incident. Default 120 000. */
  readonly gapMs?: number;
}

/**
 * Groups anomalous findings into incidents: per service, findings are merged while each starts
 * within `gapMs` of the running incident's end. A burst of signals about one outage (a new
 * error template, its rate spike, the window forest) is one incident, not five alerts.
 */
export function groupIncidents(findings: readonly AnomalyFinding[], options: GroupingOptions = {}): Incident[] {
  const gapMs = options.gapMs ?? 120_000;
  const byService = new Map<string, AnomalyFinding[]>();
  for (const finding of findings) {
    if (!finding.isAnomaly) continue;
    const key = finding.service ?? '';
    byService.set(key, [...(byService.get(key) ?? []), finding]);
  }
  const incidents: Incident[] = [];
  for (const group of byService.values()) {
    group.sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime());
    let current: AnomalyFinding[] = [];
    let end = -Infinity;
    for (const finding of group) {
      if (current.length > 0 && finding.windowStart.getTime() > end + gapMs) {
        incidents.push(toIncident(current));
        current = [];
        end = -Infinity;
      }
      current.push(finding);
      end = Math.max(end, finding.windowEnd.getTime());
    }
    if (current.length > 0) incidents.push(toIncident(current));
  }
  return incidents.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function toIncident(findings: readonly AnomalyFinding[]): Incident {
  const ranked = [...findings].sort((a, b) => b.score - a.score);
  const top = ranked[0] as AnomalyFinding;
  return {
    service: top.service,
    start: new Date(Math.min(...findings.map((f) => f.windowStart.getTime()))),
    end: new Date(Math.max(...findings.map((f) => f.windowEnd.getTime()))),
    score: top.score,
    findings: ranked,
    methods: [...new Set(ranked.map((f) => f.method))],
    templateId: top.templateId,
  };
}
