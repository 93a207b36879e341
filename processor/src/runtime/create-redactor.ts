import type { Config } from '../config.js';
import { Redactor } from '../processors/redact/index.js';

/**
 * The redactor of a process with the configured allow-lists: the pipeline, dead letters, LLM
 * prompts and search queries must all redact alike, so they are built from this one place.
 */
export function createRedactor(config: Config): Redactor {
  return new Redactor({
    allow: {
      ips: [...config.redaction.allowIps],
      emails: [...config.redaction.allowEmails],
      privateIps: config.redaction.keepPrivateIps,
    },
  });
}
