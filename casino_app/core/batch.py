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

from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import psycopg

Params = Mapping[str, Any] | Sequence[Any]


class Cursors:
    """One connection's cursors, one per statement text, reused while the connection lives.

    psycopg keeps a cursor's adaptation state — the loader of every result column, the dumper of every
    parameter type — while the same query object runs on it again; a new cursor per statement rebuilt all of
    it for every statement (about a tenth of a round's CPU in the API). The least recently used text beyond
    ``KEPT`` is forgotten; a cursor keeps its last result until its text runs again (what goes through
    ``core.db.run`` returns a few rows). Not thread-safe: a connection serves one unit of work at a time.
    """

    KEPT = 128

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw
        self._by_text: OrderedDict[str, tuple[str, psycopg.Cursor[Any]]] = OrderedDict()

    def take(self, text: str, busy: set[int]) -> tuple[str, psycopg.Cursor[Any]]:
        """A cursor for ``text`` that is not in ``busy`` (the ids of the cursors a pipeline already uses; the
        one returned is added), and the text object it last ran — psycopg compares the query by identity."""
        entry = self._by_text.get(text)
        if entry is not None and id(entry[1]) not in busy:
            self._by_text.move_to_end(text)
        else:  # new, or the same text twice in one pipeline: each needs its own results
            entry = (text, self.raw.cursor())
            if text not in self._by_text:
                self._by_text[text] = entry
                if len(self._by_text) > self.KEPT:
                    self._by_text.popitem(last=False)
        busy.add(id(entry[1]))
        return entry


def queue(cursors: Cursors, text: str, params: Params, busy: set[int]) -> psycopg.Cursor[Any]:
    """Queue one statement in the connection's open pipeline without sending it; its cursor gets the results."""
    raw = cursors.raw
    text, cursor = cursors.take(text, busy)
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
