# Sourced by the scripts: project paths and the toolchain environment for Reflex.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export VENV="${VENV:-$ROOT/.venv}"
export TOOLS="$ROOT/.tools"
export BUN_VERSION="1.4.4"
# axe-core (npm) for the E2E accessibility checks (tests/e2e/page_walk.py); installed by bootstrap --dev.
export AXE_CORE_VERSION="4.14.1"
export PATH="$VENV/bin:$TOOLS/node_modules/.bin:$PATH"
export REFLEX_USE_SYSTEM_BUN=1
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
export PYTHONDONTWRITEBYTECODE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
# The embedded PostgreSQL lock lives in the runtime dir; give it a stable one when unset.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR" 2>/dev/null || true

log() { printf '\033[1;35m[cc]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[cc] %s\033[0m\n' "$*" >&2; exit 1; }
