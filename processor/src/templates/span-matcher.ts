import { WILDCARD } from './token-masker.js';

/** Most tokens a single `<*>` may absorb when matching a line of another length. */
const MAX_SPAN = 16;
/** Most recursion steps per match attempt. */
const MAX_STEPS = 2_000;

/**
 * Match masked message tokens against template tokens where each whole-token `<*>` may
 * absorb one or more tokens (a multi-word variable). Returns, per template position, the
 * number of message tokens it consumed, or null when the line does not fit.
 */
export function matchSpans(template: readonly string[], message: readonly string[]): number[] | null {
  const spans = new Array<number>(template.length).fill(1);
  const budget = { left: MAX_STEPS };
  return step(template, message, 0, 0, spans, budget) ? spans : null;
}

function step(
  t: readonly string[],
  m: readonly string[],
  ti: number,
  mi: number,
  spans: number[],
  budget: { left: number },
): boolean {
  // Backtracking is exponential in the worst case; give up rather than stall the stream.
  if (--budget.left < 0) return false;
  if (ti === t.length) return mi === m.length;
  const remainingTemplate = t.length - ti;
  if (m.length - mi < remainingTemplate) return false;
  const tok = t[ti] as string;
  if (tok !== WILDCARD) {
    if (tok !== m[mi]) return false;
    spans[ti] = 1;
    return step(t, m, ti + 1, mi + 1, spans, budget);
  }
  const maxTake = Math.min(MAX_SPAN, m.length - mi - (remainingTemplate - 1));
  for (let take = 1; take <= maxTake; take++) {
    spans[ti] = take;
    if (step(t, m, ti + 1, mi + take, spans, budget)) return true;
  }
  return false;
}
