#!/usr/bin/env bash
# Soak test of the production recipe the README gives operators (deploy/): the demo served by gunicorn with
# deploy/gunicorn.conf.py and the production settings (page cache in a private Redis, connection pool, JSON request
# logs), behind nginx with deploy/nginx/portal.conf (TLS with a self-signed certificate, run as an ordinary process
# from var/soak/, see operations/nginx_recipe.py), under `wrk` for SOAK_SECONDS with SOAK_CONNECTIONS connections
# over every sitemap URL plus the feeds and a search. Reports socket errors, responses that are not 2xx/3xx and the
# latency percentiles (p99 included); exit status 1 if there is any error.
#
#   make soak                                   60 s, 32 connections, https on port 8777, database portal_soak
#   SOAK_SECONDS=10 SOAK_PORT=8790 SOAK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other make soak
#
# Ports: SOAK_PORT (nginx, https), +1 (gunicorn), +2 (nginx, plain http), SOAK_REDIS_PORT (default SOAK_PORT+1000).
# The database is created if missing and gets the demo content (load_demo is idempotent). Results in var/soak/.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN=${SOAK_SECONDS:-60}
CONNECTIONS=${SOAK_CONNECTIONS:-32}
THREADS=${SOAK_THREADS:-2}
WORKERS=${SOAK_WORKERS:-2}  # the recipe's own (WEB_CONCURRENCY in deploy/gunicorn.conf.py)
PORT=${SOAK_PORT:-8777}
GUNICORN_PORT=$((PORT + 1))
HTTP_PORT=$((PORT + 2))
NGINX=${NGINX:-/usr/sbin/nginx}
REDIS_PORT=${SOAK_REDIS_PORT:-$((PORT + 1000))}
DATABASE_URL=${SOAK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_soak}
PYTHON=.venv/bin/python
OUT=var/soak
mkdir -p "$OUT"
RUN="$OUT/$(date -u +%Y%m%dT%H%M%SZ)"

command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "error: redis-server is not installed" >&2; exit 2; }
[ -x "$NGINX" ] || { echo "error: nginx is not installed (apt-get install nginx-light)" >&2; exit 2; }
for port in "$PORT" "$GUNICORN_PORT" "$HTTP_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: something already listens on port $port; set SOAK_PORT" >&2; exit 2
  fi
done

export DJANGO_SETTINGS_MODULE=portal.settings.production
export DATABASE_URL
export SECRET_KEY="soak-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO  # nginx terminates TLS, as in deploy/nginx/portal.conf
export TRUSTED_PROXY_COUNT=1
export GUNICORN_BIND="127.0.0.1:$GUNICORN_PORT"
export WEB_CONCURRENCY=$WORKERS
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export STATIC_ROOT="$OUT/static"
export MEDIA_ROOT="$OUT/media"
export LOG_LEVEL=INFO

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "==> Private Redis on port $REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$RUN.redis.log" 2>&1 &
pids+=($!)

echo "==> Database ${DATABASE_URL##*/}: migrate, demo content, static files"
$PYTHON scripts/check_postgres.py
$PYTHON - <<'PY'
import os, psycopg
from urllib.parse import urlsplit
url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
with psycopg.connect(os.environ["DATABASE_URL"].replace(url.path, "/postgres"), autocommit=True) as db:
    if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        db.execute(f'CREATE DATABASE "{name}"')
PY
$PYTHON manage.py migrate --noinput -v0 2>>"$RUN.setup.log"
$PYTHON manage.py load_demo >>"$RUN.setup.log" 2>&1
$PYTHON manage.py collectstatic --noinput -v0 2>>"$RUN.setup.log"

echo "==> gunicorn (deploy/gunicorn.conf.py), $WORKERS workers, on 127.0.0.1:$GUNICORN_PORT (log: $RUN.gunicorn.log)"
.venv/bin/gunicorn --config deploy/gunicorn.conf.py >"$RUN.gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -s -o /dev/null -f -H 'X-Forwarded-Proto: https' "http://$GUNICORN_BIND/robots.txt" && break; sleep 0.3
done

echo "==> nginx (deploy/nginx/portal.conf) in front: https on $PORT, http on $HTTP_PORT (logs: $RUN.nginx/)"
NGINX_DIR="$PWD/$RUN.nginx"
$PYTHON -m operations.nginx_recipe "$NGINX_DIR" --upstream "127.0.0.1:$GUNICORN_PORT" --var-dir "$OUT" \
  --http-port "$HTTP_PORT" --https-port "$PORT"
"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -t -q
"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" 2>>"$NGINX_DIR/error.log" &
pids+=($!)
BASE="https://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sk -o /dev/null -f "$BASE/robots.txt" && break; sleep 0.3; done

curl -sk "$BASE/sitemap.xml" | grep -o '<loc>[^<]*</loc>' | sed -E 's#<loc>https?://[^/]+##; s#</loc>##' >"$RUN.urls"
printf '%s\n' /events/feed.ics "/search/?q=leuven" "/search/?q=law" /sitemap.xml /robots.txt >>"$RUN.urls"
echo "    $(wc -l <"$RUN.urls") URLs: $(tr '\n' ' ' <"$RUN.urls" | cut -c1-160)…"
while read -r path; do
  status=$(curl -sk -o /dev/null -w '%{http_code}' "$BASE$path")
  [[ $status == 2* || $status == 3* ]] || echo "    warning: $path answers $status before the run"
done <"$RUN.urls"

echo "==> wrk: ${SECONDS_TO_RUN}s, $CONNECTIONS connections, $THREADS threads"
SOAK_URLS="$RUN.urls" wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "${SECONDS_TO_RUN}s" \
  --timeout 10s --latency --script scripts/soak/count.lua "$BASE" | tee "$RUN.wrk.txt"

workers_alive=$(pgrep -P "${pids[1]}" | wc -l)
server_errors=$(grep -c '"status": 5' "$RUN.gunicorn.log" || true)
proxy_errors=$(grep -c '" 5[0-9][0-9] ' "$RUN.nginx/access.log" || true)
echo "==> gunicorn workers alive: $workers_alive of $WORKERS; 5xx lines in the request log: $server_errors," \
  "in nginx's access log: $proxy_errors"
summary=$(grep '^SOAK requests' "$RUN.wrk.txt")
latency=$(grep '^SOAK latency' "$RUN.wrk.txt")
printf '%s workers_alive=%s\n%s\n' "$summary" "$workers_alive" "$latency" >"$RUN.summary"
if [[ $summary =~ socket_errors=0\  && $summary =~ non_2xx_3xx=0\  && $server_errors == 0 && $proxy_errors == 0 ]]; then
  echo "==> PASS: 0 errors, 0 non-2xx/3xx responses; ${latency#SOAK } ($RUN.summary)"
else
  echo "==> FAIL (${latency#SOAK }): see $RUN.wrk.txt, $RUN.gunicorn.log and $RUN.nginx/" >&2
  exit 1
fi
