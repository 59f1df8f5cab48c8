"""The one OLAP client of this process (``clickhouse-connect``: HTTP to a server, or chdb in-process).

A chdb folder can be open in one process only, and a process holds one folder at a time, so the client is
created once, lazily, and shared. chdb calls are serialised by a lock (its engine is not made for concurrent
use through one handle); HTTP calls to a server run concurrently, each bounded by a timeout.
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

_lock = threading.RLock()  # opening the client, and every chdb call
HTTP_TIMEOUT_SECONDS = 60
QUERY_SETTINGS = {"max_execution_time": 30}  # a server stops a runaway report after 30 s
STATUS_WAIT_SECONDS = 1.0  # health does not queue behind a long chdb report
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


def _is_chdb(url: str) -> bool:
    return url.startswith("chdb://")


def _open(url: str) -> Client:
    if _is_chdb(url):
        return clickhouse_connect.get_client(dsn=url)
    return clickhouse_connect.get_client(
        dsn=url,
        autogenerate_session_id=False,
        connect_timeout=3,
        send_receive_timeout=HTTP_TIMEOUT_SECONDS,
        settings=QUERY_SETTINGS,
    )


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
def _guarded(wait: float = -1) -> Iterator[Client]:
    """The client for one call: chdb calls hold the lock (``wait`` seconds at most, -1 = as long as it takes)."""
    serialised = _is_chdb(olap_url())
    if serialised and not _lock.acquire(timeout=wait):
        raise unavailable(TimeoutError("the OLAP store is busy"))
    try:
        client = get_client()
        try:
            yield client
        except ServiceUnavailable:
            raise
        except Exception as exc:
            logger.warning("OLAP call failed: %s", exc)
            raise unavailable(exc) from exc
    finally:
        if serialised:
            _lock.release()


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

    url = olap_url()
    found: dict[str, Any] = {"configured": True, **describe(url)}
    if _is_chdb(url) and _client is None:
        # Opening chdb just to report would take the folder from the process meant to hold it (the relay's).
        return {**found, "ok": None, "opened": False}

    def probe() -> tuple[int, int]:
        with _guarded(wait=STATUS_WAIT_SECONDS) as client:
            version = int(client.command("SELECT max(version) FROM schema_versions"))
            return version, int(client.command("SELECT count() FROM events"))

    try:
        (version, events), latency = timed(probe)
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
