"""A pipeline's statements written to the server together (psycopg 3; uses its internals, pinned in
requirements.txt).

In a pipeline psycopg sends every statement as soon as it is executed: one write (and a poll) per statement,
and on a local socket each write wakes the database backend, which runs that statement and waits for the next.
``queue`` takes psycopg's own steps of ``Cursor.execute`` — the query's conversion, its prepared-statement
bookkeeping, the cursor that receives its results — except that sending; ``send_queued`` then hands every
queued message to libpq, which in pipeline mode buffers them (writing 8 KB at a time once that much is
waiting), and the pipeline's Sync writes the rest. Measured with strace: eight statements in one
``core.db.run`` went from 10 sends and 19 polls to 3 sends and 3 polls. Results, errors and prepared
statements are psycopg's, unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import psycopg

Params = Mapping[str, Any] | Sequence[Any]


def queue(raw: psycopg.Connection[Any], text: str, params: Params) -> psycopg.Cursor[Any]:
    """Queue one statement in ``raw``'s open pipeline without sending it; its cursor gets the results."""
    cursor = raw.cursor()
    with raw.lock:
        raw.wait(_queued(cursor, text, params))
    return cursor


def _queued(cursor: Any, text: str, params: Params) -> Iterator[Any]:
    # Cursor._execute_gen without its per-statement ``pipeline._communicate_gen()``.
    yield from cursor._start_query(text)
    query = cursor._convert_query(text, params)
    yield from cursor._maybe_prepare_gen(query)
    cursor._last_query = text
    yield from cursor._conn._prepared.maintain_gen(cursor._conn)


def send_queued(raw: psycopg.Connection[Any]) -> None:
    """Hand every queued message to libpq's output buffer; the pipeline's Sync (or a flush) sends them.

    If libpq refuses one (more than 65,535 parameters, a broken connection), the connection is closed before
    the error goes up: the messages after it — a COMMIT among them — must never reach the server without it,
    and the server rolls back whatever it already has when the connection goes.
    """
    pipeline = raw._pipeline
    assert pipeline is not None, "send_queued needs an open pipeline"
    with raw.lock:
        try:
            while pipeline.command_queue:
                pipeline.command_queue.popleft()()
        except BaseException:
            pipeline.command_queue.clear()
            raw.close()
            raise
