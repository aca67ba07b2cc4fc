#!/usr/bin/env bash
# deploy/local/postgres.sh — a private, throwaway PostgreSQL cluster for
# development and tests, driven with initdb/pg_ctl (no systemd, no docker, and
# never the distro's own cluster).
#
#   deploy/local/postgres.sh start            initdb if needed, start, wait until ready
#   deploy/local/postgres.sh stop             fast shutdown (no-op if stopped)
#   deploy/local/postgres.sh status           exit 0 if running, 1 otherwise
#   deploy/local/postgres.sh createdb NAME    create database NAME (idempotent)
#   deploy/local/postgres.sh dropdb NAME      drop database NAME if it exists
#   deploy/local/postgres.sh url NAME         print postgresql://postgres@127.0.0.1:PORT/NAME
#   deploy/local/postgres.sh reset            stop and delete the cluster
#
# Env: PGPORT (default 5433), VAR_DIR (default "var", relative paths are taken
# from the repo root). The cluster lives in $VAR_DIR/postgres-$PGPORT.
#
# THIS CLUSTER IS FOR DEVELOPMENT AND TESTS ONLY: authentication is "trust"
# (on 127.0.0.1 only) and fsync, synchronous_commit and full_page_writes are
# off, so a machine crash can corrupt it. Never put data you care about in it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=apt.sh
source "$ROOT/deploy/local/apt.sh"
PORT="${PGPORT:-5433}"
VAR="${VAR_DIR:-var}"
[[ "$VAR" = /* ]] || VAR="$ROOT/$VAR"
DATA="$VAR/postgres-$PORT"
# libpq reads these; make sure a caller's PG* settings cannot redirect us.
unset PGHOST PGHOSTADDR PGDATABASE PGUSER PGPASSWORD PGSERVICE PGOPTIONS

log() { echo "postgres.sh[$PORT]: $*" >&2; }

# Newest /usr/lib/postgresql/<major>/bin (or $PG_BIN_DIR).
pg_bin() {
  local d="${PG_BIN_DIR:-}"
  [[ -n "$d" ]] || d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$d" && -x "$d/pg_ctl" ]] && echo "$d"
}

# --- Installing the binaries when missing ------------------------------------
ensure_installed() {
  [[ -n "$(pg_bin)" ]] && return 0
  if ! can_apt; then
    log "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl)."
    log "Install the Debian/Ubuntu package 'postgresql' (sudo apt-get install postgresql)"
    log "or set PG_BIN_DIR to a directory holding initdb, pg_ctl, pg_isready, psql."
    exit 1
  fi
  log "installing postgresql with apt-get"
  apt_install_quietly postgresql || { log "apt-get install postgresql failed"; exit 1; }
  [[ -n "$(pg_bin)" ]] || { log "still no pg_ctl after installing postgresql"; exit 1; }
}

# --- Who runs the server, and where its data lives -----------------------------
# PostgreSQL refuses to run as root: as root we run it as the `postgres` OS user
# (created by the Debian package); as anyone else, as that user.
as_pg() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The postgres user must be able to reach the data dir. If it can't traverse
# the repo path (e.g. a clone under /root, mode 700), use /tmp instead.
choose_data_dir() {
  [[ $EUID -eq 0 ]] || return 0
  mkdir -p "$VAR"
  runuser -u postgres -- test -x "$VAR" && return 0
  DATA="/tmp/pp-postgres-$PORT"
  [[ "${1:-}" = quiet ]] || log "user postgres cannot traverse $VAR; using $DATA instead"
}

is_running() {
  [[ -f "$DATA/PG_VERSION" ]] || return 1
  as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

init_cluster() {
  [[ -f "$DATA/PG_VERSION" ]] && return 0
  log "creating cluster in $DATA"
  mkdir -p "$DATA"
  chmod 700 "$DATA"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$DATA"
  # --no-sync: a throwaway cluster need not be flushed to disk at creation.
  as_pg "$BIN/initdb" -D "$DATA" --auth=trust --encoding=UTF8 --locale=C \
    --username=postgres --no-sync >"$DATA.initdb.log" 2>&1 || {
    cat "$DATA.initdb.log" >&2
    exit 1
  }
  rm -f "$DATA.initdb.log"
  # Unix socket in the data dir, unless that path is too long for a socket
  # (108 bytes); then TCP only — all our clients use 127.0.0.1 anyway.
  local sockdir="$DATA"
  ((${#DATA} + 20 < 100)) || sockdir=""
  cat >>"$DATA/postgresql.conf" <<EOF

# --- deploy/local/postgres.sh: dev/test cluster settings ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$sockdir'
max_connections = 300
# Durability is traded for speed: this cluster only holds dev/test data.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

cmd_start() {
  init_cluster
  if ! is_running; then
    if port_busy "$PORT"; then
      log "port $PORT is already in use by another process (another cluster? a different VAR_DIR?)"
      exit 1
    fi
    log "starting cluster (data: $DATA)"
    # The server is started in its own session (setsid) so Ctrl-C in the
    # caller's terminal does not reach it; callers stop it with `stop`.
    as_pg setsid -w "$BIN/pg_ctl" -D "$DATA" -l "$DATA/postgres.log" -w -t 60 start >/dev/null || {
      log "PostgreSQL did not start; last lines of $DATA/postgres.log:"
      tail -n 30 "$DATA/postgres.log" >&2 || true
      exit 1
    }
  fi
  local i
  for ((i = 0; i < 300; i++)); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres && return 0
    sleep 0.1
  done
  log "PostgreSQL is running but not accepting connections on 127.0.0.1:$PORT"
  exit 1
}

cmd_stop() {
  is_running || return 0
  log "stopping cluster"
  as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
}

psql_() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

db_exists() {
  # :'name' quotes the value as an SQL literal, so any NAME is safe here.
  [[ "$(psql_ -d postgres -tA -v name="$1" <<<"SELECT 1 FROM pg_database WHERE datname = :'name'")" = 1 ]]
}

need_name() { [[ -n "${1:-}" ]] || { echo "usage: $0 $2 NAME" >&2; exit 2; }; }

case "${1:-}" in
  url)
    need_name "${2:-}" url
    echo "postgresql://postgres@127.0.0.1:$PORT/$2"
    exit 0
    ;;
  start | stop | status | createdb | dropdb | reset) ;;
  *)
    echo "usage: $0 start|stop|status|reset|createdb NAME|dropdb NAME|url NAME" >&2
    exit 2
    ;;
esac

[[ "$1" = status || "$1" = stop || "$1" = reset ]] || ensure_installed
BIN="$(pg_bin || true)"
if [[ -z "$BIN" ]]; then
  # Nothing installed means nothing can be running.
  [[ "$1" = status ]] && exit 1
  exit 0
fi
choose_data_dir "$([[ "$1" = start ]] || echo quiet)"

case "$1" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) is_running || exit 1 ;;
  createdb)
    need_name "${2:-}" createdb
    # createdb quotes the identifier itself; losing a race to a concurrent
    # create of the same name is fine too.
    if ! db_exists "$2"; then
      err="$("$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres -- "$2" 2>&1)" ||
        db_exists "$2" || { log "$err"; exit 1; }
    fi
    ;;
  dropdb)
    need_name "${2:-}" dropdb
    # --force (PG 13+) disconnects sessions still using the database.
    "$BIN/dropdb" -h 127.0.0.1 -p "$PORT" -U postgres --if-exists --force -- "$2"
    ;;
  reset)
    cmd_stop
    rm -rf -- "$DATA"
    ;;
esac
