# shellcheck shell=bash
# shellcheck disable=SC2046,SC2086 # run lists are space-separated numbers, split on purpose
# The report: a table on stdout and the same figures in JSON. Every figure is a median over the
# recorded runs; the per-run values go into the JSON too, so the spread can be judged.

HTTP_METRICS=(rps p50_ms p99_ms rps_per_cpu_s cpu_s errors non2xx)
declare -A TARGET_MIN_VS_NGINX=([healthz]=0.9 [posts_by_id]=0.4)

med() { median $(http_values "$1"); }
# (max - min) / median of a run list, in percent: how much the machine's noise moved a figure.
spread() {
  [ $# -gt 1 ] || return 0
  local m
  m=$(median "$@")
  printf '%s\n' "$@" | sort -g | awk -v m="$m" 'NR == 1 { lo = $1 } { hi = $1 }
    END { if (m > 0) printf "%.0f%%\n", 100 * (hi - lo) / m }'
}
sum() { awk '{ for (i = 1; i <= NF; i++) t += $i } END { print t + 0 }' <<<"$*"; }

# "met", "missed" or "n/a" for `value op bound`.
verdict() {
  local value=$1 op=$2 bound=$3
  [ -n "$value" ] || {
    echo "n/a"
    return
  }
  awk -v v="$value" -v b="$bound" -v op="$op" 'BEGIN {
    ok = (op == ">=") ? v >= b : (op == ">") ? v > b : (op == "<") ? v < b : 0
    print ok ? "met" : "missed" }'
}

fmt() { if [ -n "${1:-}" ]; then printf "%.${2:-0}f" "$1"; else printf -- '-'; fi; }

print_http_table() {
  local bench peer key
  printf '\nHTTP: each server pinned to core 0, wrk -t1 -c%s -d%ss on core 1, median of %s runs\n' \
    "$CONNECTIONS" "$DURATION" "$RUNS"
  printf '%-26s %-9s %10s %7s %9s %9s %12s %8s\n' benchmark peer 'req/s' 'spread' 'p50 ms' \
    'p99 ms' 'req/CPU-s' 'errors*'
  for bench in "${HTTP_BENCHES[@]}"; do
    for peer in "${PEERS[@]}"; do
      key="$bench|$peer"
      printf '%-26s %-9s %10s %7s %9s %9s %12s %8s\n' "${BENCH_TITLE[$bench]}" "$peer" \
        "$(fmt "$(med "$key|rps")")" "$(spread $(http_values "$key|rps"))" \
        "$(fmt "$(med "$key|p50_ms")" 2)" \
        "$(fmt "$(med "$key|p99_ms")" 2)" "$(fmt "$(med "$key|rps_per_cpu_s")")" \
        "$(sum "$(http_values "$key|errors")" "$(http_values "$key|non2xx")")"
    done
    print_http_ratios "$bench"
  done
  printf 'spread: (max - min) / median of the runs; errors*: socket errors and non-2xx responses,\n'
  printf 'summed over all runs. req/CPU-s is the server'"'"'s cost, the steadiest figure on a busy machine.\n'
  printf 'posts/{id} on engine and engine-db is authenticated: a viewer'"'"'s bearer token, so each\n'
  printf 'request verifies a JWT and takes an RBAC decision before the cache or SQLite.\n'
  if [ -n "${ENGINE_CACHE_HIT_SHARE:-}" ]; then
    printf 'engine response-cache hit share during the posts runs: %s\n' "$ENGINE_CACHE_HIT_SHARE"
  fi
}

print_http_ratios() {
  local bench=$1 e n d en ed enc edc
  e=$(med "$bench|engine|rps")
  n=$(med "$bench|nginx|rps")
  d=$(med "$bench|node|rps")
  en=$(ratio "$e" "$n")
  ed=$(ratio "$e" "$d")
  enc=$(ratio "$(med "$bench|engine|rps_per_cpu_s")" "$(med "$bench|nginx|rps_per_cpu_s")")
  edc=$(ratio "$(med "$bench|engine|rps_per_cpu_s")" "$(med "$bench|node|rps_per_cpu_s")")
  printf '  engine/nginx %s (target >= %s: %s), per CPU-s %s\n' "${en:--}" \
    "${TARGET_MIN_VS_NGINX[$bench]}" "$(verdict "$en" '>=' "${TARGET_MIN_VS_NGINX[$bench]}")" \
    "${enc:--}"
  if [ "$bench" = posts_by_id ]; then
    printf '  engine/node  %s (target > 1: %s), per CPU-s %s\n' "${ed:--}" \
      "$(verdict "$ed" '>' 1)" "${edc:--}"
    local x xn xd
    x=$(med "$bench|engine-db|rps")
    xn=$(ratio "$x" "$n")
    xd=$(ratio "$x" "$d")
    printf '  engine-db/nginx %s (target >= %s: %s), per CPU-s %s; engine-db/node %s, per CPU-s %s\n' \
      "${xn:--}" "${TARGET_MIN_VS_NGINX[$bench]}" \
      "$(verdict "$xn" '>=' "${TARGET_MIN_VS_NGINX[$bench]}")" \
      "$(ratio "$(med "$bench|engine-db|rps_per_cpu_s")" "$(med "$bench|nginx|rps_per_cpu_s")")" \
      "${xd:--}" "$(ratio "$(med "$bench|engine-db|rps_per_cpu_s")" "$(med "$bench|node|rps_per_cpu_s")")"
  else
    printf '  engine/node  %s, per CPU-s %s\n' "${ed:--}" "${edc:--}"
  fi
}

