/**
 * The Kafka layer: the only place that imports kafkajs (lint-enforced), so a KafkaJS-compatible
 * client can replace it here alone. Everything else uses these names.
 */
export { backoffConfigSchema, backoffDelay, type BackoffConfig } from './backoff.js';
export {
  BatchConsumer,
  batchConsumerConfigSchema,
  type BatchConsumerConfig,
  type BatchConsumerOptions,
  type BatchConsumerStats,
  type BatchContext,
  type BatchHandler,
  type HandleResult,
} from './batch-consumer.js';
export {
  createKafkaClient,
  kafkaConfigSchema,
  topicNamesSchema,
  type KafkaAdmin,
  type KafkaClient,
  type KafkaConfig,
  type KafkaConfigInput,
  type KafkaConsumer,
  type KafkaProducer,
} from './kafka-client.js';
export { fetchConsumerLag } from './consumer-lag.js';
export { checkKafkaHealth, type KafkaHealthReport, type PartitionLag } from './kafka-health.js';
export { decodeKafkaMessage, decodeKafkaMessageInto, type KafkaDecodeFailure, type KafkaDecodeOptions, type KafkaDecodeResult, type KafkaPayloadFormat } from './message-decoder.js';
export { DLQ_HEADERS, KafkaPublisher, type JsonMessage, type KafkaDeadLetter } from './producer.js';
export { kafkaSource, toRawMessage, type RawMessage } from './raw-message.js';
export { ensureTopics, topicPlan, type EnsureTopicsResult, type TopicPlan } from './topics.js';
