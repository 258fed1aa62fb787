# shellcheck shell=bash
# Sourced by the loader benchmarks: a local nginx answering "Hello World!".
# nginx runs unprivileged, in the foreground, with every path under the caller's work folder.

NGINX=${NGINX:-/usr/sbin/nginx}

# start_nginx WORK PORT [ACCESS_LOG_DIRECTIVES]: starts nginx in the background, sets NGINX_PID,
# and returns once it accepts connections. Without directives nothing is logged per request.
start_nginx() {
  local work=$1 port=$2 access_log=${3:-"access_log off;"}
  mkdir -p "$work/nginx/logs"
  cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  $access_log
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location / { default_type text/plain; return 200 "Hello World!"; }
  }
}
CONF
  "$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
  # shellcheck disable=SC2034 # read by the scripts that source this file
  NGINX_PID=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nginx did not start on 127.0.0.1:$port; see $work/nginx/logs/error.log" >&2
  exit 2
}
