"""Run the production build of the app in a subprocess for E2E tests and benchmarks."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from casino_app.settings import PROJECT_ROOT
from tests.support.pace import scaled

TOOLS_BIN = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
# Held while an app builds and starts: builds in different folders still rewrite the project's ``reflex.lock``,
# so parallel test processes (pytest-xdist E2E workers) take turns until their server answers.
BUILD_LOCK = Path(tempfile.gettempdir()) / "cc-app-build.lock"


def free_port() -> int:
    """An unused TCP port on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def wait_for_http(url: str, timeout: float, process: subprocess.Popen | None = None) -> float:
    """Poll ``url`` until it answers 200; return the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


def app_environment(database_url: str, port: int, web_dir: str = ".web-e2e") -> dict[str, str]:
    """Environment for a production app process on ``port`` using ``database_url``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "KAFKA_BOOTSTRAP_SERVERS", "PUBLIC_URL"}
    }
    env.update(
        DATABASE_URL=database_url,
        # Its own chdb folder: one process per folder, and the test process may hold its own.
        OLAP_URL=f"chdb://{tempfile.mkdtemp(prefix='cc-olap-app-')}",
        APP_PORT=str(port),
        APP_ENV="test",
        LOG_LEVEL=env.get("LOG_LEVEL", "WARNING"),
        REFLEX_WEB_WORKDIR=web_dir,
        REFLEX_STATES_WORKDIR=web_dir.replace(".web", ".states"),
        REFLEX_USE_SYSTEM_BUN="1",
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        PATH=f"{TOOLS_BIN}{os.pathsep}{Path(os.sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


@contextmanager
def running_app(env: dict[str, str], log_path: Path, timeout: float | None = None) -> Iterator[str]:
    """Start ``reflex run --env prod`` and yield its base URL once ``/`` answers (by default within 900 s, the
    compile and build included, stretched by this machine's ``SLOWNESS``)."""
    timeout = scaled(900) if timeout is None else timeout
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log, BUILD_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _port_taken(int(env["APP_PORT"])):  # taken by someone else while this process waited for the lock
            env = {**env, "APP_PORT": str(free_port())}
        base_url = f"http://localhost:{env['APP_PORT']}"
        process = subprocess.Popen(
            ["reflex", "run", "--env", "prod", "--loglevel", "warning"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            try:
                wait_for_http(base_url + "/", timeout, process)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
            yield base_url
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """Terminate the whole process group (reflex spawns granian workers)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
