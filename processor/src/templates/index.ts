/**
 * Template mining: turn log messages into templates with stable ids and parameters.
 *
 * How it works (one pass, bounded memory):
 * 1. Tokenise on whitespace (double-quoted plain text stays one token) and mask known variable
 *    kinds piecewise between delimiters, keeping punctuation: numbers, hex, uuids, ips with
 *    ports (`<*>:<*>`), paths, urls (`https://<*>`), host names, durations, sizes with their
 *    unit, key=value values, dates; plus user `extraMasks`.
 * 2. Match against same-length templates (Drain-style buckets, similarity threshold); a line
 *    joins a template only when the differing tokens look like values, not different words.
 * 3. Else match templates whose `<*>` may span several tokens (multi-word variables).
 * 4. Else, when `minWordVariants` templates differ only in the same word positions, those
 *    positions become `<*>` and the variants merge (state-like words such as `Started` /
 *    `Paused` never do); otherwise a new template is created.
 * Ids are `t_` + 12 hex of sha1(normalised text); a generalisation gives a new id and an alias
 * old → new (`MinerResult.aliasOf`, `aliases()`, `resolve()`).
 *
 * ```ts
 * const miner = new TemplateMiner({ maxTemplates: 50_000 });
 * const r = miner.add('Found child 6725 in slot 10'); // { id: 't_…', text: 'Found child <*> in slot <*>', params: ['6725', '10'], isNew, aliasOf? }
 * miner.match('Found child 1 in slot 2');             // read-only, null when no template fits
 * const saved = JSON.stringify(miner.snapshot());
 * const again = TemplateMiner.restore(JSON.parse(saved) as MinerSnapshot, miner.config);
 * ```
 */
export { TemplateMiner, type MinerResult, type TemplateInfo } from './template-miner.js';
export { minerConfigSchema, extraMaskSchema, parseMinerConfig, type MinerConfig } from './miner-config.js';
export { minerSnapshotSchema, SNAPSHOT_VERSION, type MinerSnapshot } from './miner-snapshot.js';
export { templateId, normaliseTemplateText } from './template-id.js';
export { compileLoghubFormat, type HeaderParser } from './loghub-format.js';
export { mineAll, resolveFinal, type FinalAssignment } from './evaluation/run-miner.js';
export { WILDCARD } from './token-masker.js';
