"""The one OLAP client of this process (``clickhouse-connect``: HTTP to a server, or chdb in-process).

chdb allows one folder per process for the life of the process, and one process per folder, so the client is
created once, lazily, and shared; calls are serialised by a lock (chdb's engine is not made for concurrent use
through one handle, and the OLAP side is read by a few console requests and written by one sink).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

import clickhouse_connect
from clickhouse_connect.driver.client import Client

from casino_app.core.errors import ServiceUnavailable
from casino_app.settings import Settings, get_settings

logger = logging.getLogger("casino_app.olap")
T = TypeVar("T")

_lock = threading.RLock()
_client: Client | None = None
_client_url: str | None = None
_failed: tuple[str, float, BaseException] | None = None  # the last failed open: url, when, why
RETRY_OPEN_SECONDS = 30.0  # a store that could not be opened is not retried (nor logged) more often


def olap_url(settings: Settings | None = None) -> str:
    """The configured OLAP URL: ``OLAP_URL``, else chdb in ``DATA_DIR/olap``."""
    settings = settings or get_settings()
    if settings.olap_url is not None:
        return settings.olap_url.get_secret_value()
    return f"chdb://{settings.absolute(settings.data_dir) / 'olap'}"


def describe(url: str) -> dict[str, str]:
    """What may be shown about the store (no credentials): its kind and where it is."""
    parts = urlsplit(url)
    if parts.scheme == "chdb":
        return {"kind": "chdb", "path": parts.path}
    return {"kind": "clickhouse", "host": parts.hostname or "", "database": parts.path.strip("/") or "default"}


def unavailable(exc: BaseException) -> ServiceUnavailable:
    """The 503 every OLAP failure becomes (the cause is logged, never shown)."""
    return ServiceUnavailable(code="OLAP_UNAVAILABLE", details={"cause": type(exc).__name__})


def _open(url: str) -> Client:
    if url.startswith("chdb://"):
        return clickhouse_connect.get_client(dsn=url)
    return clickhouse_connect.get_client(dsn=url, autogenerate_session_id=False, connect_timeout=3)


def get_client() -> Client:
    """The shared client, created (and the schema brought up to date) on first use; 503 when unreachable."""
    global _client, _client_url
    url = olap_url()
    with _lock:
        if _client is not None and _client_url == url:
            return _client
        if _client is not None:
            _client.close()
            _client = None
        global _failed
        if _failed is not None and _failed[0] == url and time.monotonic() - _failed[1] < RETRY_OPEN_SECONDS:
            raise unavailable(_failed[2])
        from casino_app.services.olap import schema  # here: the schema is applied through the raw client

        try:
            client = _open(url)
            schema.upgrade(client)
        except Exception as exc:  # a chdb folder another process holds, a server down, bad credentials
            logger.warning("OLAP store unavailable: %s", exc)
            _failed = (url, time.monotonic(), exc)
            raise unavailable(exc) from exc
        _client, _client_url, _failed = client, url, None
        return client


@contextmanager
def _guarded() -> Iterator[Client]:
    with _lock:
        client = get_client()
        try:
            yield client
        except ServiceUnavailable:
            raise
        except Exception as exc:
            logger.warning("OLAP call failed: %s", exc)
            raise unavailable(exc) from exc


def query(sql: str, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows of a SELECT (server-side parameters: ``{name:Type}``)."""
    with _guarded() as client:
        return list(client.query(sql, parameters=parameters or {}).result_rows)


def command(sql: str, parameters: dict[str, Any] | None = None) -> Any:
    """Run a statement that returns at most one value."""
    with _guarded() as client:
        return client.command(sql, parameters=parameters or {})


def insert(table: str, rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> None:
    """Insert rows in one block (one block into an unpartitioned table is stored atomically)."""
    if not rows:
        return
    with _guarded() as client:
        client.insert(table, list(rows), column_names=list(columns))


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """``call()`` and how long it took in milliseconds."""
    start = time.perf_counter()
    value = call()
    return value, round((time.perf_counter() - start) * 1000, 2)


def status() -> dict[str, Any]:
    """For ``/api/health``: where the store is, whether it answers, its schema version and event count."""
    from casino_app.services.olap import schema

    found: dict[str, Any] = {"configured": True, **describe(olap_url())}
    try:
        version, latency = timed(lambda: int(command("SELECT max(version) FROM schema_versions")))
        events = int(command("SELECT count() FROM events"))
    except ServiceUnavailable as exc:
        return {**found, "ok": False, "error": exc.details.get("cause", "unavailable")}
    return {
        **found,
        "ok": True,
        "latency_ms": latency,
        "schema_version": version,
        "schema_head": schema.head(),
        "events": events,
    }


def reset() -> None:
    """Close the shared client (tests; the next call opens it again with the current settings)."""
    global _client, _client_url, _failed
    with _lock:
        if _client is not None:
            _client.close()
        _client, _client_url, _failed = None, None, None
