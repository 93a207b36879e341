/** Per-line ground truth and prediction for parsing accuracy. */
export interface LabelledLine {
  readonly trueGroup: string;
  readonly trueTemplate: string;
  readonly predGroup: string;
  readonly predTemplate: string;
}

/** Loghub-2.0 metrics: grouping / parsing accuracy and F1 over groups / templates. */
export interface ParsingScores {
  readonly ga: number;
  readonly pa: number;
  readonly fga: number;
  readonly fta: number;
  readonly predictedGroups: number;
  readonly trueGroups: number;
}

/**
 * Normalisation applied to both sides before template comparison: trim, collapse runs of
 * whitespace to one space, and collapse directly adjacent wildcards (`<*><*>` → `<*>`),
 * as the Loghub-2.0 evaluation does for consecutive variables.
 */
export function normaliseForComparison(template: string): string {
  let t = template.trim().replace(/\s+/g, ' ');
  while (t.includes('<*><*>')) t = t.replaceAll('<*><*>', '<*>');
  return t;
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Compute GA, PA, FGA and FTA over one system's lines. */
export function scoreParsing(lines: readonly LabelledLine[]): ParsingScores {
  const trueSizes = new Map<string, number>();
  const predMembers = new Map<string, LabelledLine[]>();
  for (const l of lines) {
    trueSizes.set(l.trueGroup, (trueSizes.get(l.trueGroup) ?? 0) + 1);
    const members = predMembers.get(l.predGroup);
    if (members === undefined) predMembers.set(l.predGroup, [l]);
    else members.push(l);
  }
  let groupedLines = 0;
  let correctGroups = 0;
  let correctTemplates = 0;
  for (const members of predMembers.values()) {
    const first = members[0];
    if (first === undefined) continue;
    const same = members.every((m) => m.trueGroup === first.trueGroup);
    if (!same || trueSizes.get(first.trueGroup) !== members.length) continue;
    groupedLines += members.length;
    correctGroups++;
    if (normaliseForComparison(first.predTemplate) === normaliseForComparison(first.trueTemplate)) {
      correctTemplates++;
    }
  }
  let parsedLines = 0;
  for (const l of lines) {
    if (normaliseForComparison(l.predTemplate) === normaliseForComparison(l.trueTemplate)) parsedLines++;
  }
  const n = Math.max(1, lines.length);
  const pg = predMembers.size;
  const tg = trueSizes.size;
  return {
    ga: groupedLines / n,
    pa: parsedLines / n,
    fga: f1(correctGroups / Math.max(1, pg), correctGroups / Math.max(1, tg)),
    fta: f1(correctTemplates / Math.max(1, pg), correctTemplates / Math.max(1, tg)),
    predictedGroups: pg,
    trueGroups: tg,
  };
}
