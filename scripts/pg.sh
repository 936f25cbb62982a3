# Throwaway PostgreSQL 15 for the quick start and the tests. Source this file, then call
#   pg_start DIR PORT   -> starts a private server (data + socket under DIR), exports SCHEMACTL_TEST_URL
#   pg_stop             -> stops it (also registered on EXIT by pg_start, unless PG_KEEP=1)
# initdb refuses to run as root, so as root the server runs as the `postgres` system user
# that Debian's postgresql package creates.

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local dir="$1" port="$2"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  PG_DIR="$dir"
  PG_DATA="$dir/data"
  PG_SOCK="$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    # the postgres user must be able to reach the directory
    local p="$dir"
    while [ "$p" != "/" ]; do chmod o+x "$p" 2>/dev/null || true; p="$(dirname "$p")"; done
  fi
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DATA" "$PG_SOCK"
  _pg_as_owner mkdir -p "$PG_SOCK"
  _pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  cat >>"$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
max_locks_per_transaction = 1024
log_min_messages = warning
CONF
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres
  export SCHEMACTL_TEST_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
  if [ "${PG_KEEP:-0}" != 1 ]; then trap pg_stop EXIT; fi
}

pg_stop() {
  if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
