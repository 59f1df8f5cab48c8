#!/usr/bin/env bash
# Run every benchmark script under tests/bench; each prints its own figures.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh" --dev
for script in tests/bench/*.py; do
  name="$(basename "$script" .py)"
  [[ "$name" == "__init__" ]] && continue
  log "bench: $name"
  python -m "tests.bench.$name" "$@"
done
