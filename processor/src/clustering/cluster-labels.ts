import { tokenizeTemplate } from '../embeddings/tokenize.js';

// Words that name nothing about what a group of log templates is about.
const STOP = new Set(
  'the a an and or of to in on at for from by with is are was were be been not no this that it as into via after before than then'
    .split(' '),
);

function words(text: string): string[] {
  return tokenizeTemplate(text).filter((w) => w.length > 2 && !STOP.has(w) && /[a-z]/.test(w));
}

/**
 * Short names for clusters by class-based TF-IDF (as BERTopic names topics): a word scores by
 * how often it occurs in the cluster's templates, weighted by line counts, times how rare it is
 * across all clusters. The top `maxWords` make the label; ties keep first-seen order.
 */
export function clusterLabels(
  clusters: ReadonlyArray<ReadonlyArray<{ readonly text: string; readonly count: number }>>,
  maxWords = 3,
): string[] {
  const tf = clusters.map((members) => {
    const counts = new Map<string, number>();
    for (const m of members) {
      // log weighting: one chatty template should not name the whole cluster
      const weight = 1 + Math.log1p(Math.max(0, m.count));
      for (const w of new Set(words(m.text))) counts.set(w, (counts.get(w) ?? 0) + weight);
    }
    return counts;
  });
  const total = new Map<string, number>();
  for (const counts of tf) for (const [w, c] of counts) total.set(w, (total.get(w) ?? 0) + c);
  const avg = tf.reduce((s, c) => s + [...c.values()].reduce((a, b) => a + b, 0), 0) / Math.max(1, tf.length);
  return tf.map((counts) => {
    const scored = [...counts].map(([w, c]) => ({ w, score: c * Math.log(1 + avg / (total.get(w) ?? 1)) }));
    scored.sort((a, b) => b.score - a.score);
    const label = scored.slice(0, maxWords).map((s) => s.w).join(' ');
    return label === '' ? 'unnamed' : label;
  });
}
