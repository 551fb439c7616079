#!/usr/bin/env bash
# Soak test: the demo served by gunicorn with the production settings (page cache in a private Redis, connection
# pool, JSON request logs), under `wrk` for SOAK_SECONDS with SOAK_CONNECTIONS connections over every sitemap URL
# plus the feeds and a search. Reports socket errors and responses that are not 2xx/3xx (exit status 1 if any).
#
#   make soak                                   60 s, 32 connections, port 8777, database portal_soak
#   SOAK_SECONDS=10 SOAK_PORT=8790 SOAK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other make soak
#
# The database is created if missing and gets the demo content (load_demo is idempotent). Results in var/soak/.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN=${SOAK_SECONDS:-60}
CONNECTIONS=${SOAK_CONNECTIONS:-32}
THREADS=${SOAK_THREADS:-2}
WORKERS=${SOAK_WORKERS:-4}
PORT=${SOAK_PORT:-8777}
REDIS_PORT=${SOAK_REDIS_PORT:-$((PORT + 1000))}
DATABASE_URL=${SOAK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal_soak}
PYTHON=.venv/bin/python
OUT=var/soak
mkdir -p "$OUT"
RUN="$OUT/$(date -u +%Y%m%dT%H%M%SZ)"

command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "error: redis-server is not installed" >&2; exit 2; }
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "error: something already answers on port $PORT; set SOAK_PORT" >&2; exit 2
fi

export DJANGO_SETTINGS_MODULE=portal.settings.production
export DATABASE_URL
export SECRET_KEY="soak-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0          # plain http on the loopback; a proxy terminates TLS in production
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

echo "==> gunicorn, $WORKERS workers, on port $PORT (log: $RUN.gunicorn.log)"
.venv/bin/gunicorn portal.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" --timeout 30 >"$RUN.gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break; sleep 0.3; done

curl -s "http://127.0.0.1:$PORT/sitemap.xml" | grep -o '<loc>[^<]*</loc>' | sed -E 's#<loc>https?://[^/]+##; s#</loc>##' >"$RUN.urls"
printf '%s\n' /events/feed.ics "/search/?q=leuven" "/search/?q=law" /sitemap.xml /robots.txt >>"$RUN.urls"
echo "    $(wc -l <"$RUN.urls") URLs: $(tr '\n' ' ' <"$RUN.urls" | cut -c1-160)…"
while read -r path; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")
  [[ $status == 2* || $status == 3* ]] || echo "    warning: $path answers $status before the run"
done <"$RUN.urls"

echo "==> wrk: ${SECONDS_TO_RUN}s, $CONNECTIONS connections, $THREADS threads"
SOAK_URLS="$RUN.urls" wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "${SECONDS_TO_RUN}s" \
  --timeout 10s --latency --script scripts/soak/count.lua "http://127.0.0.1:$PORT" | tee "$RUN.wrk.txt"

workers_alive=$(pgrep -P "${pids[1]}" | wc -l)
server_errors=$(grep -c '"status": 5' "$RUN.gunicorn.log" || true)
echo "==> gunicorn workers alive: $workers_alive of $WORKERS; 5xx lines in the request log: $server_errors"
summary=$(grep '^SOAK requests' "$RUN.wrk.txt")
echo "$summary workers_alive=$workers_alive" >"$RUN.summary"
if [[ $summary =~ socket_errors=0\  && $summary =~ non_2xx_3xx=0\  && $server_errors == 0 ]]; then
  echo "==> PASS: 0 errors, 0 non-2xx/3xx responses ($RUN.summary)"
else
  echo "==> FAIL: see $RUN.wrk.txt and $RUN.gunicorn.log" >&2
  exit 1
fi
