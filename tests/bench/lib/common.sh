# shellcheck shell=bash
# Shared helpers for the benchmark harness: logging, statistics and process bookkeeping.
# Sourced by run.sh; every process the harness starts goes through track_pid so the EXIT trap
# can stop it by PID, even when a measurement fails half-way.

BB_PIDS=()

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
note() { printf '    %s\n' "$*" >&2; }
die() {
  printf 'bench: %s\n' "$*" >&2
  exit 1
}

track_pid() { BB_PIDS+=("$1"); }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# SIGTERM, then SIGKILL after `grace` seconds: a server that ignores TERM must not outlive us.
stop_pid() {
  local pid=$1 grace=${2:-5} i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 10; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

stop_all_tracked() {
  local pid
  for pid in "${BB_PIDS[@]}"; do
    stop_pid "$pid"
  done
  BB_PIDS=()
}

# Runs a command in the background and kills it (by PID) if it outlives `seconds`, so no step of
# the harness can hang the run. Returns the command's status, or 124 on timeout.
run_bounded() {
  local seconds=$1 pid rc=0 deadline
  shift
  "$@" &
  pid=$!
  track_pid "$pid"
  deadline=$((SECONDS + seconds))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      note "timed out after ${seconds}s: $*"
      stop_pid "$pid" 2
      return 124
    fi
    sleep 0.1
  done
  wait "$pid" || rc=$?
  return $rc
}

# utime+stime, in clock ticks, of a process and its direct children (nginx's worker is a child
# of its master; a process's own figure already covers all of its threads).
cpu_ticks() {
  local pid=$1 total=0 p stat rest kids=""
  [ -r "/proc/$pid/stat" ] || {
    echo 0
    return
  }
  kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null || true)
  for p in $pid $kids; do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    # Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
    rest=${stat##*) }
    total=$((total + $(awk '{ print $12 + $13 }' <<<"$rest")))
  done
  echo "$total"
}

# Median of the numbers given as arguments (the mean of the middle two for an even count);
# prints nothing when there are none.
median() {
  [ $# -gt 0 ] || return 0
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR % 2) printf "%.6g\n", v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# a / b with `digits` decimals, or empty when either side is missing or b is zero.
ratio() {
  local a=${1:-} b=${2:-} digits=${3:-2}
  [ -n "$a" ] && [ -n "$b" ] || return 0
  awk -v a="$a" -v b="$b" -v d="$digits" 'BEGIN { if (b + 0 != 0) printf "%.*f\n", d, a / b }'
}

# Waits until `url` answers 200, the process `pid` dies, or `seconds` pass.
wait_http_ok() {
  local url=$1 pid=$2 seconds=${3:-30} deadline
  deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    pid_alive "$pid" || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# A TCP port nobody listens on right now (the caller still retries if it loses a race).
free_port() {
  local port i
  for ((i = 0; i < 50; i++)); do
    port=$((20000 + RANDOM % 40000))
    # A refused connection means nobody listens there (bash's /dev/tcp needs no extra tool).
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
