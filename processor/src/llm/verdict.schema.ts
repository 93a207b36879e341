import { z } from 'zod';

/** The JSON object the model must answer with (snake_case, as the prompt asks). */
export const verdictSchema = z.object({
  verdict: z.enum(['anomalous', 'not_anomalous']),
  confidence: z.number().min(0).max(1),
  summary: z.string().trim().min(1).max(2000),
  likely_cause: z.string().trim().max(2000).default(''),
  // Some models answer one string instead of a list; both are fine.
  next_steps: z
    .union([z.array(z.string().trim().max(500)), z.string().trim().max(2000).transform((s) => [s])])
    .default([])
    .transform((steps) => steps.filter((s) => s.length > 0).slice(0, 8)),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** A root-cause answer: shorter, no verdict. */
export const rootCauseAnswerSchema = z.object({
  summary: z.string().trim().min(1).max(4000),
  likely_cause: z.string().trim().max(2000).default(''),
  next_steps: z
    .union([z.array(z.string().trim().max(500)), z.string().trim().max(2000).transform((s) => [s])])
    .default([])
    .transform((steps) => steps.filter((s) => s.length > 0).slice(0, 8)),
});
export type RootCauseAnswer = z.infer<typeof rootCauseAnswerSchema>;

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** The JSON object in a model answer: tolerates a Markdown code fence or prose around it. */
function extractJson(content: string): unknown {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) throw new SyntaxError('no JSON object in the answer');
  return JSON.parse(content.slice(start, end + 1));
}

/** Parses and validates a model answer against `schema`; never throws. */
export function parseAnswer<T>(schema: z.ZodType<T>, content: string): ParseResult<T> {
  let raw: unknown;
  try {
    raw = extractJson(content);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'unparseable JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}
