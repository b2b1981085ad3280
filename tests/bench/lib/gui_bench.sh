# shellcheck shell=bash
# GUI cold start (`--startup-probe`) and idle RSS, offscreen. Every launch gets a fresh HOME
# with all XDG folders inside it, so each one does the same first-run work (settings, data
# folder, SQLite file and demo data) and nothing left by an earlier launch or by the user's own
# Backbench makes a run cheaper than the next.

declare -A GUI=()

# A new, empty home under $WORK. The only thing in it is the embedded engine's port (default
# 0): a Backbench someone else runs on this machine must not make ours fail to bind its default
# port and look lighter than it is.
make_home() {
  local home port=${1:-0}
  home=$(mktemp -d "$WORK/home.XXXXXX")
  mkdir -p "$home/.config/Backbench" "$home/.local/share" "$home/.cache" "$home/.local/state" \
    "$home/run"
  chmod 700 "$home/run"
  printf '[engine]\nport=%s\n' "$port" >"$home/.config/Backbench/Backbench.conf"
  echo "$home"
}

# The environment assignments that point the app at `home`.
home_env() {
  local home=$1
  printf '%s\n' "HOME=$home" "XDG_CONFIG_HOME=$home/.config" "XDG_DATA_HOME=$home/.local/share" \
    "XDG_CACHE_HOME=$home/.cache" "XDG_STATE_HOME=$home/.local/state" "XDG_RUNTIME_DIR=$home/run" \
    "QT_QPA_PLATFORM=offscreen"
}

run_startup_probe() {
  local bin=$1 runs=$2 i out ms
  local -a envs
  for ((i = 1; i <= runs; i++)); do
    mapfile -t envs < <(home_env "$(make_home)")
    out="$LOGS/startup-probe-$i.txt"
    if ! run_bounded 60 env "${envs[@]}" "$bin" --startup-probe >"$out" 2>&1; then
      note "startup probe $i failed; see $out"
      continue
    fi
    # The probe prints the milliseconds alone on a line; Qt may log around it.
    ms=$(grep -E '^[0-9]+$' "$out" | head -n1 || true)
    if [ -z "$ms" ]; then
      note "startup probe $i printed no figure; see $out"
      continue
    fi
    note "startup probe $i: ${ms} ms"
    GUI[startup_ms]="${GUI[startup_ms]:-}${GUI[startup_ms]:+ }$ms"
  done
}

vmrss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# Starts the GUI and waits, at most 20 s in all, until its embedded engine serves and then
# VmRSS has stayed within 1 MiB for 2 s; records the last VmRSS.
measure_idle_rss() {
  local bin=$1 home pid kb port engine_up=0 stable=0
  local -a envs samples=()
  # A known port, so the embedded engine's /healthz tells when it serves.
  port=$(free_port) || return 1
  home=$(make_home "$port")
  mapfile -t envs < <(home_env "$home")
  env "${envs[@]}" "$bin" >"$LOGS/idle-rss.txt" 2>&1 &
  pid=$!
  track_pid "$pid"
  local deadline=$((SECONDS + 20))
  while ((SECONDS < deadline)) && pid_alive "$pid"; do
    if ((!engine_up)) && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
      "http://127.0.0.1:$port/healthz" || true)" = 200 ]; then
      engine_up=1
      samples=() # only the settled state counts, not the climb while the demo data is seeded
    fi
    kb=$(vmrss_kb "$pid")
    [ -n "$kb" ] && samples+=("$kb")
    # Five samples 0.5 s apart span 2 s.
    if ((engine_up && ${#samples[@]} >= 5)) && rss_window_stable "${samples[@]: -5}"; then
      stable=1
      break
    fi
    sleep 0.5
  done
  if ! pid_alive "$pid" || ((${#samples[@]} == 0)); then
    note "the GUI exited before it went idle; see $LOGS/idle-rss.txt"
    return 1
  fi
  GUI[idle_rss_mb]=$(awk -v kb="${samples[-1]}" 'BEGIN { printf "%.1f", kb / 1024 }')
  GUI[idle_rss_stable]=$stable
  GUI[idle_engine_started]=$engine_up
  ((engine_up)) || note "the embedded engine did not report listening within 20 s"
  ((stable)) || note "VmRSS did not settle within 20 s; reporting the last sample"
  stop_pid "$pid"
}

rss_window_stable() {
  printf '%s\n' "$@" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { exit !(hi - lo <= 1024) }'
}

run_gui_benches() {
  local bin=$1
  log "GUI cold start: $STARTUP_RUNS launches of --startup-probe, each with a fresh HOME"
  run_startup_probe "$bin" "$STARTUP_RUNS"
  log "GUI idle RSS"
  measure_idle_rss "$bin" || true
  log "GUI event loop while the embedded engine is under load"
  measure_panel_under_load "$bin" || true
}

# The GUI thread's lateness while the embedded engine is under wrk load with the Server panel
# showing it live (`--event-loop-probe`): the "recent requests without freezing" figure.
measure_panel_under_load() {
  local bin=$1 seconds=14 port home pid out rps
  local -a envs
  port=$(free_port) || return 1
  home=$(make_home "$port")
  mapfile -t envs < <(home_env "$home")
  out="$LOGS/event-loop-probe.txt"
  env "${envs[@]}" "$bin" --event-loop-probe "$seconds" >"$out" 2>&1 &
  pid=$!
  track_pid "$pid"
  if ! wait_http_ok "http://127.0.0.1:$port/healthz" "$pid" 30; then
    note "the GUI's engine did not serve within 30 s; see $out"
    stop_pid "$pid"
    return 1
  fi
  # The probe measures for $seconds from when the engine runs; load most of that window.
  rps=$(run_bounded 30 wrk -t1 -c50 -d$((seconds - 4))s "http://127.0.0.1:$port/healthz" |
    awk '/^Requests\/sec:/ { print $2 }' || true)
  local deadline=$((SECONDS + 30))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  pid_alive "$pid" && stop_pid "$pid"
  GUI[load_rps]=${rps:-0}
  GUI[event_loop_max_stall_ms]=$(sed -n 's/^event_loop_max_stall_ms=//p' "$out")
  GUI[event_loop_p99_stall_ms]=$(sed -n 's/^event_loop_p99_stall_ms=//p' "$out")
  note "event loop under ${rps:-?} req/s: max stall ${GUI[event_loop_max_stall_ms]:-?} ms, p99 ${GUI[event_loop_p99_stall_ms]:-?} ms"
}
