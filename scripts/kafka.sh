#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, combined broker+controller) for dev, tests and CI,
# run from the published Maven Central jars: no Docker engine needed.
#   scripts/kafka.sh up      resolve the jars once (cached), format storage, start, wait; prints brokers
#   scripts/kafka.sh status  prints brokers and exits 0 when running, exits 1 otherwise
#   scripts/kafka.sh down    SIGTERM (then SIGKILL after a timeout) and delete the data
# Environment: KAFKA_PORT (default 19092), KAFKA_CONTROLLER_PORT (default KAFKA_PORT+1),
# AILOG_KAFKA_DIR (runtime dir, default <repo>/.cache/kafka), KAFKA_HEAP_OPTS (default -Xmx512m -Xms128m),
# KAFKA_START_TIMEOUT seconds (default 90).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache/kafka"
libs="$cache/libs"
dir="${AILOG_KAFKA_DIR:-$cache}"
port="${KAFKA_PORT:-19092}"
cport="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
data="$dir/data"
logs="$dir/logs"
pidfile="$dir/kafka.pid"
props="$dir/server.properties"
timeout="${KAFKA_START_TIMEOUT:-90}"

log() { echo "kafka.sh: $*" >&2; }

need() { command -v "$1" >/dev/null 2>&1 || { log "$1 not found: $2"; exit 2; }; }

alive() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

# Resolution is the slow part (~25 s cold); a marker written last makes a half-finished copy retry.
resolve() {
  if [[ -f "$libs/.complete" ]]; then return; fi
  need mvn "install Maven 3.8+ (apt-get install maven)"
  mkdir -p "$cache"
  # Parallel test runs share the jar cache: one resolves, the others wait for it.
  exec 9>"$cache/.resolve.lock"
  flock 9
  if [[ ! -f "$libs/.complete" ]]; then
    log "resolving the broker jars from Maven Central into $libs"
    rm -rf "$libs"
    mvn -q -B -f "$root/scripts/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs" >&2
    touch "$libs/.complete"
  fi
  flock -u 9
}

write_config() {
  mkdir -p "$data" "$logs"
  cat >"$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# Tests create and drop many topics: keep the deletion path fast and the disk footprint small.
delete.topic.enable=true
log.segment.bytes=16777216
log.retention.hours=24
PROPS
  cat >"$dir/log4j.properties" <<LOG4J
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$logs/server.log
log4j.appender.file.MaxFileSize=10MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
LOG4J
}

java_opts() {
  # shellcheck disable=SC2206
  local heap=(${KAFKA_HEAP_OPTS:--Xmx512m -Xms128m})
  printf '%s\n' "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "-Dlog4j.configuration=file:$dir/log4j.properties" "-Dkafka.logs.dir=$logs"
}

format_storage() {
  if [[ -f "$data/meta.properties" ]]; then return; fi
  local id; id="$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  # 3.9 with a static controller.quorum.voters: the plain format (no --standalone, which is for
  # dynamic quorums and is the default path on 4.x).
  java -cp "$libs/*" "-Dlog4j.configuration=file:$dir/log4j.properties" kafka.tools.StorageTool \
    format -t "$id" -c "$props" --ignore-formatted >"$logs/format.log" 2>&1 \
    || { cat "$logs/format.log" >&2; exit 1; }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A metadata request proves the broker finished start-up, not just bound the socket.
metadata_ok() {
  if [[ -d "$root/node_modules/kafkajs" ]]; then
    (cd "$root" && node -e '
      const { Kafka, logLevel } = require("kafkajs");
      const admin = new Kafka({ brokers: [process.argv[1]], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      admin.connect().then(() => admin.fetchTopicMetadata({ topics: [] })).then(
        () => admin.disconnect().then(() => process.exit(0)), () => process.exit(1));
      setTimeout(() => process.exit(1), 5000);' "127.0.0.1:$port") >/dev/null 2>&1
  else
    port_open "$port"
  fi
}

up() {
  if alive && metadata_ok; then echo "127.0.0.1:$port"; return; fi
  need java "install a Java 17+ runtime (apt-get install openjdk-17-jre-headless)"
  if alive; then log "process $(cat "$pidfile") is up but not answering yet"; else
    if port_open "$port"; then log "port $port is taken by something else; set KAFKA_PORT"; exit 1; fi
    resolve
    write_config
    format_storage
    mapfile -t opts < <(java_opts)
    nohup java "${opts[@]}" -cp "$libs/*" kafka.Kafka "$props" >"$logs/stdout.log" 2>&1 &
    echo $! >"$pidfile"
  fi
  local deadline=$((SECONDS + timeout))
  until metadata_ok; do
    if ! alive; then log "broker exited during start-up"; tail -n 30 "$logs/server.log" "$logs/stdout.log" >&2 || true; exit 1; fi
    if ((SECONDS >= deadline)); then log "broker did not answer within ${timeout}s"; tail -n 30 "$logs/server.log" >&2 || true; exit 1; fi
    sleep 0.5
  done
  echo "127.0.0.1:$port"
}

down() {
  if alive; then
    local pid; pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "SIGKILL $pid after 30s"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -rf "$data" "$pidfile" "$props"
  # The shared jar cache stays; a private runtime dir (AILOG_KAFKA_DIR) goes entirely.
  if [[ "$dir" != "$cache" ]]; then rm -rf "$dir"; fi
}

status() {
  if alive && metadata_ok; then echo "127.0.0.1:$port"; else log "not running"; exit 1; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 64 ;;
esac
