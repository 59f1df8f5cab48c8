"""Serve only the backend (REST API under /api, Reflex's /ping and /_event) and restart it fast.

The production runner of Reflex, ``reflex.utils.exec.run_granian_backend_prod``,
imports the app in a Granian supervisor and forks the workers from it. With
``__REFLEX_SKIP_COMPILE`` set (the flag Reflex's own uvicorn prod runner sets),
``app()`` skips the page compile: the REST API and the event endpoint need no
compiled frontend, and nothing here builds one. Two ways to start it:

``fork`` (default)
    A *zygote* process (``python -m tests.support.backend``) imports the app
    once, exactly as Reflex's preload does, then forks one server per start.
    Each server is a new session (process group) that runs
    ``run_granian_backend_prod``: the supervisor plus its forked worker(s).
    Killing the group kills the whole server; the zygote only forks.
    Ready (``/api/health`` 200) in ~0.4 s on an idle 2-core machine, ~0.6–1 s
    under load, instead of ~3–4 s for a cold start: dozens of restarts fit in a test.
``spawn``
    ``python -m granian --interface asgi --factory casino_app.casino_app:app``
    as a fresh process group: the cold start, for comparison.

``reflex run --env prod --backend-only`` itself refuses to start with this
project's ``rxconfig.py`` (it sets ``frontend_port``: "Cannot specify
--frontend-port when not running frontend").
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from casino_app.settings import PROJECT_ROOT
from tests.support.pace import scaled
from tests.support.server import app_environment, free_port

APP_TARGET = "casino_app.casino_app:app"
HOST = "127.0.0.1"


def backend_environment(database_url: str, port: int, workdir: Path, **extra: str) -> dict[str, str]:
    """Environment for a backend-only server: embedded mode, no compile, prod Reflex mode."""
    env = app_environment(database_url, port, web_dir=str(workdir / ".web-backend"))
    env.update(
        {
            "__REFLEX_SKIP_COMPILE": "true",  # Reflex's internal flag (EnvVar internal=True adds "__")
            "REFLEX_ENV_MODE": "prod",
            "GRANIAN_WORKERS": env.get("GRANIAN_WORKERS", "1"),
            "PYTHONDONTWRITEBYTECODE": "1",
            # Backends started by integration tests do not run the crash loop unless a test asks for it.
            "CRASH_LOOP": "false",
        }
    )
    env.update(extra)
    return env


def group_alive(pgid: int) -> bool:
    """Whether any non-zombie process is left in process group ``pgid`` (Linux ``/proc``)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            return True
    return False


