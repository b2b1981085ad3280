# Sourced by ./dev test: a throwaway PostgreSQL server in a temporary folder, on a loopback
# port, run as a non-root user. Exports BB_TEST_PG_URL for the tests, or BB_TEST_PG_SKIP with
# the reason it could not start one.

PG_TMP=""
PG_PORT=""
PG_RUNAS=()

pg_throwaway_start() {
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    export BB_TEST_PG_SKIP="PostgreSQL server binaries (initdb) not found; install the postgresql package"
    echo "PostgreSQL tests skipped: $BB_TEST_PG_SKIP" >&2
    return 1
  fi
  PG_TMP=$(mktemp -d /tmp/bb-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root; the postgresql package creates this user.
    if ! id postgres >/dev/null 2>&1; then
      export BB_TEST_PG_SKIP="running as root and there is no 'postgres' user to run the server as"
      echo "PostgreSQL tests skipped: $BB_TEST_PG_SKIP" >&2
      return 1
    fi
    chown postgres "$PG_TMP"
    PG_RUNAS=(runuser -u postgres --)
  fi
  PG_PORT=$(( 20000 + RANDOM % 20000 ))
  if ! "${PG_RUNAS[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U backbench --auth=trust -E UTF8 \
       >"$PG_TMP/initdb.log" 2>&1; then
    export BB_TEST_PG_SKIP="initdb failed: $(tail -n 3 "$PG_TMP/initdb.log" | tr '\n' ' ')"
    echo "PostgreSQL tests skipped: $BB_TEST_PG_SKIP" >&2
    return 1
  fi
  if ! "${PG_RUNAS[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c max_connections=200" \
       start >/dev/null 2>&1; then
    export BB_TEST_PG_SKIP="the server did not start: $(tail -n 3 "$PG_TMP/server.log" | tr '\n' ' ')"
    echo "PostgreSQL tests skipped: $BB_TEST_PG_SKIP" >&2
    return 1
  fi
  "${PG_RUNAS[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$PG_PORT" -U backbench backbench_test
  export BB_TEST_PG_URL="postgres://backbench@127.0.0.1:$PG_PORT/backbench_test"
  PG_BINDIR=$bindir
  echo "PostgreSQL for tests: $BB_TEST_PG_URL" >&2
}

pg_throwaway_stop() {
  if [ -n "$PG_TMP" ] && [ -d "$PG_TMP/data" ]; then
    "${PG_RUNAS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$PG_TMP" ] && rm -rf "$PG_TMP"
  PG_TMP=""
}
