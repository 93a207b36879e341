#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and benches, built from the Debian binaries.
#   scripts/postgres.sh up    start (or reuse) the cluster, print its URL
#   scripts/postgres.sh url   print the URL of the running cluster
#   scripts/postgres.sh down  stop it and delete its data
# AILOG_PG_DIR overrides the location (default: <repo>/.cache/pg). Trust auth on loopback only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${AILOG_PG_DIR:-$root/.cache/pg}"
data="$dir/data"
portfile="$dir/port"

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "postgres.sh: no PostgreSQL server binaries found; install them with: apt-get install postgresql" >&2
  exit 2
fi

# PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
as_pg() {
  if [[ "$(id -u)" -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgres://postgres@127.0.0.1:$(cat "$portfile")/postgres"; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'
}

running() { [[ -f "$portfile" ]] && as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

up() {
  if running; then url; return; fi
  mkdir -p "$dir"
  if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$dir"; fi
  if [[ ! -f "$data/PG_VERSION" ]]; then
    as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  local port; port="$(free_port)"
  echo "$port" >"$portfile"
  # Socket dir inside the cluster dir: /var/run/postgresql may not exist or be writable.
  as_pg "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { tail -n 30 "$dir/server.log" >&2; exit 1; }
  url
}

down() {
  if [[ -f "$data/PG_VERSION" ]]; then
    as_pg "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  url) if running; then url; else echo "postgres.sh: not running" >&2; exit 1; fi ;;
  *) echo "usage: $0 up|down|url" >&2; exit 64 ;;
esac
