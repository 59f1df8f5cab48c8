#!/usr/bin/env bash
# Command 2: install what the tests need and run every suite; non-zero on any failure.
#   scripts/test.sh                 lint + unit + integration + E2E
#   scripts/test.sh tests/unit ...  just those paths (extra pytest args allowed)
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

"$ROOT/scripts/bootstrap.sh" --dev || die "bootstrap failed"

ensure_chromium() {
  [[ -n "${CHROMIUM_PATH:-}" ]] && return 0
  command -v chromium >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian chromium for the E2E suite"
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) \
        >"$ROOT/.data/apt-chromium.log" 2>&1; then
      return 0
    fi
  fi
  export CC_E2E_SKIP_REASON="Chromium is not installed and could not be installed (needs root and apt-get; see .data/apt-chromium.log): E2E tests skipped"
  log "$CC_E2E_SKIP_REASON"
}
# promtool / amtool check and unit-test the alert rules and the Prometheus / Alertmanager configs
# (tests/unit/test_alert_rules.py); Debian's packages ship them.
ensure_prometheus_tools() {
  command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 && return 0
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian prometheus and prometheus-alertmanager (promtool, amtool) for the alert-rule tests"
    local packages=(prometheus prometheus-alertmanager)
    if { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" ||
         { apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"; }; } \
        >"$ROOT/.data/apt-prometheus.log" 2>&1; then
      return 0
    fi
  fi
  log "promtool/amtool are missing and could not be installed (needs root and apt-get; see .data/apt-prometheus.log): alert-rule tests will skip"
}
mkdir -p "$ROOT/.data"
ensure_chromium
ensure_prometheus_tools

if [[ -n "${REDIS_URL:-}" ]]; then
  log "Redis-backed tests use REDIS_URL (its database is flushed)"
else
  log "REDIS_URL is not set: Redis-backed tests will be skipped"
fi
if [[ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]]; then
  log "KAFKA_BOOTSTRAP_SERVERS is not set: the Kafka tests start a noida-db test broker (tests/support/kafka_broker.py)"
fi

# Scratch files on a RAM disk when the machine has one: the test PostgreSQL's data and every temporary folder
# (TMPDIR: the workers' data folders, OLAP stores, Kafka logs, browser profiles). The suite creates and deletes
# tens of thousands of files (every TRUNCATE gives each table new files), and on some filesystems creating a file
# soon after others were deleted is slow: 3.5 ms per file on one CI machine's ext4 against 0.13 ms on its tmpfs.
# CC_TEST_SCRATCH=disk keeps them on disk; a server given by TEST_DATABASE_URL or DATABASE_URL keeps its own.
SCRATCH=""
stop_scratch() {  # stop the embedded server whose data lives in scratch folder $1, then delete the folder
  if [[ -d "$1/pg" ]]; then
    python -c 'import sys; from pathlib import Path; from casino_app.core import embedded_pg
embedded_pg.stop_server(Path(sys.argv[1]))' "$1/pg" >/dev/null 2>&1 || true
  fi
  rm -rf "$1"
}
cleanup_scratch() { [[ -z "$SCRATCH" ]] || stop_scratch "$SCRATCH"; }
if [[ "${CC_TEST_SCRATCH:-ram}" == "ram" && -d /dev/shm && -w /dev/shm ]]; then
  # What a run that was killed left behind: its server and files. A folder counts as left behind only when its
  # owner file names a process of this machine's PID namespace that no longer exists (a folder of another
  # container sharing /dev/shm, or one whose owner file is not written yet, is left alone).
  pid_namespace="$(readlink /proc/self/ns/pid 2>/dev/null || true)"
  for stale in /dev/shm/cc-test.*; do
    read -r owner namespace _ 2>/dev/null <"$stale/owner" || continue # (no folder: the pattern itself)
    [[ -n "$owner" && -n "$pid_namespace" && "$namespace" == "$pid_namespace" && ! -e "/proc/$owner" ]] &&
      stop_scratch "$stale"
  done
  if (( $(df -Pk /dev/shm | awk 'NR == 2 {print $4}') > 4 * 1024 * 1024 )) &&
     SCRATCH="$(mktemp -d /dev/shm/cc-test.XXXXXX)"; then
    echo "$$ $pid_namespace" >"$SCRATCH/owner.new" && mv "$SCRATCH/owner.new" "$SCRATCH/owner"
    chmod 711 "$SCRATCH"  # the embedded server runs as its own user when we are root
    mkdir -m 1777 "$SCRATCH/tmp"
    export TMPDIR="$SCRATCH/tmp"
    [[ -n "${TEST_DATABASE_URL:-}${DATABASE_URL:-}" ]] || export EMBEDDED_PG_DIR="$SCRATCH/pg"
    trap cleanup_scratch EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    log "scratch files (test database, temporary folders) in $SCRATCH, a RAM disk"
  else
    SCRATCH=""
    log "scratch files stay on disk (/dev/shm has under 4 GB free or refused a folder)"
  fi
fi

status=0
run() { log "$*"; "$@" || status=1; }

if (( $# > 0 )); then
  run python -m pytest "$@"
  exit $status
fi

start=$SECONDS
run ruff check .
run ruff format --check .
# Unit + integration in parallel workers (each with its own database, Redis database and data folder:
# tests/support/workers.py); CC_TEST_WORKERS=0 runs them in this one process.
run python -m pytest -n "${CC_TEST_WORKERS:-2}" tests/unit tests/integration
# E2E in workers too, a file at a time: each worker builds and serves its own app on its own database
# (tests/e2e/conftest.py); CC_E2E_WORKERS=0 runs them in this one process.
run python -m pytest -n "${CC_E2E_WORKERS:-2}" --dist loadfile tests/e2e
log "all suites finished in $((SECONDS - start))s — $([[ $status == 0 ]] && echo PASSED || echo FAILED)"
exit $status
