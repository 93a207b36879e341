import { z } from 'zod';
import { BadInputError } from '../domain/errors.js';
import type { Cluster } from './template-index.js';
import { templateId } from './template-id.js';

/** Version of the snapshot layout; bump on incompatible change. */
export const SNAPSHOT_VERSION = 1;

export const minerSnapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  seq: z.number().int().nonnegative(),
  templates: z.array(
    z.object({
      id: z.string(),
      tokens: z.array(z.string()),
      count: z.number().int().nonnegative(),
      firstSeenSeq: z.number().int().nonnegative(),
      lastSeenSeq: z.number().int().nonnegative(),
    }),
  ),
  aliases: z.array(z.tuple([z.string(), z.string()])),
});

/** JSON-serialisable miner state (what the storage layer persists). */
export type MinerSnapshot = z.infer<typeof minerSnapshotSchema>;

export function snapshotState(
  seq: number,
  clusters: readonly Cluster[],
  aliases: ReadonlyMap<string, string>,
): MinerSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    seq,
    templates: clusters.map((c) => ({
      id: c.id,
      tokens: [...c.tokens],
      count: c.count,
      firstSeenSeq: c.firstSeenSeq,
      lastSeenSeq: c.lastSeenSeq,
    })),
    aliases: [...aliases.entries()],
  };
}

/** Validate a snapshot (it may come from a database) and rebuild clusters from it. */
export function restoreState(input: unknown): { seq: number; clusters: Cluster[]; aliases: [string, string][] } {
  const parsed = minerSnapshotSchema.safeParse(input);
  if (!parsed.success) {
    throw new BadInputError(`invalid miner snapshot: ${parsed.error.message}`, 'template');
  }
  const clusters = parsed.data.templates.map((t) => {
    const text = t.tokens.join(' ');
    // Recompute rather than trust the stored id: ids are a function of the text.
    return { ...t, text, id: templateId(text), tokens: [...t.tokens] };
  });
  return { seq: parsed.data.seq, clusters, aliases: parsed.data.aliases };
}
