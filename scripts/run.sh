#!/usr/bin/env bash
# Command 1: set up and serve the production app on a fresh clone (embedded defaults).
#   scripts/run.sh          production build, one port (APP_PORT, default 3000)
#   scripts/run.sh --dev    hot-reload development server
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

mode="prod"
[[ "${1:-}" == "--dev" ]] && mode="dev"

"$ROOT/scripts/bootstrap.sh"

python -m casino_app.cli check >/dev/null
port="$(python -c 'from casino_app.settings import get_settings; print(get_settings().app_port)')"
url="$(python -c 'from casino_app.settings import get_settings; print(get_settings().resolved_public_url)')"
if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  die "port $port is already in use — stop the other server or set APP_PORT."
fi

log "preparing the database (migrate + seed)"
python -m casino_app.cli prepare

children=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${children[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

broker="$(python -c 'from casino_app.settings import get_settings; print(get_settings().broker_url or "")')"
if [[ -n "$broker" ]]; then
  # Several backend workers: Prometheus needs a shared directory for multiprocess metrics.
  export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-$ROOT/.data/prometheus}"
  rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
  log "starting Celery worker + beat (broker configured)"
  celery -A casino_app.workers.celery_app:celery_app worker --beat --loglevel=WARNING --concurrency=2 \
    --schedule "$ROOT/.data/celerybeat-schedule" &
  children+=($!)
fi

log "building and serving ($mode) on port $port — first build takes a minute"
if [[ "$mode" == "dev" ]]; then
  reflex run --env dev --loglevel warning &
else
  reflex run --env prod --loglevel warning &
fi
children+=($!)

for _ in $(seq 1 600); do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/"; then
    python -m casino_app.cli banner
    wait "${children[-1]}"
    exit $?
  fi
  kill -0 "${children[-1]}" 2>/dev/null || die "the app exited before it served / (see the output above)"
  sleep 1
done
die "the app did not answer on port $port within 10 minutes"
