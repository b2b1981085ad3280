#!/usr/bin/env bash
# Backbench benchmarks (DESIGN §5), run by `./dev bench`: the engine against nginx and Node
# under wrk, and the GUI's cold start and idle RSS. Prints a table and writes
# BUILD_DIR/bench/results.json. Everything listens on 127.0.0.1 and every process started here
# is stopped by its PID on exit, even when a step fails.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)

usage() {
  cat <<USAGE
Usage: tests/bench/run.sh BUILD_DIR [OPTIONS]      (or: ./dev bench [OPTIONS])

Options:
  --runs N          measured runs per server and benchmark; medians are reported (default 3)
  --duration S      seconds per wrk run (default 10)
  --connections C   wrk connections (default 50)
  --startup-runs N  launches of the GUI startup probe (default 5)
  --only WHAT       http or gui (default: both)
  --strict          exit 1 when a DESIGN §5 target is missed
  -h, --help        show this help

The engine and GUI parts need BUILD_DIR/app/backbench; without it they are skipped and the
peers are still measured. Logs of every run stay in BUILD_DIR/bench/work/.
USAGE
}

# shellcheck source=lib/common.sh
source "$BENCH_DIR/lib/common.sh"
# shellcheck source=lib/peers.sh
source "$BENCH_DIR/lib/peers.sh"
# shellcheck source=lib/http_bench.sh
source "$BENCH_DIR/lib/http_bench.sh"
# shellcheck source=lib/gui_bench.sh
source "$BENCH_DIR/lib/gui_bench.sh"
# shellcheck source=lib/report.sh
source "$BENCH_DIR/lib/report.sh"

RUNS=3
DURATION=10
CONNECTIONS=50
STARTUP_RUNS=5
ONLY=""
STRICT=0
SKIPPED=()
PEERS=()

positive_int() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive whole number, got '$2'"; }

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
      --runs) positive_int "$1" "${2:-}"; RUNS=$2; shift 2 ;;
      --duration) positive_int "$1" "${2:-}"; DURATION=$2; shift 2 ;;
      --connections) positive_int "$1" "${2:-}"; CONNECTIONS=$2; shift 2 ;;
      --startup-runs) positive_int "$1" "${2:-}"; STARTUP_RUNS=$2; shift 2 ;;
      --only)
        [[ ${2:-} =~ ^(http|gui)$ ]] || die "--only takes http or gui"
        ONLY=$2
        shift 2
        ;;
      --strict) STRICT=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; die "unknown option '$1'" ;;
    esac
  done
  # Each loop is bounded: at most 20 runs of at most 60 s.
  ((RUNS <= 20 && DURATION <= 60 && STARTUP_RUNS <= 20)) ||
    die "--runs and --startup-runs are at most 20, --duration at most 60"
}

check_tools() {
  local t
  for t in wrk taskset curl getconf awk; do
    command -v "$t" >/dev/null || die "'$t' is missing; ./dev deps installs it"
  done
  # Server and load generator each get a core of their own.
  (($(nproc) >= 2)) || die "the HTTP benchmarks need at least 2 CPUs (server on 0, wrk on 1)"
}

cleanup() {
  stop_all_tracked
}

start_peers() {
  if start_engine "$BIN" "$WORK/engine"; then
    PEERS+=(engine)
  else
    SKIPPED+=("engine HTTP benchmarks: $BIN serve did not start (is it built?)")
  fi
  # The same engine answering every GET from SQLite: the response cache would otherwise serve
  # all of posts/{id} (2,000 ids fit its 2,048 entries) and hide the database path.
  if start_engine "$BIN" "$WORK/engine-db" engine-db --no-response-cache; then
    PEERS+=(engine-db)
  else
    SKIPPED+=("engine-db: $BIN serve --no-response-cache did not start")
  fi
  if start_nginx "$WORK/nginx"; then
    PEERS+=(nginx)
  else
    SKIPPED+=("nginx: did not start")
  fi
  if start_node "$WORK/node"; then
    PEERS+=(node)
  else
    SKIPPED+=("node: did not start")
  fi
  local p
  for p in "${PEERS[@]}"; do
    note "$p: pid ${PEER_PID[$p]} at ${PEER_URL[$p]}"
  done
}

stop_peers() {
  local p
  for p in "${PEERS[@]}"; do
    stop_pid "${PEER_PID[$p]}"
  done
}

