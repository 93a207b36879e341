import { createHash } from 'node:crypto';

/**
 * Normalise template text for identity: trim and collapse whitespace, so the same
 * template always hashes the same regardless of the spacing of the line that created it.
 */
export function normaliseTemplateText(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * Stable template id: `t_` + the first 12 hex digits of sha1 of the normalised text.
 * Two processes (or one restarted) give the same id for the same template.
 */
export function templateId(text: string): string {
  return `t_${createHash('sha1').update(normaliseTemplateText(text)).digest('hex').slice(0, 12)}`;
}
