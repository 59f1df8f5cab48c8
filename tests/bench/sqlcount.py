"""Count SQL statements and database round trips inside the API server process (bench only).

The bench starts granian with ``tests.bench.sqlcount:create_api`` instead of the
app's own factory. It builds the same API and, in each worker process, counts at
the driver (psycopg 3) level, so every path is seen — SQLAlchemy Core and ORM,
raw driver cursors, pipelines, pool pings and the transaction commands psycopg
sends itself:

* **statements** — every ``Cursor.execute`` (``executemany``: one per parameter
  set), every statement ``core.db.run`` queues in a pipeline (``core.batch.queue``),
  plus every command psycopg sends on its own (``BEGIN``, ``COMMIT``,
  ``ROLLBACK``, savepoints), which it runs through ``_exec_command``;
* **round trips** — every time the client sends and then waits for the server's
  answer: one per non-pipelined statement, per prepare (psycopg prepares a
  statement on its 5th use on a connection), per transaction command, and one
  per pipeline Sync (or flush request) however many statements it carries.

pg_stat_statements was not an option: it needs ``shared_preload_libraries``
(a restart of a server other work shares) and it cannot see round trips at all.

Each worker writes its totals to ``$BENCH_SQL_COUNT_DIR/<pid>.json`` every
0.1 s; ``totals()`` sums them. Divided by the spins served between two readings
they give the per-spin figures.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

ENV = "BENCH_SQL_COUNT_DIR"
_counts = {"statements": 0, "round_trips": 0}
_installed = False


def _counted_generator(function: Any, key: str, per_call: int = 1) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _counts[key] += per_call
        return (yield from function(*args, **kwargs))

    return wrapper


def install() -> None:
    """Patch psycopg in this process so statements and round trips are counted."""
    global _installed
    if _installed:
        return
    _installed = True
    import psycopg
    from psycopg import _connection_base, _cursor_base, _pipeline_base

    # Round trips. Outside a pipeline psycopg waits for each statement's (and prepare's) results here:
    _cursor_base.execute = _counted_generator(_cursor_base.execute, "round_trips")
    # in a pipeline it sends as it goes and waits once per Sync — or when a cursor wants its result
    # before the Sync (a flush request).
    original_sync = _pipeline_base.BasePipeline._enqueue_sync
    original_fetch_pipeline = psycopg.Cursor._fetch_pipeline

    def enqueue_sync(self: Any) -> None:
        _counts["round_trips"] += 1
        original_sync(self)

    def fetch_pipeline(self: Any) -> None:
        if self._execmany_returning is not False and not self.pgresult and self._conn._pipeline:
            _counts["round_trips"] += 1
        original_fetch_pipeline(self)

    _pipeline_base.BasePipeline._enqueue_sync = enqueue_sync
    psycopg.Cursor._fetch_pipeline = fetch_pipeline  # type: ignore[method-assign]
    original_exec_command = _connection_base.BaseConnection._exec_command

    def exec_command(self: Any, command: Any, *args: Any, **kwargs: Any) -> Any:
        _counts["statements"] += 1
        if not self._pipeline:
            _counts["round_trips"] += 1
        return (yield from original_exec_command(self, command, *args, **kwargs))

    _connection_base.BaseConnection._exec_command = exec_command  # BEGIN / COMMIT / ROLLBACK / SAVEPOINT

    original_execute = psycopg.Cursor.execute
    original_executemany = psycopg.Cursor.executemany

    def execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        _counts["statements"] += 1
        return original_execute(self, *args, **kwargs)

    def executemany(self: Any, query: Any, params_seq: Any, *args: Any, **kwargs: Any) -> Any:
        params = list(params_seq)
        _counts["statements"] += len(params)
        return original_executemany(self, query, params, *args, **kwargs)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    psycopg.Cursor.executemany = executemany  # type: ignore[method-assign]

    from casino_app.core import batch  # core.db.run queues its pipelines' statements here instead

    original_queue = batch.queue

    def queue(*args: Any, **kwargs: Any) -> Any:
        _counts["statements"] += 1
        return original_queue(*args, **kwargs)

    batch.queue = queue  # type: ignore[assignment]

    directory = os.environ.get(ENV)
    if directory:
        threading.Thread(target=_writer, args=(Path(directory),), name="sql-count", daemon=True).start()


def _writer(directory: Path) -> None:
    target = directory / f"{os.getpid()}.json"
    last: dict[str, int] = {}
    while True:
        if _counts != last:
            last = dict(_counts)
            scratch = target.with_suffix(".tmp")
            scratch.write_text(json.dumps(last), encoding="utf-8")
            scratch.replace(target)
        time.sleep(0.1)


def totals(directory: Path) -> dict[str, int]:
    """Sum of every worker's counters so far (wait > 0.1 s after the load stops)."""
    summed = {"statements": 0, "round_trips": 0}
    for path in directory.glob("*.json"):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            summed[key] = summed.get(key, 0) + int(value)
    return summed


FLOOR_PATH = "/api/bench/floor"


def create_api() -> Any:
    """The app's API with the counters installed (granian ``--factory`` target), its heap settled as the app's
    process lifecycle does (``core.heap``), plus the bench's ``FLOOR_PATH`` route (``_floor``)."""
    install()
    from starlette.routing import Route

    from casino_app.api.app import create_api as create
    from casino_app.core import heap

    api = create()
    api.router.routes.insert(0, Route(FLOOR_PATH, _floor, methods=["POST"]))  # before the catch-all for /api
    heap.settle()
    return api


async def _floor(request: Request) -> Response:
    """What a slot round's request costs the stack before the round: a plain route (no dependency solving, like
    the play route's direct path, ``api/routes/games/play.py``) doing that path's checks in its order — the query,
    the ``Idempotency-Key``, the body against the game's request model, then the bearer token, the session, the
    user and the player's standing — and answering with a small JSON body instead of playing."""
    from casino_app.api import deps
    from casino_app.api.routes.games import play
    from casino_app.services.games import registry

    typical = await play._typical(request, registry.get("slot"))
    if typical is None:
        return Response(b'{"error":"not a typical round request"}', 400, media_type="application/json")
    context = await deps.current_context(request, await deps.bearer(request))
    user = await deps.current_player(await deps.current_user(context))
    return Response(b'{"user_id":%d}' % user.id, media_type="application/json")
