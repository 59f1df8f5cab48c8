"""A pipeline's statements in one write to the server (psycopg 3; relies on its internals, pinned in requirements.txt).

In a pipeline psycopg sends every statement as soon as it is executed: one write (and a poll) per statement,
and on a local socket each write wakes the database backend, which runs that statement and waits for the next.
``queue`` takes psycopg's own steps of ``Cursor.execute`` — the query's conversion, its prepared-statement
bookkeeping, the cursor that receives its results — except that sending; ``send_queued`` then hands every
queued message to libpq at once (in pipeline mode libpq buffers them), and the pipeline's Sync writes them
out together. Measured with strace: eight statements in one ``core.db.run`` went from 10 sends and 19 polls
to 3 sends and 3 polls. Results, errors and prepared statements are psycopg's, unchanged.
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
    """Hand every queued message to libpq's output buffer; the pipeline's Sync (or a flush) sends them."""
    pipeline = raw._pipeline
    assert pipeline is not None, "send_queued needs an open pipeline"
    with raw.lock:
        while pipeline.command_queue:
            pipeline.command_queue.popleft()()
