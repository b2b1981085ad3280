#!/usr/bin/env bash
# `backbench load` against wrk (DESIGN §5): both pinned to core 1, nginx from Debian pinned to
# core 0, the same connections and duration, one thread each. Reports requests per CPU-second
# of each generator (user+sys of its process, from the shell's `times`), the rps each reaches
# and their ratio (target ≥ 1.1), as medians of RUNS interleaved runs. Then memory: one run at a
# constant rate with VmRSS sampled every 10 s (first, last, max), which must stay flat.
# Runs alone (`tests/bench/bench_load.sh BUILD_DIR`) or from run.sh. Prints a table and
# "BBLOAD key=value …", and writes BUILD_DIR/bench/load.json.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
source "$BENCH_DIR/lib/common.sh"
# shellcheck source=lib/peers.sh
source "$BENCH_DIR/lib/peers.sh"

usage() {
  cat <<USAGE
Usage: tests/bench/bench_load.sh BUILD_DIR [OPTIONS]

Options:
  --runs N              interleaved runs per generator; medians are reported (default 3)
  --duration S          seconds per throughput run (default 10)
  --connections C       connections of both generators (default 50)
  --memory-seconds S    length of the constant-rate memory run (default 300; 30 when
                        BB_BENCH_QUICK is set; 0 skips it)
  --memory-rate R       its rate in requests per second (default 2000)
  -h, --help            show this help
USAGE
}

RUNS=3
DURATION=10
CONNECTIONS=50
MEMORY_SECONDS=300
[ -n "${BB_BENCH_QUICK:-}" ] && MEMORY_SECONDS=30
MEMORY_RATE=2000
GEN_CORE=1

count() { [[ $2 =~ ^[0-9]+$ ]] || die "$1 needs a whole number, got '$2'"; }

parse_args() {
  [ $# -gt 0 ] || {
    usage >&2
    exit 2
  }
  case $1 in -h | --help) usage; exit 0 ;; esac
  BUILD=$(cd "$1" 2>/dev/null && pwd) || die "no build folder at '$1'"
  shift
  while [ $# -gt 0 ]; do
    case $1 in
      --runs) count "$1" "${2:-}"; RUNS=$2; shift 2 ;;
      --duration) count "$1" "${2:-}"; DURATION=$2; shift 2 ;;
      --connections) count "$1" "${2:-}"; CONNECTIONS=$2; shift 2 ;;
      --memory-seconds) count "$1" "${2:-}"; MEMORY_SECONDS=$2; shift 2 ;;
      --memory-rate) count "$1" "${2:-}"; MEMORY_RATE=$2; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown option '$1'" ;;
    esac
  done
  # Every loop is bounded: at most 20 runs of at most 60 s, a memory run of at most 1 h.
  ((RUNS >= 1 && RUNS <= 20 && DURATION >= 1 && DURATION <= 60 && MEMORY_SECONDS <= 3600)) ||
    die "--runs is 1 to 20, --duration 1 to 60, --memory-seconds at most 3600"
  ((CONNECTIONS >= 1 && CONNECTIONS <= 1000)) || die "--connections is 1 to 1000"
}

# Runs a generator pinned to GEN_CORE; prints "CPU_SECONDS" of the process (user+sys, children
# included: taskset execs it, so it is the generator itself). Output goes to $2.
timed_run() {
  local out=$1 times_file=$2
  shift 2
  (
    timeout $((DURATION + 30)) taskset -c "$GEN_CORE" "$@" >"$out" 2>&1 || true
    times >"$times_file"
  )
  # `times` prints the shell's own line, then its children's: "0m1.234s 0m0.567s".
  awk 'NR == 2 {
    split($1, u, /[ms]/); split($2, s, /[ms]/)
    printf "%.3f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$times_file"
}

declare -A FIG=()
add() { FIG[$1]="${FIG[$1]:-}${FIG[$1]:+ }$2"; }

