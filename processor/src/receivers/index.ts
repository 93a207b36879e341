/**
 * Receivers: decode input into `LogRecord`s. To add a format, write `<format>.receiver.ts`
 * exporting an `EventDecoder` (text → `DecodedEvent`) and export it here; Kafka payload
 * decoders (Fluent Bit, OTLP JSON) follow the same shape.
 */
export { decodeAuto, type AutoDecoded, type DetectedFormat } from './auto-detect.js';
export { messageOnlyEvent, toLogRecord, type DecodedEvent, type EventDecoder, type RecordContext } from './decoded-event.js';
export { fieldsToEvent } from './field-mapping.js';
export { FileReceiver, readLogFile, type FileReceiverOptions, type ReceivedChunk, type ReceiverStats } from './file.receiver.js';
export { compileFormat, formatFieldsToEvent, type CompiledFormat } from './format-string.js';
export { decodeJsonLine, flattenObject, type JsonDecodeResult } from './json.receiver.js';
export { createLineDecoder, createTextDecoder, NAMED_FORMATS, type LineDecoderOptions, type TextDecodeResult, type TextDecoder } from './line-decoder.js';
export { classifyLine, readLineBatches, type LineReaderOptions, type PhysicalLine } from './line-reader.js';
export { decodeLogfmt, looksLikeLogfmt, parseLogfmt, type LogfmtParse } from './logfmt.receiver.js';
export { MultilineJoiner, type JoinedEvent, type JoinerLine, type MultilineLimits } from './multiline-joiner.js';
export { decodePlain, parsePlainHeader, startsWithHeader, type PlainHeader } from './plain.receiver.js';
export { multilineConfigSchema, receiverConfigSchema, type MultilineConfig, type ReceiverConfig } from './receiver-config.js';
export { headerLevel, normalizeSeverity, severityFromOtel, severityFromSyslog, type SeverityScale } from './severity.js';
export { decodeSyslog, decodeSyslog3164, decodeSyslog5424, readPri } from './syslog.receiver.js';
export { fromEpoch, matchLeadingTimestamp, parseTimestamp, type LeadingTimestamp } from './timestamp.js';
