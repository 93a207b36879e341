import type { IncidentScore, Scenario } from '../synthetic/index.js';
import { describeFinding } from './evidence-text.js';
import type { Incident } from './incident-grouping.js';

/** Figures of one demo run, printed as the incident report and available as JSON. */
export interface DemoFigures {
  readonly lines: number;
  readonly seconds: number;
  readonly database: string;
  readonly logsStored: number;
  readonly templates: number;
  readonly findings: number;
  readonly incidents: number;
  readonly recall: number;
  readonly falseIncidentRate: number;
  readonly scenarioFile: string;
  readonly labelsFile: string;
}

const time = (d: Date): string => d.toISOString().slice(11, 16);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function describeIncident(incident: Incident): string {
  const range = `${time(incident.start)}–${time(incident.end)}`;
  return `${(incident.service ?? '?').padEnd(10)} ${range}  score ${incident.score.toFixed(2)}  via ${incident.methods.join(', ')}`;
}

/** The strongest finding in words, with its template's (redacted) text. */
function evidenceOf(incident: Incident, templates: ReadonlyMap<string, string>): string {
  const top = incident.findings[0];
  if (top === undefined) return '';
  const text = describeFinding(top, top.templateId === null ? undefined : templates.get(top.templateId));
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** The human report: each injected incident found or missed, each false alert, then the figures. */
export function formatDemoReport(
  scenario: Scenario,
  incidents: readonly Incident[],
  score: IncidentScore,
  figures: DemoFigures,
  templates: ReadonlyMap<string, string> = new Map(),
): string {
  const out: string[] = [];
  out.push(
    `ailog demo: ${figures.lines.toLocaleString('en')} lines from ${scenario.services.length} services, ` +
      `${scenario.labels.length} injected incidents, ${scenario.decoys.length} benign decoys`,
  );
  out.push(
    `pipeline: ${figures.seconds.toFixed(1)} s (${Math.round(figures.lines / Math.max(figures.seconds, 1e-9)).toLocaleString('en')} lines/s) ` +
      `into ${figures.database}; ${figures.logsStored.toLocaleString('en')} events stored, ${figures.templates} templates, ` +
      `${figures.findings} anomalous findings grouped into ${figures.incidents} incidents`,
  );
  out.push('', 'Injected incidents');
  for (const label of scenario.labels) {
    const hit = score.matched.find((m) => m.label.id === label.id);
    const what = `${label.id.padEnd(6)} ${label.kind.padEnd(16)} ${label.service.padEnd(10)} ${time(new Date(label.start))}–${time(new Date(label.end))}`;
    if (hit) {
      const found = hit.found as unknown as Incident;
      out.push(`  FOUND  ${what}  → ${time(found.start)} score ${found.score.toFixed(2)} via ${found.methods.join(', ')}`);
      out.push(`         evidence: ${evidenceOf(found, templates)}`);
    } else {
      out.push(`  MISSED ${what}  (${label.description})`);
    }
  }
  out.push('', score.falseIncidents.length === 0 ? 'False alerts: none' : 'False alerts (match no injected incident)');
  for (const found of score.falseIncidents) {
    const incident = found as unknown as Incident;
    const decoy = scenario.decoys.find(
      (d) => incident.start.getTime() <= Date.parse(d.end) && incident.end.getTime() >= Date.parse(d.start),
    );
    out.push(`  ${describeIncident(incident)}${decoy ? `  (overlaps decoy: ${decoy.kind})` : ''}`);
    out.push(`         evidence: ${evidenceOf(incident, templates)}`);
  }
  out.push(
    '',
    `Result: found ${score.matched.length}/${scenario.labels.length} incidents (${pct(figures.recall)}; bar ≥ 90%), ` +
      `${score.falseIncidents.length} of ${figures.incidents} alerts false (${pct(figures.falseIncidentRate)}; bar ≤ 10%), ` +
      `${figures.seconds.toFixed(0)} s (bar < 180 s)`,
    `Data: ${figures.database} (tables logs, templates, anomalies, dead_letters); input ${figures.scenarioFile}, ground truth ${figures.labelsFile}`,
  );
  return `${out.join('\n')}\n`;
}
