import { WILDCARD } from './token-masker.js';

/** How well a masked line fits a same-length template. */
export interface Fit {
  /** Share of positions equal, under a whole-token wildcard, or differing only in values. */
  readonly score: number;
  /** Positions with identical tokens. */
  readonly equal: number;
  /** Mismatches between different words (not two values of one variable). */
  readonly hard: number;
  /** Comma-separated hard-mismatch positions ('' when none): lines differing at the same words. */
  readonly hardKey: string;
  /** Some hard mismatch involves a state-like word (see `looksLikeState`). */
  readonly stateClash: boolean;
}

// Split on delimiters (not `<>`, so `<*>` stays one piece): `rhost=<*>` and `rhost=a.b` line up.
const SHAPE_RE = /([:=,;()[\]{}"'|])/;

function shape(token: string): string[] {
  return token.split(SHAPE_RE);
}

/**
 * Merge two differing tokens. When both have the same delimiter structure
 * (`rhost=a` / `rhost=b`, `"GET` / `"POST`), only the differing pieces become `<*>`;
 * otherwise the whole token does.
 */
export function mergeTokens(a: string, b: string): string {
  if (a === b) return a;
  if (a === WILDCARD || b === WILDCARD) return WILDCARD;
  const pa = shape(a);
  const pb = shape(b);
  if (pa.length !== pb.length || pa.length < 3) return keepEdgePunctuation(a, b);
  let out = '';
  for (let i = 0; i < pa.length; i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (i % 2 === 1) {
      // Delimiters must agree (a wildcard separator matches only itself).
      if (x !== y) return keepEdgePunctuation(a, b);
      out += x;
    } else out += x === y ? x : WILDCARD;
  }
  return out;
}

const EDGE_RE = /[:=,;()[\]{}"'|]/;

/** Different structures: keep the shared leading/trailing delimiters (`<*>,` from `a,`/`(b),`). */
function keepEdgePunctuation(a: string, b: string): string {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head] && EDGE_RE.test(a[head] as string)) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail] &&
    EDGE_RE.test(a[a.length - 1 - tail] as string)
  ) {
    tail++;
  }
  return `${a.slice(0, head)}${WILDCARD}${a.slice(a.length - tail)}`;
}

/**
 * 1 when the template token already covers the line's, 0.5 when two differing tokens look like two values of one variable (same key=value-like
 * structure, or both masked), 0 when they are different words: those may carry the
 * meaning ("Started" / "Paused", "ee0" / "alt0") and only frequency can make them variables.
 */
function softness(t: string, m: string): number {
  const tw = t.includes(WILDCARD);
  const mw = m.includes(WILDCARD);
  // `eth0` / `eth1`, `IRQ0` / `IRQ9`: same word, different number ⇒ one variable.
  if (!tw && !mw) return hasDigit(t) && hasDigit(m) && skeleton(t) === skeleton(m) ? 0.5 : 0;
  const merged = mergeTokens(t, m);
  // Same structure, differing only where one side is masked: `()` vs `(<*>)`.
  if (merged === t) return 1;
  if (merged !== WILDCARD) return 0.5;
  if (!tw || !mw) return 0;
  // Both masked: same constant letters (`id=<*>.<*>` / `id=<*>`), or one side is a bare
  // value with punctuation (`<*>,` / `LOCAL(<*>),`).
  const st = skeleton(t);
  const sm = skeleton(m);
  return st === sm || st === '' || sm === '' ? 0.5 : 0;
}

function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** A masked token's constant letters: `getTopPadding=<*>.<*>` and `getTopPadding=<*>` agree. */
function skeleton(token: string): string {
  return token.replace(/<\*>|[^A-Za-z]+/g, '');
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * True when a differing word looks like a state or an action (`Started`, `Paused`, `running`):
 * those carry the meaning of an event, so they never become variables by frequency.
 */
export function looksLikeState(word: string): boolean {
  let end = word.length;
  while (end > 0 && !isLetter(word.charCodeAt(end - 1))) end--;
  const lower = word.slice(0, end).toLowerCase();
  const stem = lower.endsWith('ed') ? end - 2 : lower.endsWith('ing') ? end - 3 : -1;
  if (stem < 2) return false;
  return isLetter(lower.charCodeAt(stem - 1)) && isLetter(lower.charCodeAt(stem - 2));
}

/** Score a template against a masked line of the same length. */
export function fit(template: readonly string[], line: readonly string[]): Fit {
  let equal = 0;
  let wild = 0;
  let soft = 0;
  let hard = 0;
  let hardKey = '';
  let stateClash = false;
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const m = line[i] as string;
    if (t === m) equal++;
    else if (t === WILDCARD) wild++;
    else {
      const sf = softness(t, m);
      if (sf === 1) wild++;
      else if (sf > 0) soft++;
      else {
        hard++;
        hardKey += `${i},`;
        if (looksLikeState(t) || looksLikeState(m)) stateClash = true;
      }
    }
  }
  const n = template.length;
  // Values that differ in shape (digits, key=value) count half: likely variables, not proof.
  return { score: n === 0 ? 1 : (equal + wild + soft * 0.5) / n, equal, hard, hardKey, stateClash };
}
