#!/usr/bin/env bash
# Run every benchmark script under tests/bench; each prints its own figures.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh" --dev
# A bench that fails (the landing page's JS over its budget) is reported at the end; the others still run.
failed=()
for script in tests/bench/*.py; do
  name="$(basename "$script" .py)"
  [[ "$name" == "__init__" ]] && continue
  log "bench: $name"
  python -m "tests.bench.$name" "$@" || failed+=("$name")
done
if ((${#failed[@]})); then
  log "benches that failed: ${failed[*]}"
  exit 1
fi