print_gui_table() {
  local s r
  s=$(median ${GUI[startup_ms]:-})
  r=${GUI[idle_rss_mb]:-}
  printf '\nGUI (offscreen, a fresh HOME with its XDG folders per launch)\n'
  printf '%-34s %10s %12s %8s\n' figure value target verdict
  printf '%-34s %10s %12s %8s\n' "cold start to first frame, ms" "$(fmt "$s")" '< 700' \
    "$(verdict "$s" '<' 700)"
  printf '%-34s %10s\n' "  each launch, ms" "${GUI[startup_ms]:--}"
  printf '%-34s %10s %12s %8s\n' "idle RSS, MB" "$(fmt "$r" 1)" '< 200' "$(verdict "$r" '<' 200)"
  if [ -n "$r" ]; then
    printf '  (embedded engine serving: %s; VmRSS settled for 2 s: %s)\n' \
      "$(jbool "${GUI[idle_engine_started]:-0}" | sed 's/true/yes/; s/false/no/')" \
      "$(jbool "${GUI[idle_rss_stable]:-0}" | sed 's/true/yes/; s/false/no/')"
  fi
  local stall=${GUI[event_loop_max_stall_ms]:-}
  printf '%-34s %10s %12s %8s\n' "event-loop max stall under load, ms" "$(fmt "$stall" 1)" '< 50' \
    "$(verdict "$stall" '<' 50)"
  printf '  (Server panel live while wrk drives the embedded engine at %s req/s; p99 stall %s ms)\n' \
    "${GUI[load_rps]:--}" "${GUI[event_loop_p99_stall_ms]:--}"
}

# --- JSON ---------------------------------------------------------------------------------

jbool() { if [ "${1:-0}" = 1 ]; then printf true; else printf false; fi; }
jnum() { if [ -n "${1:-}" ]; then printf '%s' "$1"; else printf null; fi; }
jarr() {
  local out="" v
  for v in "$@"; do out+="${out:+, }$v"; done
  printf '[%s]' "$out"
}
jstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
# A JSON array of the arguments as strings (which may contain spaces).
jstrs() {
  local out="" v
  for v in "$@"; do out+="${out:+, }$(jstr "$v")"; done
  printf '[%s]' "$out"
}

json_http_bench() {
  local bench=$1 peer metric first=1 e n d
  printf '    %s: {\n      "path": %s,\n      "peers": {\n' "$(jstr "$bench")" \
    "$(jstr "${BENCH_PATH[$bench]}")"
  for peer in "${PEERS[@]}"; do
    ((first)) || printf ',\n'
    first=0
    printf '        %s: {' "$(jstr "$peer")"
    local sep=""
    for metric in "${HTTP_METRICS[@]}"; do
      printf '%s"%s_median": %s, "%s_runs": %s' "$sep" "$metric" \
        "$(jnum "$(med "$bench|$peer|$metric")")" "$metric" \
        "$(jarr $(http_values "$bench|$peer|$metric"))"
      sep=", "
    done
    printf '}'
  done
  e=$(med "$bench|engine|rps")
  n=$(med "$bench|nginx|rps")
  d=$(med "$bench|node|rps")
  printf '\n      },\n      "ratios": {"engine_vs_nginx": %s, "engine_vs_node": %s, ' \
    "$(jnum "$(ratio "$e" "$n" 3)")" "$(jnum "$(ratio "$e" "$d" 3)")"
  printf '"engine_vs_nginx_per_cpu_s": %s, "engine_vs_node_per_cpu_s": %s, ' \
    "$(jnum "$(ratio "$(med "$bench|engine|rps_per_cpu_s")" "$(med "$bench|nginx|rps_per_cpu_s")" 3)")" \
    "$(jnum "$(ratio "$(med "$bench|engine|rps_per_cpu_s")" "$(med "$bench|node|rps_per_cpu_s")" 3)")"
  printf '"engine_db_vs_nginx": %s, "engine_db_vs_nginx_per_cpu_s": %s, "engine_db_vs_node_per_cpu_s": %s},\n' \
    "$(jnum "$(ratio "$(med "$bench|engine-db|rps")" "$n" 3)")" \
    "$(jnum "$(ratio "$(med "$bench|engine-db|rps_per_cpu_s")" "$(med "$bench|nginx|rps_per_cpu_s")" 3)")" \
    "$(jnum "$(ratio "$(med "$bench|engine-db|rps_per_cpu_s")" "$(med "$bench|node|rps_per_cpu_s")" 3)")"
  printf '      "target": {"engine_vs_nginx_min": %s' "${TARGET_MIN_VS_NGINX[$bench]}"
  if [ "$bench" = posts_by_id ]; then
    printf ', "engine_vs_node_min_exclusive": 1, "verdict_vs_node": %s' \
      "$(jstr "$(verdict "$(ratio "$e" "$d" 3)" '>' 1)")"
  fi
  printf ', "verdict_vs_nginx": %s}\n    }' \
    "$(jstr "$(verdict "$(ratio "$e" "$n" 3)" '>=' "${TARGET_MIN_VS_NGINX[$bench]}")")"
}

