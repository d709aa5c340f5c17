#!/usr/bin/env bash
# Creates every Lexfin topic on a real Kafka cluster from deploy/kafka/topics.txt (generated from
# the event catalogue by `pnpm asyncapi`). Idempotent: existing topics are left as they are.
# Usage: create-topics.sh BOOTSTRAP_SERVERS [REPLICATION_FACTOR]
set -euo pipefail
bootstrap="${1:?usage: create-topics.sh BOOTSTRAP_SERVERS [REPLICATION_FACTOR]}"
replication="${2:-1}"
topics_file="$(dirname "$0")/topics.txt"
kafka_topics="${KAFKA_TOPICS_BIN:-kafka-topics.sh}"
command -v "$kafka_topics" >/dev/null 2>&1 || kafka_topics=/opt/kafka/bin/kafka-topics.sh

grep -v '^#' "$topics_file" | while read -r topic partitions; do
  [ -n "$topic" ] || continue
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$replication" \
    --config min.insync.replicas="$(( replication > 1 ? 2 : 1 ))"
done
