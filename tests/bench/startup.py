"""Seconds from `make run` to the first 200 on `/` (cold: fresh clone; warm: re-run), and built JS size.

    python -m tests.bench.startup [--skip-cold]

Cold = a fresh `git clone` of this repository: virtualenv, dependencies (pip's
cache may be warm), bun, embedded database init, migrations, seed and the
first production build. Warm = the same clone started again.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from casino_app.settings import PROJECT_ROOT
from tests.support.server import free_port, wait_for_http

RESULTS = PROJECT_ROOT / "bench-results"


def _start(clone: Path, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "REFLEX_", "DATABASE_URL", "REDIS"))}
    env["APP_PORT"] = str(port)
    env["PATH"] = ":".join(p for p in env.get("PATH", "").split(":") if ".venv" not in p and ".tools" not in p)
    return subprocess.Popen(
        ["make", "run"], cwd=clone, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def time_to_first_200(clone: Path, label: str) -> float:
    """Start `make run` in ``clone`` and measure until `/` answers 200."""
    port = free_port()
    start = time.monotonic()
    process = _start(clone, port, RESULTS / f"startup-{label}.log")
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=1800, process=process)
        return time.monotonic() - start
    finally:
        _stop(process)


def built_js_size(web_dir: Path) -> tuple[int, int, int]:
    """(files, raw bytes, gzip -9 bytes) of the production JavaScript."""
    files = [p for p in (web_dir / "build" / "client").rglob("*.js") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    zipped = sum(len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in files)
    return len(files), raw, zipped


def main() -> None:
    """Clone, start cold, start warm, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-cold", action="store_true", help="measure only in this checkout (warm)")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    figures: dict[str, float | int] = {}
    workdir = Path(tempfile.mkdtemp(prefix="cc-bench-"))
    clone = workdir / "casino-club"
    try:
        if args.skip_cold:
            clone = PROJECT_ROOT
        else:
            subprocess.run(["git", "clone", "--quiet", str(PROJECT_ROOT), str(clone)], check=True)
            figures["cold_seconds"] = round(time_to_first_200(clone, "cold"), 1)
            print(f"cold start (fresh clone → first 200 on /): {figures['cold_seconds']:.1f} s", flush=True)
        figures["warm_seconds"] = round(time_to_first_200(clone, "warm"), 1)
        print(f"warm start (re-run → first 200 on /):       {figures['warm_seconds']:.1f} s", flush=True)
        files, raw, zipped = built_js_size(clone / ".web")
        figures.update(js_files=files, js_bytes=raw, js_gzip_bytes=zipped)
        print(f"built JS: {files} files, {raw / 1024:.0f} KiB raw, {zipped / 1024:.0f} KiB gzipped")
    finally:
        if clone != PROJECT_ROOT and clone.exists():
            subprocess.run(
                [str(clone / ".venv" / "bin" / "python"), "-m", "casino_app.cli", "stop-db"],
                cwd=clone,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(workdir, ignore_errors=True)
    (RESULTS / "startup.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
