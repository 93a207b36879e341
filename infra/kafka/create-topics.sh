#!/usr/bin/env bash
# Topic-init job of the compose stack: creates ailog's topics idempotently, with the same
# partition counts as processor/src/kafka/topics.ts (the processor also ensures them at start-up).
set -euo pipefail
bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
bin=/opt/kafka/bin
for _ in $(seq 1 60); do
  "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" >/dev/null 2>&1 && break
  sleep 2
done
create() {
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor 1
}
create logs-raw 3
create logs-processed 3
create anomalies 1
create logs-dlq 1
"$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe --topic 'logs-raw|logs-processed|anomalies|logs-dlq' | grep -c Partition: || true
