import { WILDCARD, type MaskedLine } from './token-masker.js';

/** Values under each wildcard of a same-length template, in order. */
export function positionalParams(template: readonly string[], line: MaskedLine): string[] {
  const params: string[] = [];
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    if (t === WILDCARD) params.push(line.raw[i] as string);
    else if (t.includes(WILDCARD)) {
      const v = line.values[i];
      if (v !== undefined) params.push(...v);
    }
  }
  return params;
}

/** Values for a template whose wildcards spanned several tokens. */
export function spanParams(template: readonly string[], line: MaskedLine, spans: readonly number[]): string[] {
  const params: string[] = [];
  let mi = 0;
  for (let ti = 0; ti < template.length; ti++) {
    const t = template[ti] as string;
    const take = spans[ti] ?? 1;
    if (t === WILDCARD) params.push(line.raw.slice(mi, mi + take).join(' '));
    else if (t.includes(WILDCARD)) params.push(...(line.values[mi] ?? []));
    mi += take;
  }
  return params;
}