write_json() {
  local file=$1 bench first=1 s r
  s=$(median ${GUI[startup_ms]:-})
  r=${GUI[idle_rss_mb]:-}
  {
    printf '{\n  "timestamp": %s,\n  "runs": %s,\n' "$(jstr "$(date -u +%Y-%m-%dT%H:%M:%SZ)")" "$RUNS"
    printf '  "machine": {"cpus": %s, "loadavg_at_start": %s, "note": %s},\n' "$(nproc)" \
      "$(jstr "$LOADAVG_AT_START")" \
      "$(jstr "shared machine: other work may run on both cores; compare ratios from one run, and the per-CPU-second figures")"
    printf '  "http": {\n    "server_core": %s, "wrk_core": %s, "wrk": %s,\n' "$SERVER_CORE" \
      "$WRK_CORE" "$(jstr "wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency")"
    printf '    "peers": %s,\n' "$(jstrs "${PEERS[@]}")"
    printf '    "engine_cache_hit_share_posts": %s,\n' "$(jnum "${ENGINE_CACHE_HIT_SHARE:-}")"
    printf '    "benchmarks": {\n'
    for bench in "${HTTP_BENCHES[@]}"; do
      ((first)) || printf ',\n'
      first=0
      json_http_bench "$bench"
    done
    printf ',\n    "posts_by_id_authenticated": {"measured": true, "benchmark": "posts_by_id", "note": %s}\n    }\n  },\n' \
      "$(jstr "engine and engine-db get a viewer's bearer token on every request (JWT verify + RBAC)")"
    printf '  "gui": {\n    "home": %s,\n' \
      "$(jstr "a fresh temporary HOME per launch, XDG_CONFIG/DATA/CACHE/STATE/RUNTIME inside it, settings holding only engine port=0; QT_QPA_PLATFORM=offscreen")"
    printf '    "startup_ms": {"median": %s, "runs": %s, "target_max": 700, "verdict": %s},\n' \
      "$(jnum "$s")" "$(jarr ${GUI[startup_ms]:-})" "$(jstr "$(verdict "$s" '<' 700)")"
    printf '    "idle_rss_mb": {"value": %s, "engine_started": %s, "stable_for_2s": %s, ' \
      "$(jnum "$r")" "$(jbool "${GUI[idle_engine_started]:-0}")" "$(jbool "${GUI[idle_rss_stable]:-0}")"
    printf '"target_max": 200, "verdict": %s},\n' "$(jstr "$(verdict "$r" '<' 200)")"
    printf '    "event_loop_under_load": {"max_stall_ms": %s, "p99_stall_ms": %s, "engine_rps": %s, "target_max": 50, "verdict": %s}\n' \
      "$(jnum "${GUI[event_loop_max_stall_ms]:-}")" "$(jnum "${GUI[event_loop_p99_stall_ms]:-}")" \
      "$(jnum "${GUI[load_rps]:-}")" "$(jstr "$(verdict "${GUI[event_loop_max_stall_ms]:-}" '<' 50)")"
    printf '  },\n  "identity": {"jwt_verify_per_s": %s, "argon2id_verify_ms": %s, "login_http_ms": %s},\n' \
      "$(jnum "${IDENTITY[jwt_verify_per_s]:-}")" "$(jnum "${IDENTITY[argon2id_verify_ms]:-}")" \
      "$(jnum "${IDENTITY[login_ms]:-}")"
    printf '  "skipped": %s\n}\n' "$(jstrs "${SKIPPED[@]}")"
  } >"$file"
}
