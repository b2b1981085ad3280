# shellcheck shell=bash
# HTTP throughput: wrk pinned to core 1 against each peer pinned to core 0. Runs of different
# peers are interleaved (and their order rotated) so a burst of noise on the shared machine
# lands on every peer rather than on one.

# "bench|peer|metric" -> the figures of every recorded run, space-separated.
declare -A HTTP=()
HTTP_BENCHES=(healthz posts_by_id)
declare -A BENCH_PATH=([healthz]=/healthz [posts_by_id]=/api/v1/posts/1)
declare -A BENCH_LUA=([healthz]="" [posts_by_id]=posts_by_id.lua)
declare -A BENCH_TITLE=([healthz]="GET /healthz" [posts_by_id]="GET /api/v1/posts/{id} +JWT")
# Unrecorded seconds per peer and benchmark first: Node's JIT and the engine's caches warm up.
WARMUP_SECONDS=2
WRK_CORE=1
CLK_TCK=$(getconf CLK_TCK)

# The wrk script of a benchmark: its request generator, if any, followed by the report hook.
make_wrk_script() {
  local bench=$1 out=$2
  : >"$out"
  if [ -n "${BENCH_LUA[$bench]}" ]; then
    cat "$BENCH_DIR/wrk/${BENCH_LUA[$bench]}" >>"$out"
  fi
  cat "$BENCH_DIR/wrk/report.lua" >>"$out"
}

http_add() { HTTP[$1]="${HTTP[$1]:-}${HTTP[$1]:+ }$2"; }
http_values() { echo "${HTTP[$1]:-}"; }

# One wrk run against one peer. With record=1 its figures are appended to HTTP; a failed run
# records nothing and says why.
wrk_once() {
  local bench=$1 peer=$2 seconds=$3 record=$4 out=$5
  local pid=${PEER_PID[$peer]} url=${PEER_URL[$peer]}${BENCH_PATH[$bench]}
  local before after line word
  local -A f=()
  local -a auth=()
  [ -n "${PEER_AUTH[$peer]:-}" ] && auth=(-H "Authorization: Bearer ${PEER_AUTH[$peer]}")
  before=$(cpu_ticks "$pid")
  if ! run_bounded $((seconds + 20)) taskset -c "$WRK_CORE" wrk -t1 -c"$CONNECTIONS" \
    -d"${seconds}s" --latency "${auth[@]}" -s "$WORK/$bench.lua" "$url" >"$out" 2>&1; then
    note "wrk failed against $peer ($url); see $out"
    return 1
  fi
  after=$(cpu_ticks "$pid")
  pid_alive "$pid" || {
    note "$peer died during $bench; see its logs under $WORK"
    return 1
  }
  line=$(grep '^BBWRK ' "$out" | tail -n1 || true)
  [ -n "$line" ] || {
    note "wrk printed no summary against $peer; see $out"
    return 1
  }
  [ "$record" = 1 ] || return 0
  for word in ${line#BBWRK }; do
    f[${word%%=*}]=${word#*=}
  done
  local key="$bench|$peer"
  http_add "$key|rps" "$(awk -v n="${f[requests]}" -v us="${f[duration_us]}" \
    'BEGIN { printf "%.1f", n / (us / 1e6) }')"
  http_add "$key|p50_ms" "$(awk -v us="${f[p50_us]}" 'BEGIN { printf "%.3f", us / 1000 }')"
  http_add "$key|p99_ms" "$(awk -v us="${f[p99_us]}" 'BEGIN { printf "%.3f", us / 1000 }')"
  http_add "$key|errors" $((f[connect] + f[read] + f[write] + f[timeout]))
  http_add "$key|non2xx" "${f[status]}"
  # Requests per CPU-second of the server: what it costs, whatever else the machine is doing.
  if ((after > before)); then
    http_add "$key|cpu_s" "$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')"
    http_add "$key|rps_per_cpu_s" "$(awk -v n="${f[requests]}" -v t=$((after - before)) \
      -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", n / (t / hz) }')"
  fi
}

# The engine's response-cache counters from /metrics, as "hits misses".
engine_cache_counters() {
  curl -s --max-time 5 "${PEER_URL[engine]}/metrics" | awk '
    /^[a-z_]*cache_hits_total(\{\})? / { h = $NF } /^[a-z_]*cache_misses_total(\{\})? / { m = $NF }
    END { printf "%d %d\n", h, m }'
}

# The peers in the order run `r` uses: rotated by one each run.
rotated_peers() {
  local r=$1 n=${#PEERS[@]} i
  for ((i = 0; i < n; i++)); do
    echo "${PEERS[$(((i + r) % n))]}"
  done
}

run_http_benches() {
  local bench peer r cache_before="" cache_after
  for bench in "${HTTP_BENCHES[@]}"; do
    make_wrk_script "$bench" "$WORK/$bench.lua"
  done
  log "warming up ${PEERS[*]} (${WARMUP_SECONDS}s each, not recorded)"
  for bench in "${HTTP_BENCHES[@]}"; do
    for peer in "${PEERS[@]}"; do
      wrk_once "$bench" "$peer" "$WARMUP_SECONDS" 0 "$LOGS/warmup-$bench-$peer.txt" || true
    done
  done
  [ -n "${PEER_PID[engine]:-}" ] && cache_before=$(engine_cache_counters)
  for ((r = 1; r <= RUNS; r++)); do
    for bench in "${HTTP_BENCHES[@]}"; do
      for peer in $(rotated_peers "$r"); do
        log "run $r/$RUNS: ${BENCH_TITLE[$bench]} on $peer (${DURATION}s)"
        wrk_once "$bench" "$peer" "$DURATION" 1 "$LOGS/$bench-$peer-run$r.txt" || true
      done
    done
  done
  if [ -n "$cache_before" ]; then
    cache_after=$(engine_cache_counters)
    # Only the posts benchmark goes through the response cache, so this is its hit share.
    ENGINE_CACHE_HIT_SHARE=$(awk -v b="$cache_before" -v a="$cache_after" 'BEGIN {
      split(b, x, " "); split(a, y, " "); h = y[1] - x[1]; m = y[2] - x[2]
      if (h + m > 0) printf "%.3f", h / (h + m) }')
  fi
}
