#!/usr/bin/env bash
# Create/refresh the virtualenv and the project-local bun. Fast when nothing changed.
#   scripts/bootstrap.sh         runtime dependencies
#   scripts/bootstrap.sh --dev   plus test/tooling dependencies
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

want_dev=0
[[ "${1:-}" == "--dev" ]] && want_dev=1

PY="${PYTHON:-}"
if [[ -z "$PY" ]]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PY="$candidate"; break
    fi
  done
fi
[[ -n "$PY" ]] || die "Python 3.11 is required (set PYTHON=/path/to/python3.11)."

if [[ ! -x "$VENV/bin/python" ]]; then
  log "creating virtualenv in $VENV"
  "$PY" -m venv "$VENV"
fi

hash_of() { cat "$@" | sha256sum | cut -c1-16; }
rt_stamp="$VENV/.cc-deps-rt-$(hash_of requirements.txt)"
dev_stamp="$VENV/.cc-deps-dev-$(hash_of requirements.txt requirements-dev.txt)"
install() {
  log "installing Python dependencies ($*)"
  local args=()
  for r in "$@"; do args+=(-r "$r"); done
  "$VENV/bin/python" -m pip install --quiet "${args[@]}" 2> >(grep -v "WARNING: Location" >&2)
}
if (( want_dev )); then
  if [[ ! -f "$dev_stamp" ]]; then
    install requirements.txt requirements-dev.txt
    rm -f "$VENV"/.cc-deps-* && touch "$rt_stamp" "$dev_stamp"
  fi
elif [[ ! -f "$rt_stamp" ]]; then
  install requirements.txt
  rm -f "$VENV"/.cc-deps-rt-* && touch "$rt_stamp"
fi

if [[ "$("$TOOLS/node_modules/.bin/bun" --version 2>/dev/null || true)" != "$BUN_VERSION" ]]; then
  command -v npm >/dev/null || die "npm is required to install bun (Node.js 20+)."
  log "installing bun $BUN_VERSION from the npm registry into .tools/"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "bun@$BUN_VERSION" >/dev/null
  "$TOOLS/node_modules/.bin/bun" --version >/dev/null || die "bun did not install"
fi

# The E2E suite injects axe-core (from the npm registry, pinned) into every page; it lives beside bun in .tools/.
axe_installed() { sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$TOOLS/node_modules/axe-core/package.json" 2>/dev/null | head -1; }
if (( want_dev )) && [[ "$(axe_installed)" != "$AXE_CORE_VERSION" ]]; then
  command -v npm >/dev/null || die "npm is required to install axe-core (Node.js 20+)."
  log "installing axe-core $AXE_CORE_VERSION from the npm registry into .tools/"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent --save-exact "axe-core@$AXE_CORE_VERSION" >/dev/null
  [[ -f "$TOOLS/node_modules/axe-core/axe.min.js" ]] || die "axe-core did not install"
fi
