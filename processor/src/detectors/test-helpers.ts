import type { DetectEvent } from './detector.js';
import type { Severity } from '../domain/log-record.js';

/** Builds a detector event with defaults (test helper). */
export function ev(templateId: string, over: Partial<DetectEvent> & { severity?: Severity } = {}): DetectEvent {
  return { index: 0, time: 0, templateId, templateText: templateId, params: [], severity: 'INFO', service: null, ...over };
}
