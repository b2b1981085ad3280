# shellcheck shell=bash
# The servers the HTTP benchmarks compare: the engine, nginx and Node. Each start_* function runs
# its server pinned to core 0, records its PID and base URL in PEER_PID/PEER_URL, and returns 1
# (with the reason on stderr) when the server cannot be started.

declare -A PEER_PID=() PEER_URL=()
# Engines answer resource routes only to callers with a token: the viewer's bearer token per
# engine peer (empty for peers that ignore it).
declare -A PEER_AUTH=()
BENCH_ADMIN_EMAIL=bench-admin@example.com
BENCH_ADMIN_PASSWORD=bench-admin-password
BENCH_VIEWER_EMAIL=bench-viewer@example.com
BENCH_VIEWER_PASSWORD=bench-viewer-password

SERVER_CORE=0

# nginx from our own config in a private prefix, as our own process, not the system service.
start_nginx() {
  local dir=$1 port pid
  command -v nginx >/dev/null || {
    note "nginx not found (./dev deps installs nginx-light)"
    return 1
  }
  mkdir -p "$dir/logs" "$dir/tmp"
  for _ in 1 2 3; do
    port=$(free_port) || return 1
    write_nginx_conf "$dir" "$port"
    # -e: the compiled-in error log path is not ours to write; -g: stay in the foreground so
    # the PID we hold is the master's.
    taskset -c "$SERVER_CORE" nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/logs/error.log" \
      -g 'daemon off;' >"$dir/logs/stdout.log" 2>&1 &
    pid=$!
    track_pid "$pid"
    if wait_http_ok "http://127.0.0.1:$port/" "$pid" 10; then
      PEER_PID[nginx]=$pid
      PEER_URL[nginx]="http://127.0.0.1:$port"
      return 0
    fi
    stop_pid "$pid"
  done
  note "nginx did not start; see $dir/logs/error.log"
  return 1
}

write_nginx_conf() {
  local dir=$1 port=$2
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
events {
    worker_connections 1024;
}
http {
    access_log off;
    # Temp folders default to /var/lib/nginx; keep everything inside our prefix.
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    # nginx closes a keep-alive connection after 1000 requests by default; the engine and Node
    # do not, so lift the limit rather than make nginx pay for reconnects.
    keepalive_requests 100000000;
    server {
        listen 127.0.0.1:$port;
        location / {
            return 200 'ok';
        }
    }
}
CONF
}

# Node's bare http hello world; it listens on port 0 and prints the port it got.
start_node() {
  local dir=$1 pid port="" deadline
  command -v node >/dev/null || {
    note "node not found (./dev deps installs nodejs)"
    return 1
  }
  mkdir -p "$dir"
  taskset -c "$SERVER_CORE" node -e "
    const http = require('http');
    const server = http.createServer((req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  " >"$dir/stdout.log" 2>"$dir/stderr.log" &
  pid=$!
  track_pid "$pid"
  deadline=$((SECONDS + 15))
  while [ -z "$port" ] && ((SECONDS < deadline)) && pid_alive "$pid"; do
    port=$(head -n1 "$dir/stdout.log" 2>/dev/null | tr -dc 0-9)
    [ -n "$port" ] || sleep 0.1
  done
  if [ -n "$port" ] && wait_http_ok "http://127.0.0.1:$port/" "$pid" 10; then
    PEER_PID[node]=$pid
    PEER_URL[node]="http://127.0.0.1:$port"
    return 0
  fi
  note "node did not start; see $dir/stderr.log"
  stop_pid "$pid"
  return 1
}

# `backbench serve` as DESIGN §4 documents it, on port 0, reading back the address it prints;
# registered as peer NAME (default engine), with any extra serve flags after it.
start_engine() {
  local bin=$1 dir=$2 name=${3:-engine} pid url="" deadline
  local -a extra=("${@:4}")
  [ -x "$bin" ] || {
    note "$bin is not built"
    return 1
  }
  mkdir -p "$dir/data"
  BACKBENCH_ADMIN_EMAIL=$BENCH_ADMIN_EMAIL BACKBENCH_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD \
    taskset -c "$SERVER_CORE" "$bin" serve --port 0 --bind 127.0.0.1 --data "$dir/data" --demo \
    --threads 1 "${extra[@]}" >"$dir/stdout.log" 2>"$dir/stderr.log" &
  pid=$!
  track_pid "$pid"
  # Seeding the demo tables on a fresh folder takes a moment, more on a busy machine.
  deadline=$((SECONDS + 60))
  while [ -z "$url" ] && ((SECONDS < deadline)) && pid_alive "$pid"; do
    url=$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$dir/stdout.log" 2>/dev/null |
      head -n1 | sed 's/^listening on //' || true)
    [ -n "$url" ] || sleep 0.1
  done
  if [ -n "$url" ] && wait_http_ok "$url/healthz" "$pid" 30; then
    PEER_PID[$name]=$pid
    PEER_URL[$name]=$url
    PEER_AUTH[$name]=$(viewer_token "$url") || {
      note "could not log in to $name at $url"
      stop_pid "$pid"
      return 1
    }
    return 0
  fi
  note "the engine did not start; see $dir/stdout.log and $dir/stderr.log"
  stop_pid "$pid"
  return 1
}

# The access token of a viewer (list and read on every table): the benchmarked request is
# what a signed-in client sends, through JWT verification and the RBAC decision.
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
engine_login() {
  curl -s --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/auth/login" | json_field accessToken
}
viewer_token() {
  local url=$1 admin token
  admin=$(engine_login "$url" "$BENCH_ADMIN_EMAIL" "$BENCH_ADMIN_PASSWORD")
  [ -n "$admin" ] || return 1
  # 201 the first time, 409 on a reused data folder: either way the viewer exists.
  curl -s -o /dev/null --max-time 10 -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' \
    -d "{\"email\":\"$BENCH_VIEWER_EMAIL\",\"password\":\"$BENCH_VIEWER_PASSWORD\",\"roles\":[\"viewer\"]}" \
    "$url/api/admin/users"
  token=$(engine_login "$url" "$BENCH_VIEWER_EMAIL" "$BENCH_VIEWER_PASSWORD")
  [ -n "$token" ] || return 1
  echo "$token"
}
