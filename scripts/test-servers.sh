#!/usr/bin/env bash
# Throwaway servers for the second test run: a PostgreSQL cluster and a `chroma run` server,
# both on 127.0.0.1 (free ports), all state in one temporary folder.
#
#   scripts/test-servers.sh start [postgres] initdb + start PostgreSQL, start Chroma (unless
#                                            `postgres`: PostgreSQL alone)
#   scripts/test-servers.sh env              print the exports the test switch reads
#   scripts/test-servers.sh url              print PostgreSQL's SQLAlchemy URL
#   scripts/test-servers.sh run CMD...       start, run CMD with the switch on, stop (always)
#   scripts/test-servers.sh pg-restart       restart PostgreSQL (pg-stop / pg-start: in two steps)
#   scripts/test-servers.sh status | stop    stop kills both servers and deletes the folder
#
# The folder is $LAB_TEST_SERVERS_DIR (default /tmp/lab-test-servers-$UID). PostgreSQL
# refuses to run as root: as root the cluster belongs to the `postgres` user that Debian's
# package creates (or $LAB_TEST_PG_OSUSER). Needs Debian's `postgresql` package
# (scripts/system-deps.sh) and the virtualenv's `chroma`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${LAB_TEST_SERVERS_DIR:-/tmp/lab-test-servers-$(id -u)}"
PGDATA_DIR="$DIR/pg"
PGRUN_DIR="$DIR/pg-run"  # socket and log, writable by the cluster's owner
CHROMA_BIN="${LAB_TEST_CHROMA_BIN:-$ROOT/.venv/bin/chroma}"
PYTHON="$ROOT/.venv/bin/python"

die() { echo "test-servers: $*" >&2; exit 1; }

pg_bindir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  die "no PostgreSQL server binaries (initdb): run scripts/system-deps.sh as root"
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# run a PostgreSQL server command as the cluster's owner (never root)
as_owner() {
  # from the servers' folder: PostgreSQL's tools fail in a directory their user cannot read
  if [ "$(id -u)" = "0" ]; then
    (cd "$DIR" && runuser -u "$(cat "$DIR/pg-owner")" -- "$@")
  else
    (cd "$DIR" && "$@")
  fi
}

pg_ctl_() { as_owner "$(cat "$DIR/pg-bindir")/pg_ctl" -D "$PGDATA_DIR" "$@"; }

start_pg() {
  local bindir owner port
  bindir="$(pg_bindir)"
  echo "$bindir" > "$DIR/pg-bindir"
  owner="$(id -un)"
  if [ "$(id -u)" = "0" ]; then
    owner="${LAB_TEST_PG_OSUSER:-postgres}"
    id "$owner" >/dev/null 2>&1 || \
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$owner"
  fi
  echo "$owner" > "$DIR/pg-owner"
  mkdir -p "$PGDATA_DIR" "$PGRUN_DIR"
  chmod 755 "$DIR"
  if [ "$(id -u)" = "0" ]; then chown "$owner" "$PGDATA_DIR" "$PGRUN_DIR"; fi
  chmod 700 "$PGDATA_DIR"
  # C.UTF-8: UTF-8 text with code-point ordering (like SQLite) and Unicode-aware lower()
  as_owner "$bindir/initdb" -D "$PGDATA_DIR" -U lab --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  port="$(free_port)"
  echo "$port" > "$DIR/pg-port"
  # a throwaway cluster: durability off, room for one pool per test app
  cat >> "$PGDATA_DIR/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PGRUN_DIR'
max_connections = 400
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  pg_ctl_ -l "$PGRUN_DIR/pg.log" -w -t 60 start >/dev/null || { tail -n 30 "$PGRUN_DIR/pg.log" >&2; die "PostgreSQL did not start"; }
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U lab lab_test
}

start_chroma() {
  local port
  [ -x "$CHROMA_BIN" ] || die "no chroma at $CHROMA_BIN (make install-dev first)"
  port="$(free_port)"
  echo "$port" > "$DIR/chroma-port"
  # setsid: the server outlives this script, in its own process group
  setsid "$CHROMA_BIN" run --path "$DIR/chroma" --host 127.0.0.1 --port "$port" \
    >"$DIR/chroma.log" 2>&1 < /dev/null &
  echo $! > "$DIR/chroma.pid"
  for _ in $(seq 1 200); do
    if "$PYTHON" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/api/v2/heartbeat', timeout=1)" 2>/dev/null; then
      return
    fi
    kill -0 "$(cat "$DIR/chroma.pid")" 2>/dev/null || break
    sleep 0.3
  done
  tail -n 30 "$DIR/chroma.log" >&2
  die "chroma run did not start"
}

print_env() {
  [ -f "$DIR/pg-port" ] && [ -f "$DIR/chroma-port" ] || die "not started (scripts/test-servers.sh start)"
  echo "export LAB_TEST_SERVERS=1"
  echo "export LAB_TEST_SERVERS_DIR='$DIR'"
  echo "export LAB_TEST_DATABASE_URL='postgresql+psycopg://lab@127.0.0.1:$(cat "$DIR/pg-port")/lab_test'"
  echo "export LAB_TEST_CHROMA='127.0.0.1:$(cat "$DIR/chroma-port")'"
}

stop_all() {
  if [ -f "$DIR/chroma.pid" ]; then
    local pid
    pid="$(cat "$DIR/chroma.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  if [ -f "$DIR/pg-bindir" ] && [ -f "$PGDATA_DIR/postmaster.pid" ]; then
    pg_ctl_ -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start)
    [ -e "$DIR" ] && die "$DIR exists: 'scripts/test-servers.sh stop' first"
    mkdir -p "$DIR"
    trap 'stop_all' EXIT  # a failed start leaves nothing behind
    start_pg
    [ "${2:-all}" = "postgres" ] || start_chroma
    trap - EXIT
    echo "test-servers: PostgreSQL on 127.0.0.1:$(cat "$DIR/pg-port")" \
      "$([ -f "$DIR/chroma-port" ] && echo "and Chroma on 127.0.0.1:$(cat "$DIR/chroma-port")") ($DIR)" >&2
    ;;
  url) echo "postgresql+psycopg://lab@127.0.0.1:$(cat "$DIR/pg-port")/lab_test" ;;
  env) print_env ;;
  run)
    shift
    [ $# -gt 0 ] || die "usage: scripts/test-servers.sh run CMD..."
    "$0" start
    trap '"$0" stop' EXIT
    eval "$(print_env)"
    "$@"
    ;;
  pg-stop) pg_ctl_ -m fast -w stop >/dev/null ;;
  pg-start) pg_ctl_ -l "$PGRUN_DIR/pg.log" -w -t 60 start >/dev/null ;;
  pg-restart) pg_ctl_ -m fast -l "$PGRUN_DIR/pg.log" -w -t 60 restart >/dev/null ;;
  status)
    [ -d "$DIR" ] || { echo "stopped"; exit 1; }
    pg_ctl_ status || true
    if [ -f "$DIR/chroma.pid" ] && kill -0 "$(cat "$DIR/chroma.pid")" 2>/dev/null; then
      echo "chroma: running (pid $(cat "$DIR/chroma.pid"))"
    fi
    ;;
  stop) stop_all ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
