"""pytest-xdist workers: each worker gets its own database and Redis database, so they never share state."""

from __future__ import annotations

import os

from redis.connection import parse_url


def worker_index() -> int:
    """0 outside xdist, else the number in the worker's id (``gw0`` → 0)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0


def worker_suffix() -> str:
    """``""`` outside xdist, else ``_gw<n>``: appended to every test database's name."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"_{worker}" if worker else ""


def worker_redis_url(url: str | None) -> str | None:
    """The Redis URL for this worker: worker n uses database ``d - n`` where ``d`` is the URL's database
    (``/15`` for gw0, ``/14`` for gw1, …), so one worker's ``FLUSHDB`` never empties another's keys."""
    if not url or worker_index() == 0:
        return url
    base = int(parse_url(url).get("db", 0))
    db = base - worker_index()
    if db < 0:
        raise RuntimeError(f"REDIS_URL database {base} leaves no Redis database for xdist worker {worker_index()}")
    head = url.split("?", 1)
    path_start = head[0].find("/", head[0].find("//") + 2)
    rebuilt = (head[0][:path_start] if path_start != -1 else head[0]) + f"/{db}"
    return rebuilt + (f"?{head[1]}" if len(head) == 2 else "")