one_run() {
  local tool=$1 i=$2 url=$3 out cpu requests rps
  out=$WORK/$tool-$i.txt
  if [ "$tool" = wrk ]; then
    cpu=$(timed_run "$out" "$WORK/$tool-$i.times" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$url")
  else
    cpu=$(timed_run "$out" "$WORK/$tool-$i.times" "$BIN" load "$url" -t 1 -c "$CONNECTIONS" \
      -d "${DURATION}s" --quiet)
  fi
  requests=$(awk '/ requests in / { print $1; exit }' "$out")
  rps=$(awk '/^Requests\/sec:/ { print $2; exit }' "$out")
  if [ -z "$requests" ] || [ -z "$rps" ] || [ "$(awk -v c="$cpu" 'BEGIN { print (c > 0) }')" != 1 ]; then
    note "$tool run $i printed no figures; see $out"
    return 0
  fi
  add "$tool|rps" "$rps"
  add "$tool|per_cpu_s" "$(awk -v n="$requests" -v c="$cpu" 'BEGIN { printf "%.0f", n / c }')"
  note "$tool run $i: $requests requests, $rps req/s, $cpu CPU-s"
}

throughput() {
  local url=$1 i
  for ((i = 1; i <= RUNS; i++)); do
    # Alternate who goes first, so drift on the shared machine is not pinned on one tool.
    if ((i % 2)); then
      one_run wrk "$i" "$url"
      one_run backbench "$i" "$url"
    else
      one_run backbench "$i" "$url"
      one_run wrk "$i" "$url"
    fi
  done
}

# VmRSS of the generator every 10 s (or every tenth of a short run) during one constant-rate run.
memory() {
  local url=$1 pid every rss first="" last="" max=0 samples=0 deadline
  ((MEMORY_SECONDS > 0)) || return 0
  every=10
  ((MEMORY_SECONDS < 100)) && every=$(((MEMORY_SECONDS + 9) / 10))
  log "backbench load: ${MEMORY_SECONDS}s at ${MEMORY_RATE} req/s, VmRSS every ${every}s"
  taskset -c "$GEN_CORE" "$BIN" load "$url" --rate "$MEMORY_RATE" -c 50 -t 1 \
    -d "${MEMORY_SECONDS}s" --quiet >"$WORK/memory.txt" 2>&1 &
  pid=$!
  track_pid "$pid"
  deadline=$((SECONDS + MEMORY_SECONDS + 30))
  sleep 1
  while pid_alive "$pid" && ((SECONDS < deadline)); do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    if [ -n "$rss" ]; then
      [ -z "$first" ] && first=$rss
      last=$rss
      ((rss > max)) && max=$rss
      samples=$((samples + 1))
      printf '%s %s\n' "$samples" "$rss" >>"$WORK/memory_rss.txt"
    fi
    sleep "$every"
  done
  stop_pid "$pid" 2
  [ -n "$first" ] || return 0
  FIG[mem_first_kb]=$first
  FIG[mem_last_kb]=$last
  FIG[mem_max_kb]=$max
  FIG[mem_samples]=$samples
  FIG[mem_requests]=$(awk '/ requests in / { print $1; exit }' "$WORK/memory.txt")
}

main() {
  parse_args "$@"
  BIN=$BUILD/app/backbench
  [ -x "$BIN" ] || die "$BIN is not built"
  for t in wrk taskset nginx curl; do
    command -v "$t" >/dev/null || die "'$t' is missing; ./dev deps installs it"
  done
  (($(nproc) >= 2)) || die "needs 2 CPUs (nginx on 0, the generators on 1)"
  WORK=$BUILD/bench/load
  rm -rf "$WORK"
  mkdir -p "$WORK"
  trap stop_all_tracked EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_nginx "$WORK/nginx" || die "nginx did not start"
  local url=${PEER_URL[nginx]}/
  log "backbench load vs wrk against nginx ($url): $RUNS runs of ${DURATION}s, $CONNECTIONS connections"
  throughput "$url"
  memory "$url"
  stop_pid "${PEER_PID[nginx]}"

  local bb_cpu wrk_cpu bb_rps wrk_rps ratio verdict
  # shellcheck disable=SC2086
  bb_cpu=$(median ${FIG[backbench|per_cpu_s]:-})
  # shellcheck disable=SC2086
  wrk_cpu=$(median ${FIG[wrk|per_cpu_s]:-})
  # shellcheck disable=SC2086
  bb_rps=$(median ${FIG[backbench|rps]:-})
  # shellcheck disable=SC2086
  wrk_rps=$(median ${FIG[wrk|rps]:-})
  ratio=$(ratio "$bb_cpu" "$wrk_cpu")
  verdict=missed
  [ -n "$ratio" ] && awk -v r="$ratio" 'BEGIN { exit !(r >= 1.1) }' && verdict=met
  local growth=""
  [ -n "${FIG[mem_first_kb]:-}" ] &&
    growth=$(awk -v a="${FIG[mem_first_kb]}" -v b="${FIG[mem_last_kb]}" 'BEGIN { printf "%.1f", (b - a) / 1024 }')

  printf '\nLoad generator against nginx (%s connections, %ss, one thread on core %s; medians of %s)\n' \
    "$CONNECTIONS" "$DURATION" "$GEN_CORE" "$RUNS"
  printf '%-36s %14s %14s\n' figure "backbench load" wrk
  printf '%-36s %14s %14s\n' "requests per CPU-second" "${bb_cpu:--}" "${wrk_cpu:--}"
  printf '%-36s %14s %14s\n' "requests per second" "${bb_rps:--}" "${wrk_rps:--}"
  printf '%-36s %14s %14s\n' "ratio per CPU-second (target 1.1)" "${ratio:--}x" "$verdict"
  if [ -n "$growth" ]; then
    printf '%-36s %14s\n' "memory run: requests" "${FIG[mem_requests]:--}"
    printf '%-36s %14s\n' "VmRSS first / last / max, MB" "$(awk -v a="${FIG[mem_first_kb]}" \
      -v b="${FIG[mem_last_kb]}" -v c="${FIG[mem_max_kb]}" 'BEGIN { printf "%.1f/%.1f/%.1f", a / 1024, b / 1024, c / 1024 }')"
    printf '%-36s %14s\n' "VmRSS growth first..last, MB" "$growth"
  fi
  printf 'BBLOAD bb_per_cpu_s=%s wrk_per_cpu_s=%s bb_rps=%s wrk_rps=%s ratio=%s verdict=%s mem_first_kb=%s mem_last_kb=%s mem_max_kb=%s mem_seconds=%s\n' \
    "${bb_cpu:-}" "${wrk_cpu:-}" "${bb_rps:-}" "${wrk_rps:-}" "${ratio:-}" "$verdict" \
    "${FIG[mem_first_kb]:-}" "${FIG[mem_last_kb]:-}" "${FIG[mem_max_kb]:-}" "$MEMORY_SECONDS"
  mkdir -p "$BUILD/bench"
  cat >"$BUILD/bench/load.json" <<JSON
{
  "connections": $CONNECTIONS, "duration_s": $DURATION, "runs": $RUNS,
  "backbench": { "requests_per_cpu_s": ${bb_cpu:-null}, "rps": ${bb_rps:-null} },
  "wrk": { "requests_per_cpu_s": ${wrk_cpu:-null}, "rps": ${wrk_rps:-null} },
  "ratio_per_cpu_s": ${ratio:-null}, "target": 1.1, "verdict": "$verdict",
  "memory": { "seconds": $MEMORY_SECONDS, "rate": $MEMORY_RATE, "rss_first_kb": ${FIG[mem_first_kb]:-null},
              "rss_last_kb": ${FIG[mem_last_kb]:-null}, "rss_max_kb": ${FIG[mem_max_kb]:-null} }
}
JSON
}

main "$@"
