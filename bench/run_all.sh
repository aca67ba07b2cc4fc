#!/usr/bin/env bash
# bench/run_all.sh — the relay, authenticated GET and partner access-check benchmarks against a
# private RabbitMQ node, then stop the node.
#
#   bash bench/run_all.sh                 RabbitMQ on 5692, SQLite databases
#   RABBITMQ_PORT=5699 bash bench/run_all.sh
#   DATABASE_URL_BASE=postgresql://postgres@127.0.0.1:5433/postgres bash bench/run_all.sh
#
# Exit status: 0 when every target is met, 1 when one is below, other codes on errors.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
export RABBITMQ_PORT="${RABBITMQ_PORT:-5692}"  # a port of its own: never a developer's broker
DB_ARGS=()
[[ -n "${DATABASE_URL_BASE:-}" ]] && DB_ARGS=(--database-url "$DATABASE_URL_BASE")

cd "$ROOT"
AMQP_URL="$(bash deploy/local/rabbitmq.sh start)"
trap 'bash deploy/local/rabbitmq.sh stop' EXIT

status=0
echo "=== relay throughput (broker $AMQP_URL)"
"$PY" bench/relay_throughput.py --amqp-url "$AMQP_URL" "${DB_ARGS[@]}" || status=$?
echo
echo "=== authenticated GET vs bare app"
"$PY" bench/auth_get.py --amqp-url "$AMQP_URL" "${DB_ARGS[@]}" || { rc=$?; [[ $status -gt 1 ]] || status=$rc; }
echo
echo "=== access check for partner users (issue 11): delegated vs direct, batch of 50, floor, approval latency"
"$PY" bench/delegated_access.py --amqp-url "$AMQP_URL" "${DB_ARGS[@]}" || { rc=$?; [[ $status -gt 1 ]] || status=$rc; }
exit "$status"
