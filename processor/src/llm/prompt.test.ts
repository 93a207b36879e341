import { describe, expect, it } from 'vitest';
import { Redactor } from '../processors/redact/index.js';
import { explanationFacts, type ExplainableAnomaly } from './fallback-explainer.js';
import { buildRootCausePrompt, buildValidationPrompt } from './prompt.js';

const redactor = new Redactor();
const redact = (text: string): string => redactor.redact(text).text;

const anomaly: ExplainableAnomaly = {
  scope: 'template',
  method: 'combined',
  score: 0.91,
  isAnomaly: true,
  templateId: 'tpl-9',
  service: 'auth',
  windowStart: new Date('2026-11-24T10:00:00Z'),
  windowEnd: new Date('2026-11-24T10:01:00Z'),
  reasons: ['new template'],
  evidence: { signals: [{ detector: 'new_template', score: 0.9, detail: { linesSeen: 5000, sample: 'login failed for bob@corp.example' } }] },
};

describe('prompts', () => {
  it('carries template, examples, nearest normal templates, rate history and evidence, all redacted', () => {
    const facts = explanationFacts(anomaly, { templateText: 'login failed for <*> from 10.1.2.3' });
    const messages = buildValidationPrompt(
      {
        anomaly,
        facts,
        examples: ['login failed for alice@corp.example from 203.0.113.9'],
        nearestNormal: [{ template: 'login ok for <*>', similarity: 0.77 }],
        rateHistory: [
          { at: '2026-11-24T09:59:00.000Z', count: 0 },
          { at: '2026-11-24T10:00:00.000Z', count: 42 },
        ],
      },
      redact,
    );
    const user = messages[1]?.content ?? '';
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content).toContain('"verdict":"anomalous"|"not_anomalous"');
    expect(user).toContain('Service: auth');
    expect(user).toContain('0.77 login ok for <*>');
    expect(user).toContain('09:59=0 10:00=42');
    expect(user).toContain('"linesSeen":5000');
    for (const pii of ['alice@corp.example', 'bob@corp.example', '203.0.113.9', '10.1.2.3']) expect(user).not.toContain(pii);
  });

  it('builds a root-cause prompt around the first anomalous template', () => {
    const messages = buildRootCausePrompt(
      {
        from: new Date('2026-11-24T10:00:00Z'),
        to: new Date('2026-11-24T11:00:00Z'),
        anomalyCount: 7,
        firstAnomaly: { at: '2026-11-24T10:02:00.000Z', service: 'db', template: 'disk full on <*>', what: 'never seen' },
        templates: [{ template: 'timeout calling db for carol@x.example', anomalies: 5, services: ['api'] }],
        services: [{ service: 'api', anomalies: 5 }, { service: 'db', anomalies: 2 }],
      },
      redact,
    );
    const user = messages[1]?.content ?? '';
    expect(user).toContain('First anomaly at 2026-11-24T10:02:00.000Z in db: disk full on <*>');
    expect(user).toContain('api (5), db (2)');
    expect(user).not.toContain('carol@x.example');
  });

  it('redacts the first anomaly\'s service in a root-cause prompt like every other text', () => {
    const messages = buildRootCausePrompt(
      {
        from: new Date('2026-11-24T10:00:00Z'),
        to: new Date('2026-11-24T11:00:00Z'),
        anomalyCount: 1,
        firstAnomaly: { at: '2026-11-24T10:02:00.000Z', service: 'host-dave@corp.example', template: 'disk full', what: 'never seen' },
        templates: [],
        services: [],
      },
      redact,
    );
    const user = messages[1]?.content ?? '';
    expect(user).not.toContain('dave@corp.example');
    expect(user).toMatch(/First anomaly at 2026-11-24T10:02:00\.000Z in \S*EMAIL\S*: disk full/);
  });
});
