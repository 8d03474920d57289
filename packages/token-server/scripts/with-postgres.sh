#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server: initdb in a temp dir, start it listening on a
# Unix socket only (no TCP port, so parallel runs never collide), export DATABASE_URL, run, stop, delete.
# Usage: bash scripts/with-postgres.sh <command...>
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] && command -v pg_config >/dev/null; then PGBIN=$(pg_config --bindir); fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/postgres" ]; then
  echo "with-postgres: PostgreSQL server binaries not found (initdb, postgres)." >&2
  echo "with-postgres: install them with 'apt-get install postgresql' (bash .ci/run does this)." >&2
  exit 1
fi

# initdb and postgres refuse to run as root: use the postgres system user (or create one).
RUN_AS=$(id -un)
if [ "$(id -u)" = 0 ]; then
  RUN_AS=postgres
  id "$RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home "$RUN_AS"
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi; }

DIR=$(mktemp -d -t pgkit.XXXXXX)
chmod 755 "$DIR"
chown "$RUN_AS" "$DIR"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 ||
  { cat "$DIR/initdb.log" >&2; exit 1; }
# fsync off: the data is thrown away after the run, durability across power loss is not under test.
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses='' -k $DIR -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null ||
  { cat "$DIR/server.log" >&2; exit 1; }

export DATABASE_URL="postgresql://postgres@localhost/postgres?host=$DIR"
"$@"
