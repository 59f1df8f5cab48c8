"""A throwaway Kafka-protocol broker for the test session: the ``noida-db`` binary (a dev requirement).

``start(data_dir)`` runs ``noida-db start --only kafka`` on a free loopback port
with its own data folder and returns once the broker answers an aiokafka
metadata request. ``--only kafka`` matters: without it the binary also tries
to take the PostgreSQL, MySQL and Redis ports. It is a test broker; production
uses Apache Kafka (compose.yaml).

Two kinds of failure are told apart: ``CannotRun`` when the binary genuinely
cannot run on this machine (the package is missing outside CI, or the binary
cannot even print its version), which the fixture turns into a skip with the
reason; ``StartFailed`` for everything else (it runs but does not serve), which
fails the Kafka tests loudly.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaClient

START_TIMEOUT = float(os.environ.get("TEST_KAFKA_START_TIMEOUT", "30"))
PORT_ATTEMPTS = 3


class CannotRun(Exception):
    """The broker binary cannot run here (the Kafka tests skip with this reason)."""


class StartFailed(Exception):
    """The broker binary runs but did not start serving (the Kafka tests fail with this reason)."""


class _Exited(StartFailed):
    """The broker process ended before serving (e.g. its port was taken in the meantime): worth a retry."""


@dataclass
class Broker:
    """A running broker process and how to reach it."""

    bootstrap: str
    process: subprocess.Popen[bytes]
    log_path: Path
    started_in: float  # seconds from launch to the first answered metadata request

    def stop(self) -> None:
        """Stop the broker (SIGTERM, then SIGKILL after 10 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def binary() -> Path:
    """The ``noida-db`` executable shipped in the wheel (called directly: its Python wrapper does not forward
    signals, so stopping the wrapper would leave the broker running)."""
    try:
        from importlib.resources import files

        path = Path(str(files("noida_db").joinpath("noida-db")))
    except ModuleNotFoundError:
        message = "the noida-db package is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI"):
            raise StartFailed(f"{message}; scripts/test.sh installs it, so on CI this is a bug") from None
        raise CannotRun(f"{message}: Kafka contract tests skipped") from None
    if not path.is_file():
        raise StartFailed(f"the noida-db package has no binary at {path}")
    if not os.access(path, os.X_OK):
        path.chmod(0o755)
    return path


def check_runs(path: Path) -> None:
    """Raise ``CannotRun`` when the binary cannot run on this machine at all (wrong platform, missing libc)."""
    try:
        done = subprocess.run([str(path), "version"], capture_output=True, timeout=20, check=False)
    except OSError as exc:
        raise CannotRun(f"the noida-db binary cannot be executed here ({exc}): Kafka contract tests skipped") from exc
    except subprocess.TimeoutExpired as exc:
        raise StartFailed("`noida-db version` did not answer within 20 s") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).decode(errors="replace").strip()[-500:]
        raise CannotRun(
            f"the noida-db binary does not run on this machine (exit {done.returncode}: {detail}): "
            "Kafka contract tests skipped"
        )


def free_port() -> int:
    """A TCP port nobody listens on right now (the broker binds it a moment later; a clash is retried)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the broker gets SIGTERM if the test process dies without running its finalizers."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


async def _answers(bootstrap: str) -> bool:
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=2000, retry_backoff_ms=100)
    try:
        await client.bootstrap()  # a metadata request
        return True
    except Exception:
        return False
    finally:
        await client.close()


def answers(bootstrap: str) -> bool:
    """True when a Kafka metadata request to ``bootstrap`` succeeds (runs its own event loop in a thread)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _answers(bootstrap)).result()


def _tail(path: Path, limit: int = 1500) -> str:
    try:
        return path.read_text(errors="replace")[-limit:].strip()
    except OSError:
        return ""


def _launch(path: Path, data_dir: Path, port: int, log_path: Path) -> Broker:
    args = [str(path), "start", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--only", "kafka"]
    args += ["--kafka-port", str(port)]
    launched = time.monotonic()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    bootstrap = f"127.0.0.1:{port}"
    deadline = launched + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise _Exited(f"noida-db exited with {process.returncode} before serving: {_tail(log_path)}")
        if answers(bootstrap):
            return Broker(bootstrap, process, log_path, time.monotonic() - launched)
        time.sleep(0.1)
    Broker(bootstrap, process, log_path, 0.0).stop()
    raise StartFailed(
        f"noida-db did not answer a Kafka metadata request within {START_TIMEOUT:.0f} s: {_tail(log_path)}"
    )


def start(data_dir: Path) -> Broker:
    """Start a broker with its data in ``data_dir`` (a fresh folder) and wait until it serves Kafka requests."""
    path = binary()
    check_runs(path)
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"{data_dir.name}.log"
    failure: StartFailed | None = None
    for _ in range(PORT_ATTEMPTS):  # the free port may be taken between the check and the bind
        try:
            return _launch(path, data_dir, free_port(), log_path)
        except _Exited as exc:
            failure = exc
    assert failure is not None
    raise failure