class Backend:
    """One backend server on a fixed port that can be started, SIGKILLed and started again."""

    def __init__(self, env: dict[str, str], log_path: Path, mode: str = "fork") -> None:
        if mode not in ("fork", "spawn"):
            raise ValueError(f"unknown backend mode {mode!r}")
        self.env = env
        self.log_path = log_path
        self.mode = mode
        self.port = int(env["APP_PORT"])
        self.base_url = f"http://{HOST}:{self.port}"
        self.pgid: int | None = None
        self.started_at = 0.0
        self.startups: list[float] = []
        self._spawned: subprocess.Popen[bytes] | None = None
        self._zygote: subprocess.Popen[str] | None = None
        log_path.parent.mkdir(parents=True, exist_ok=True)
        log_path.write_text("", encoding="utf-8")

    # --- lifecycle ---------------------------------------------------------
    def open(self) -> None:
        """Start the zygote (fork mode) and wait until it has imported the app."""
        if self.mode != "fork" or self._zygote is not None:
            return
        with self.log_path.open("a", encoding="utf-8") as log:
            self._zygote = subprocess.Popen(
                [sys.executable, "-m", "tests.support.backend"],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                start_new_session=True,
            )
        line = self._zygote.stdout.readline() if self._zygote.stdout else ""
        if line.strip() != "ready":
            self.close()
            raise RuntimeError(f"backend zygote failed to start ({line!r}); see {self.log_path}")

    def start(self) -> None:
        """Start a server (a new process group); returns at once, see ``wait_ready``."""
        if self.pgid is not None:
            raise RuntimeError("the server is already running")
        self.started_at = time.monotonic()
        if self.mode == "spawn":
            command = [sys.executable, "-m", "granian", "--interface", "asgi", "--factory"]
            command += ["--host", HOST, "--port", str(self.port), "--workers", self.env["GRANIAN_WORKERS"]]
            command += ["--log-level", "warning", APP_TARGET]
            with self.log_path.open("a", encoding="utf-8") as log:
                self._spawned = subprocess.Popen(
                    command,
                    cwd=PROJECT_ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self.pgid = self._spawned.pid
            return
        self.open()
        assert self._zygote is not None
        assert self._zygote.stdin is not None
        assert self._zygote.stdout is not None
        self._zygote.stdin.write(f"start {self.port} {self.log_path}\n")
        self._zygote.stdin.flush()
        self.pgid = int(self._zygote.stdout.readline())

    def wait_ready(self, timeout: float | None = None, path: str = "/api/health") -> float:
        """Poll ``path`` until it answers 200 (within ``timeout``, by default 60 s stretched by this machine's
        ``SLOWNESS``); record and return the seconds since ``start``."""
        assert self.pgid is not None, "start() first"
        timeout = scaled(60.0) if timeout is None else timeout
        while time.monotonic() - self.started_at < timeout:
            if not group_alive(self.pgid):
                raise RuntimeError(f"the backend died during start-up; see {self.log_path}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base_url + path, timeout=2) as response:
                    if response.status == 200:
                        elapsed = time.monotonic() - self.started_at
                        self.startups.append(elapsed)
                        return elapsed
            except OSError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"{self.base_url}{path} did not answer within {timeout:.0f}s:\n{self.log_tail()}")

    def kill(self, timeout: float = 10.0) -> None:
        """SIGKILL every process of the server at once and wait until none is left."""
        pgid, self.pgid = self.pgid, None
        if pgid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        if self._spawned is not None:
            self._spawned.wait(timeout=timeout)
            self._spawned = None
        deadline = time.monotonic() + timeout
        while group_alive(pgid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"process group {pgid} survived SIGKILL")
            time.sleep(0.01)

    def close(self) -> None:
        """Kill the server and stop the zygote."""
        self.kill()
        zygote, self._zygote = self._zygote, None
        if zygote is None:
            return
        if zygote.stdin:
            zygote.stdin.close()
        try:
            zygote.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(zygote.pid, signal.SIGKILL)
            zygote.wait(timeout=10)
        if zygote.stdout:
            zygote.stdout.close()

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server log."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> Backend:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def new_backend(database_url: str, workdir: Path, log_path: Path, mode: str = "fork", **extra: str) -> Backend:
    """A ``Backend`` on a free port for ``database_url`` (not started)."""
    return Backend(backend_environment(database_url, free_port(), workdir, **extra), log_path, mode=mode)


# --- the zygote (runs as ``python -m tests.support.backend``) -------------------------------------
def _serve_forked(port: int, log_path: str) -> None:
    """In the forked child: become a process group, log to ``log_path``, run Reflex's prod backend."""
    os.setsid()
    os.write(1, f"{os.getpid()}\n".encode())  # tell the test only once the process group exists
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the supervisor waits for its workers
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    code = 0
    try:
        from reflex.utils import exec as reflex_exec
        from reflex_base.constants.base import LogLevel

        reflex_exec.run_granian_backend_prod(HOST, port, LogLevel.WARNING)
    except BaseException as exc:  # report anything, then leave without running the zygote's cleanup
        print(f"backend exited: {exc!r}", file=sys.stderr, flush=True)
        code = 1
    finally:
        os._exit(code)


def _zygote() -> None:
    """Import the app once (as Reflex's preload does), then fork a server for every ``start`` line."""
    import multiprocessing

    from reflex.utils import prerequisites

    multiprocessing.set_start_method("fork", force=True)
    prerequisites.get_app()  # import casino_app.casino_app: the slow part of every start
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # servers are reaped automatically
    print("ready", flush=True)
    for line in sys.stdin:
        command, port, log_path = line.split()
        if command != "start":
            continue
        if os.fork() == 0:
            _serve_forked(int(port), log_path)


if __name__ == "__main__":
    _zygote()
