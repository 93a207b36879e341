import { describe, expect, it } from 'vitest';
import { parseAnswer, rootCauseAnswerSchema, verdictSchema } from './verdict.schema.js';

describe('verdict schema', () => {
  it('accepts a well-formed verdict, also inside a code fence', () => {
    const body = { verdict: 'not_anomalous', confidence: 0.8, summary: 'deploy noise', likely_cause: 'restart', next_steps: ['ignore'] };
    const parsed = parseAnswer(verdictSchema, `\`\`\`json\n${JSON.stringify(body)}\n\`\`\``);
    expect(parsed).toEqual({ ok: true, value: body });
  });

  it('takes a single next step given as a string', () => {
    const parsed = parseAnswer(verdictSchema, '{"verdict":"anomalous","confidence":1,"summary":"s","next_steps":"restart it"}');
    expect(parsed.ok && parsed.value.next_steps).toEqual(['restart it']);
    expect(parsed.ok && parsed.value.likely_cause).toBe('');
  });

  it('rejects broken JSON, wrong verdicts and out-of-range confidence with a reason', () => {
    expect(parseAnswer(verdictSchema, 'I think it is anomalous')).toMatchObject({ ok: false, reason: expect.stringContaining('no JSON') });
    expect(parseAnswer(verdictSchema, '{"verdict": "anomalous", "confidence": ')).toMatchObject({ ok: false });
    const wrong = parseAnswer(verdictSchema, '{"verdict":"maybe","confidence":1.5,"summary":"s"}');
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.reason).toMatch(/verdict.*confidence/s);
  });

  it('validates root-cause answers', () => {
    expect(parseAnswer(rootCauseAnswerSchema, '{"summary":"db down","likely_cause":"disk full"}')).toMatchObject({ ok: true, value: { next_steps: [] } });
    expect(parseAnswer(rootCauseAnswerSchema, '{"summary":""}').ok).toBe(false);
  });
});
