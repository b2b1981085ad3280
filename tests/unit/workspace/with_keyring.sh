#!/bin/sh
# Runs a test against a real Secret Service: a private session bus (dbus-run-session) with
# gnome-keyring-daemon unlocked by an empty password on stdin, in a throwaway XDG_DATA_HOME so
# the user's own keyrings are never touched. The daemon is stopped by its PID when the test ends
# (it would also die with the private bus). When it cannot start, the test still runs, with
# BB_SECRET_SERVICE_SKIP saying why, and skips.
#
# usage: with_keyring.sh TEST_BINARY [ARGS...]
set -u
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data" "$tmp/run"
chmod 700 "$tmp/run"
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    BB_SECRET_SERVICE_SKIP="$tool is not installed (./dev deps installs it)" "$@"
    exit $?
  fi
done

# shellcheck disable=SC2016 # expanded by the inner shell
dbus-run-session -- sh -c '
  log=$0/daemon.log
  echo | gnome-keyring-daemon --foreground --unlock --components=secrets >"$log" 2>&1 &
  pid=$!
  i=0
  # Wait (at most 5 s) until the daemon owns the Secret Service name on the private bus.
  while [ $i -lt 50 ]; do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
      grep -q "boolean true" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
  done
  if kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; then
    "$@"
    rc=$?
  else
    BB_SECRET_SERVICE_SKIP="gnome-keyring-daemon did not start: $(tail -n 3 "$log" | tr "\n" " ")" "$@"
    rc=$?
  fi
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if kill -0 "$pid" 2>/dev/null; then
    echo "with_keyring.sh: gnome-keyring-daemon $pid is still running" >&2
    rc=1
  fi
  exit $rc
' "$tmp" "$@"
