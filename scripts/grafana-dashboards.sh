#!/usr/bin/env bash
# Regenerate Grafana's dashboards from Python (deploy/grafana/boards.py → deploy/grafana/dashboards/*.json).
#   scripts/grafana-dashboards.sh            write the JSON (commit it with the change to boards.py)
#   scripts/grafana-dashboards.sh --check    exit 1 when the committed JSON is out of date
# grafana-foundation-sdk is a dev dependency (requirements-dev.txt); bootstrap installs it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh" --dev >/dev/null || die "bootstrap failed"
exec python -m deploy.grafana "$@"
