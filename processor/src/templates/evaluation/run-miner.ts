import { TemplateMiner } from '../template-miner.js';
import type { MinerConfig } from '../miner-config.js';

/** Final assignment of one line: the template id and text at end of input. */
export interface FinalAssignment {
  readonly id: string;
  readonly text: string;
}

/**
 * Mine messages in order, then resolve every line's id through the alias map so each line
 * gets its template's FINAL form (templates generalise as later lines arrive).
 */
export function mineAll(messages: Iterable<string>, config: Partial<MinerConfig> = {}): FinalAssignment[] {
  const miner = new TemplateMiner(config);
  const ids: string[] = [];
  for (const m of messages) ids.push(miner.add(m).id);
  return resolveFinal(miner, ids);
}

/** Map ids recorded during mining to the final templates' ids and texts. */
export function resolveFinal(miner: TemplateMiner, ids: readonly string[]): FinalAssignment[] {
  const texts = new Map(miner.templates().map((t) => [t.id, t.text]));
  const cache = new Map<string, FinalAssignment>();
  return ids.map((id) => {
    let a = cache.get(id);
    if (a === undefined) {
      const final = miner.resolve(id);
      // An evicted template keeps its last known id; its text is then unknown here.
      a = { id: final, text: texts.get(final) ?? '' };
      cache.set(id, a);
    }
    return a;
  });
}