# JWT verifications per second and the Argon2id verify median (bench_identity), pinned to the
# server core like the servers are.
declare -A IDENTITY=()
run_identity_bench() {
  local bin=$BUILD/tests/bench/bench_identity line word
  if [ ! -x "$bin" ]; then
    SKIPPED+=("identity: $bin is not built")
    return 0
  fi
  log "identity: JWT verifications and Argon2id verify"
  line=$(run_bounded 120 taskset -c "$SERVER_CORE" "$bin" 2>"$LOGS/bench_identity.err" | grep '^BBID ' || true)
  for word in ${line#BBID }; do
    IDENTITY[${word%%=*}]=${word#*=}
  done
}

# Login over HTTP (Argon2id verify, session row, token) on the engine, sequentially: the
# median of LOGIN_RUNS logins as a client sees it.
LOGIN_RUNS=15
run_login_bench() {
  local url=${PEER_URL[engine]:-} i t
  [ -n "$url" ] || return 0
  log "identity: $LOGIN_RUNS logins over HTTP"
  local -a times=()
  for ((i = 0; i < LOGIN_RUNS; i++)); do
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 \
      -H 'Content-Type: application/json' \
      -d "{\"email\":\"$BENCH_VIEWER_EMAIL\",\"password\":\"$BENCH_VIEWER_PASSWORD\"}" \
      "$url/api/v1/auth/login")
    [ "${t%% *}" = 200 ] || {
      note "login $i answered ${t%% *}"
      continue
    }
    times+=("$(awk -v s="${t#* }" 'BEGIN { printf "%.2f", s * 1000 }')")
  done
  ((${#times[@]} > 0)) && IDENTITY[login_ms]=$(printf '%s\n' "${times[@]}" | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
}

print_identity_table() {
  [ -n "${IDENTITY[jwt_verify_per_s]:-}" ] || return 0
  printf '\nIdentity (one thread on core %s)\n' "$SERVER_CORE"
  printf '%-44s %12s\n' "JWT HS256 verifications per second" "${IDENTITY[jwt_verify_per_s]}"
  printf '%-44s %12s\n' "Argon2id verify (m=19 MiB, t=2), median ms" "${IDENTITY[argon2id_verify_ms]}"
  [ -z "${IDENTITY[login_ms]:-}" ] ||
    printf '%-44s %12s\n' "POST /api/v1/auth/login over HTTP, median ms" "${IDENTITY[login_ms]}"
}

# Opening a 3,000-request workspace (bench_workspace_open): the median of several opens of the
# store and its ratio to Bruno's published figure for the same size, and the median of opening
# it in the Endpoints panel (offscreen) until its tree shows every request.
declare -A WORKSPACE=()
run_workspace_bench() {
  local bin=$BUILD/tests/bench/bench_workspace_open line word
  if [ ! -x "$bin" ]; then
    SKIPPED+=("workspace open: $bin is not built")
    return 0
  fi
  log "workspace: opening 3,000 requests"
  line=$(run_bounded 300 "$bin" 2>"$LOGS/bench_workspace_open.err" | grep '^BBWS ' || true)
  for word in ${line#BBWS }; do
    WORKSPACE[${word%%=*}]=${word#*=}
  done
}

print_workspace_table() {
  [ -n "${WORKSPACE[open_3000_ms]:-}" ] || return 0
  printf '\nWorkspace (3,000 requests in 30 folders)\n'
  printf '%-44s %12s\n' "open, median ms" "${WORKSPACE[open_3000_ms]}"
  [ -z "${WORKSPACE[panel_open_3000_ms]:-}" ] ||
    printf '%-44s %12s\n' "open in the Endpoints panel, median ms" "${WORKSPACE[panel_open_3000_ms]}"
  printf '%-44s %12s\n' "Bruno YAML, same size, ms (anchors 3b)" "${WORKSPACE[bruno_yaml_ms]}"
  printf '%-44s %12s\n' "speed-up over Bruno" "${WORKSPACE[speedup_vs_bruno]}x"
}

# Lazy rows of a 10 M-row SQLite table (bench_lazy_rows): time to the first rows, to the last
# row and to the exact count through dbx::RowSource, peak RSS after 300 random jumps, each beside
# the sqlite3 CLI on the same file. Its table (~400 MB) goes to $WORK, removed with it.
declare -A LAZY_ROWS=()
run_lazy_rows_bench() {
  local bin=$BUILD/tests/bench/bench_lazy_rows line word
  if [ ! -x "$bin" ]; then
    SKIPPED+=("lazy rows: $bin is not built")
    return 0
  fi
  command -v sqlite3 >/dev/null || {
    SKIPPED+=("lazy rows: the sqlite3 CLI (the floor) is missing; ./dev deps installs it")
    return 0
  }
  log "lazy rows: generating and browsing 10,000,000 rows"
  mkdir -p "$WORK/lazy-rows"
  line=$(run_bounded 900 env TMPDIR="$WORK/lazy-rows" "$bin" 2>"$LOGS/bench_lazy_rows.err" |
    grep '^BBLR ' || true)
  for word in ${line#BBLR }; do
    LAZY_ROWS[${word%%=*}]=${word#*=}
  done
}

print_lazy_rows_table() {
  [ -n "${LAZY_ROWS[first_ms]:-}" ] || return 0
  printf '\nDatabase browser, lazy rows (%s SQLite rows; medians of 3)\n' "${LAZY_ROWS[rows]}"
  printf '%-34s %10s %10s %8s %10s\n' figure dbx "sqlite3" ratio target
  printf '%-34s %10s %10s %8s %10s\n' "first 100 rows, ms" "${LAZY_ROWS[first_ms]}" \
    "${LAZY_ROWS[cli_first_ms]}" "${LAZY_ROWS[first_vs_cli]}x" "< 200"
  printf '%-34s %10s %10s %8s %10s\n' "last row, ms" "${LAZY_ROWS[last_ms]}" \
    "${LAZY_ROWS[cli_last_ms]}" "${LAZY_ROWS[last_vs_cli]}x" "< 300"
  printf '%-34s %10s %10s %8s %10s\n' "exact COUNT(*), ms" "${LAZY_ROWS[count_ms]}" \
    "${LAZY_ROWS[cli_count_ms]}" "${LAZY_ROWS[count_vs_cli]}x" "-"
  printf '%-34s %10s %10s %8s %10s\n' "peak RSS, MB" "${LAZY_ROWS[peak_rss_mb]}" "-" "-" "< 300"
}

# The response viewer with 100 MB JSON bodies (bench_large_response, offscreen): the longest
# event-loop stall per step and peak RSS, as the binary prints them. Its bodies and pretty-printed
# copies (~600 MB) go to $WORK, removed with it.
run_large_response_bench() {
  local bin=$BUILD/tests/bench/bench_large_response
  if [ ! -x "$bin" ]; then
    SKIPPED+=("large response: $bin is not built")
    return 0
  fi
  log "response viewer: 100 MB JSON bodies"
  mkdir -p "$WORK/large-response"
  run_bounded 900 env QT_QPA_PLATFORM=offscreen TMPDIR="$WORK/large-response" "$bin" \
    >"$LOGS/bench_large_response.txt" 2>&1 ||
    SKIPPED+=("large response: $bin failed; see $LOGS/bench_large_response.txt")
}

print_large_response_table() {
  [ -s "$LOGS/bench_large_response.txt" ] || return 0
  printf '\n'
  grep -v -e '^BBLR ' -e '^QStandardPaths' -e 'propagateSizeHints' "$LOGS/bench_large_response.txt"
}

# Memory after 1,000 sends (bench_tester_sends): the real Endpoints panel, offscreen, sends
# through Ctrl+Enter to a `backbench serve` child; RUNS runs, the median of each figure. Every
# run's BBSENDS line is kept in $LOGS/bench_tester_sends.txt and the medians in
# BUILD_DIR/bench/tester_sends.json.
declare -A SENDS=()
SENDS_KEYS=(rss_before_kb rss_100_kb rss_end_kb rss_closed_kb hwm_kb heap_end_mb
  growth_100_end_b_per_send growth_500_end_b_per_send heap_growth_500_end_b_per_send
  heap_growth_late_b_per_send send_median_ms send_p95_ms max_stall_ms max_busy_ms failures)
run_sends_bench() {
  local bin=$BUILD/tests/bench/bench_tester_sends out=$LOGS/bench_tester_sends.txt i k
  if [ ! -x "$bin" ] || [ ! -x "$BIN" ]; then
    SKIPPED+=("tester sends: $bin or $BIN is not built")
    return 0
  fi
  : >"$out"
  for ((i = 1; i <= RUNS; i++)); do
    log "tester: 1,000 sends through the Endpoints panel, run $i of $RUNS"
    QT_QPA_PLATFORM=offscreen run_bounded 900 "$bin" "$BIN" 2>>"$LOGS/bench_tester_sends.err" |
      grep '^BBSENDS ' >>"$out" || note "bench_tester_sends run $i failed; see $LOGS/bench_tester_sends.err"
  done
  [ -s "$out" ] || return 0
  for k in "${SENDS_KEYS[@]}"; do
    SENDS[$k]=$(grep -o " $k=[-0-9.]*" "$out" | cut -d= -f2 | sort -n |
      awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  done
  SENDS[verdicts]=$(grep -o ' verdict=[a-z]*' "$out" | cut -d= -f2 | paste -sd, -)
  {
    printf '{\n  "runs": %s,\n  "medians": {' "$(wc -l <"$out")"
    local first=1
    for k in "${SENDS_KEYS[@]}"; do
      ((first)) || printf ','
      first=0
      printf '\n    "%s": %s' "$k" "${SENDS[$k]:-null}"
    done
    printf '\n  },\n  "verdicts": "%s",\n  "peers": "none run: Postman, Insomnia and Hoppscotch are not installable here"\n}\n' "${SENDS[verdicts]}"
  } >"$BUILD/bench/tester_sends.json"
}

print_sends_table() {
  [ -n "${SENDS[rss_end_kb]:-}" ] || return 0
  printf '\nEndpoints panel, 1,000 sends (medians of %s runs; no peer runs here)\n' "$RUNS"
  printf '%-44s %12s\n' "VmRSS before / after 100 / after 1,000, MB" \
    "$(awk -v a="${SENDS[rss_before_kb]}" -v b="${SENDS[rss_100_kb]}" -v c="${SENDS[rss_end_kb]}" \
      'BEGIN { printf "%.0f/%.0f/%.0f", a / 1024, b / 1024, c / 1024 }')"
  printf '%-44s %12s\n' "VmRSS after closing the tabs, MB" \
    "$(awk -v a="${SENDS[rss_closed_kb]}" 'BEGIN { printf "%.0f", a / 1024 }')"
  printf '%-44s %12s\n' "RSS growth 100..1,000, bytes per send" "${SENDS[growth_100_end_b_per_send]}"
  printf '%-44s %12s\n' "RSS growth 500..1,000, bytes per send" "${SENDS[growth_500_end_b_per_send]}"
  printf '%-44s %12s\n' "heap in use, last 30% of sends, bytes per send" "${SENDS[heap_growth_late_b_per_send]}"
  printf '%-44s %12s\n' "time per send, median / p95 ms" "${SENDS[send_median_ms]}/${SENDS[send_p95_ms]}"
  printf '%-44s %12s\n' "longest event-loop stall / GUI-thread work, ms" "${SENDS[max_stall_ms]}/${SENDS[max_busy_ms]}"
  printf '%-44s %12s\n' "verdicts (heap, last 30% of sends)" "${SENDS[verdicts]}"
}

# `backbench load` against wrk, both on core 1 against nginx on core 0 (bench_load.sh): requests
# per CPU-second of each generator and their ratio, then VmRSS through a constant-rate run (5 min;
# 30 s with BB_BENCH_QUICK). Its own nginx, its logs in BUILD_DIR/bench/load/.
run_load_bench() {
  if [ ! -x "$BIN" ]; then
    SKIPPED+=("load generator: $BIN is not built")
    return 0
  fi
  log "load generator: backbench load vs wrk against nginx"
  run_bounded 1200 "$BENCH_DIR/bench_load.sh" "$BUILD" --runs "$RUNS" --duration "$DURATION" \
    --connections "$CONNECTIONS" >"$LOGS/bench_load.txt" 2>"$LOGS/bench_load.err" ||
    SKIPPED+=("load generator: bench_load.sh failed; see $LOGS/bench_load.err")
}

print_load_table() {
  [ -s "$LOGS/bench_load.txt" ] || return 0
  grep -v '^BBLOAD ' "$LOGS/bench_load.txt"
}

# The Logs panel at 50,000 lines/s (bench_logs_ingest, offscreen): three phases (empty ring, the
# 1,000,000-line ring full, a query change under load), RUNS runs, the median of each figure per
# phase. Every run's BBLOGS lines stay in $LOGS/bench_logs_ingest.txt and the medians go to
# BUILD_DIR/bench/logs_ingest.json.
declare -A LOGSB=()
LOGS_PHASES=(empty_ring full_ring full_ring_query)
LOGS_KEYS=(max_stall_ms p99_stall_ms max_busy_ms fed committed held ring_mb hwm_mb)
run_logs_bench() {
  local bin=$BUILD/tests/bench/bench_logs_ingest out=$LOGS/bench_logs_ingest.txt i p k
  if [ ! -x "$bin" ]; then
    SKIPPED+=("logs ingest: $bin is not built")
    return 0
  fi
  : >"$out"
  for ((i = 1; i <= RUNS; i++)); do
    log "logs panel: 50,000 lines/s, run $i of $RUNS"
    QT_QPA_PLATFORM=offscreen run_bounded 600 "$bin" 2>>"$LOGS/bench_logs_ingest.err" |
      grep '^BBLOGS ' >>"$out" || note "bench_logs_ingest run $i failed; see $LOGS/bench_logs_ingest.err"
  done
  [ -s "$out" ] || return 0
  for p in "${LOGS_PHASES[@]}"; do
    for k in "${LOGS_KEYS[@]}"; do
      LOGSB[$p.$k]=$(median $(grep " phase=$p " "$out" | grep -o " $k=[-0-9.]*" | cut -d= -f2))
    done
  done
  {
    printf '{\n  "runs": %s,\n  "rate_lines_per_s": 50000,\n  "ring_lines": 1000000,\n  "medians": {' "$RUNS"
    local first=1
    for p in "${LOGS_PHASES[@]}"; do
      ((first)) || printf ','
      first=0
      printf '\n    "%s": {' "$p"
      local f2=1
      for k in "${LOGS_KEYS[@]}"; do
        ((f2)) || printf ', '
        f2=0
        printf '"%s": %s' "$k" "${LOGSB[$p.$k]:-null}"
      done
      printf '}'
    done
    printf '\n  },\n  "target_max_stall_ms": 50\n}\n'
  } >"$BUILD/bench/logs_ingest.json"
}

print_logs_table() {
  [ -n "${LOGSB[full_ring.max_stall_ms]:-}" ] || return 0
  printf '\nLogs panel, 50,000 lines/s for 10 s per phase, ring 1,000,000 (medians of %s runs)\n' "$RUNS"
  printf '%-18s %12s %12s %14s %12s %12s %10s\n' "phase" "max stall ms" "p99 stall ms" \
    "GUI busy ms" "committed" "held" "peak MB"
  local p
  for p in "${LOGS_PHASES[@]}"; do
    printf '%-18s %12s %12s %14s %12s %12s %10s\n' "$p" "${LOGSB[$p.max_stall_ms]}" \
      "${LOGSB[$p.p99_stall_ms]}" "${LOGSB[$p.max_busy_ms]}" "${LOGSB[$p.committed]}" \
      "${LOGSB[$p.held]}" "${LOGSB[$p.hwm_mb]}"
  done
}

main() {
  parse_args "$@"
  check_tools
  BIN=$BUILD/app/backbench
  WORK=$BUILD/bench/work
  LOGS=$WORK/logs
  rm -rf "$WORK"
  mkdir -p "$LOGS"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  LOADAVG_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  log "load average at start: $LOADAVG_AT_START (a shared machine: read the ratios, not the absolutes)"

  if [ "$ONLY" != gui ]; then
    start_peers
    [ ${#PEERS[@]} -gt 0 ] || die "no server started; see $WORK"
    run_http_benches
    run_login_bench
    stop_peers
  fi
  if [ "$ONLY" != http ]; then
    if [ -x "$BIN" ]; then
      run_gui_benches "$BIN"
    else
      SKIPPED+=("GUI benchmarks: $BIN is not built")
    fi
    run_large_response_bench
    run_sends_bench
    run_logs_bench
  fi

  if [ "$ONLY" != gui ]; then
    run_identity_bench
    run_workspace_bench
    run_lazy_rows_bench
    run_load_bench
  fi

  [ "$ONLY" = gui ] || print_http_table
  [ "$ONLY" = gui ] || print_identity_table
  [ "$ONLY" = gui ] || print_workspace_table
  [ "$ONLY" = gui ] || print_lazy_rows_table
  [ "$ONLY" = gui ] || print_load_table
  [ "$ONLY" = http ] || print_gui_table
  [ "$ONLY" = http ] || print_large_response_table
  [ "$ONLY" = http ] || print_sends_table
  [ "$ONLY" = http ] || print_logs_table
  local s
  for s in "${SKIPPED[@]}"; do
    printf 'skipped: %s\n' "$s"
  done
  write_json "$BUILD/bench/results.json"
  printf '\nresults: %s\nlogs:    %s\n' "$BUILD/bench/results.json" "$WORK"
  if ((STRICT)) && grep -q '"verdict[a-z_]*": "missed"' "$BUILD/bench/results.json"; then
    die "a DESIGN §5 target was missed (--strict)"
  fi
}

main "$@"
