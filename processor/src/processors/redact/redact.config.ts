import { z } from 'zod';
import { PII_TYPES } from './pii-types.js';

/**
 * Configuration of the redaction stage. Everything is redacted by default except addresses that
 * identify no one (loopback, unspecified); the allow-list only ever *keeps* text.
 */
export const redactConfigSchema = z.object({
  /** PII types to redact. Default: all of them. */
  types: z.array(z.enum(PII_TYPES)).default([...PII_TYPES]),
  /**
   * Also redact session ids (`JSESSIONID=…`, `"sessionId":"…"`) as `[TOKEN]`. Default false:
   * detectors group lines by session id, and an expired id grants nothing.
   */
  sessionIds: z.boolean().default(false),
  allow: z
    .object({
      /** Keep 127.0.0.0/8, ::1. Default true: they identify no host outside the machine. */
      loopbackIps: z.boolean().default(true),
      /** Keep 0.0.0.0 and `::` (bind-all addresses). Default true. */
      unspecifiedIps: z.boolean().default(true),
      /** Keep RFC 1918 / CGNAT / link-local IPv4 and ULA / link-local IPv6. Default false. */
      privateIps: z.boolean().default(false),
      /** Extra IPs or IPv4 CIDRs to keep, e.g. `10.20.0.0/16`. Default none. */
      ips: z.array(z.string().min(1)).default([]),
      /** Emails to keep, as globs matched case-insensitively, e.g. `*@example.com`, `noreply@*`. Default none. */
      emails: z.array(z.string().min(1)).default([]),
      /** Regex sources (case-insensitive, full match) for values of any type to keep. Default none. */
      patterns: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
});

/** Parsed redaction configuration (all defaults applied). */
export type RedactConfig = z.infer<typeof redactConfigSchema>;
/** What callers may pass before defaults are applied. */
export type RedactConfigInput = z.input<typeof redactConfigSchema>;
