export { PII_TYPES, emptyCounts, placeholder, type PiiFinding, type PiiType } from './pii-types.js';
export { redactConfigSchema, type RedactConfig, type RedactConfigInput } from './redact.config.js';
export { Redactor, applyFindings, type RedactResult } from './redactor.js';
export { RedactProcessor, createRedactProcessor } from './redact.processor.js';
export { AllowList } from './allow-list.js';
export { DEFAULT_RULES, type PiiRule, type ScanInput } from './rules/index.js';
export { generatePiiCorpus, type CorpusLine, type CorpusOptions, type LabelledSpan } from './pii-corpus.js';
