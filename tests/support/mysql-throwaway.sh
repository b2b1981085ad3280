# Sourced by ./dev test: a throwaway MariaDB (or MySQL) server in a temporary folder, on a
# loopback port, run as a non-root user. Installs nothing. Exports BB_TEST_MYSQL_URL for the
# tests, or BB_TEST_MYSQL_SKIP with the reason it could not start one.

MY_TMP=""
MY_PID=""
MY_RUNAS=()

mysql_throwaway_skip() {
  export BB_TEST_MYSQL_SKIP="$1"
  echo "MySQL tests skipped: $BB_TEST_MYSQL_SKIP" >&2
  return 1
}

mysql_throwaway_start() {
  local server install client port i
  server=$(command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null | head -n 1)
  install=$(command -v mariadb-install-db || command -v mysql_install_db || true)
  client=$(command -v mariadb || command -v mysql || true)
  if [ -z "$server" ] || [ -z "$install" ] || [ -z "$client" ]; then
    mysql_throwaway_skip "mariadbd / mariadb-install-db not found; install the mariadb-server package"
    return 1
  fi
  MY_TMP=$(mktemp -d /tmp/bb-mysql.XXXXXX)
  chmod 755 "$MY_TMP"
  if [ "$(id -u)" = 0 ]; then
    # mariadbd will not run as root; the mariadb-server package creates this user.
    if ! id mysql >/dev/null 2>&1; then
      mysql_throwaway_skip "running as root and there is no 'mysql' user to run the server as"
      return 1
    fi
    chown mysql "$MY_TMP"
    MY_RUNAS=(runuser -u mysql --)
  fi
  if ! "${MY_RUNAS[@]}" "$install" --no-defaults --auth-root-authentication-method=normal \
       --datadir="$MY_TMP/data" --skip-test-db >"$MY_TMP/install.log" 2>&1; then
    mysql_throwaway_skip "mariadb-install-db failed: $(tail -n 3 "$MY_TMP/install.log" | tr '\n' ' ')"
    return 1
  fi
  port=$(( 20000 + RANDOM % 20000 ))
  "${MY_RUNAS[@]}" "$server" --no-defaults --datadir="$MY_TMP/data" --socket="$MY_TMP/mysql.sock" \
    --port="$port" --bind-address=127.0.0.1 --pid-file="$MY_TMP/mysqld.pid" \
    --innodb-buffer-pool-size=32M --innodb-log-file-size=16M --skip-log-bin \
    --max-connections=200 >"$MY_TMP/server.log" 2>&1 &
  MY_PID=$!
  for i in $(seq 1 60); do
    "$client" --no-defaults -uroot --socket="$MY_TMP/mysql.sock" -e "SELECT 1" >/dev/null 2>&1 && break
    if ! kill -0 "$MY_PID" 2>/dev/null; then
      mysql_throwaway_skip "the server exited: $(tail -n 3 "$MY_TMP/server.log" | tr '\n' ' ')"
      MY_PID=""
      return 1
    fi
    sleep 0.5
  done
  # A real user with a password (the tests check what a wrong one gets), allowed to create the
  # backbench_* databases tests make for themselves so suites can run side by side.
  if ! "$client" --no-defaults -uroot --socket="$MY_TMP/mysql.sock" -e "
      CREATE DATABASE backbench_test CHARACTER SET utf8mb4;
      CREATE USER 'backbench'@'127.0.0.1' IDENTIFIED BY 'backbench-pw';
      GRANT ALL ON \`backbench\\_%\`.* TO 'backbench'@'127.0.0.1';
      GRANT PROCESS ON *.* TO 'backbench'@'127.0.0.1';" >"$MY_TMP/setup.log" 2>&1; then
    mysql_throwaway_skip "could not create the test user: $(tail -n 3 "$MY_TMP/setup.log" | tr '\n' ' ')"
    mysql_throwaway_stop
    return 1
  fi
  export BB_TEST_MYSQL_URL="mysql://backbench:backbench-pw@127.0.0.1:$port/backbench_test"
  echo "MySQL for tests: $BB_TEST_MYSQL_URL" >&2
}

mysql_throwaway_stop() {
  local pid=""
  # The server's own pid (MY_PID may be runuser's); it shuts down cleanly on SIGTERM.
  [ -n "$MY_TMP" ] && [ -f "$MY_TMP/mysqld.pid" ] && pid=$(cat "$MY_TMP/mysqld.pid")
  [ -z "$pid" ] && pid=$MY_PID
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  if [ -n "$MY_PID" ] && kill -0 "$MY_PID" 2>/dev/null; then
    kill "$MY_PID" 2>/dev/null || true
  fi
  MY_PID=""
  [ -n "$MY_TMP" ] && rm -rf "$MY_TMP"
  MY_TMP=""
}
