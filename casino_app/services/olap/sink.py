"""The OLAP sink: outbox events into ClickHouse, each event id stored at most once per table.

Both delivery paths end here: the Kafka consumer (``workers/kafka.py``, compose) and the embedded relay
(``relay``, no Kafka). Either may hand the same events over again after a crash between the OLAP insert and
its own commit (the Kafka offset, the outbox row's ``published_at``); the sink then finds their ids already
stored and skips them. Typed tables are written before ``events``, each in one atomic block, and each is
checked on its own, so a crash between two tables is repaired by the next delivery too. The materialized
view over ``purchases`` sees each purchase once because the purchase row is inserted once.

One sink writes at a time (the Kafka group gives each partition one consumer; the embedded relay claims
rows with ``SKIP LOCKED``), which is what makes "check, then insert" exact.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from casino_app.core import clock, metrics
from casino_app.core.db import session_scope
from casino_app.services import outbox
from casino_app.services.olap import client, rows

logger = logging.getLogger("casino_app.olap")


@dataclass(frozen=True)
class Refused:
    """An event the sink will never store, and why."""

    event: outbox.Event
    reason: str


@dataclass
class Stored:
    """What one ``store`` call did."""

    new: int = 0  # events stored now (ids not seen before)
    refused: list[Refused] = field(default_factory=list)


def _present(table: str, ids: Sequence[int]) -> set[int]:
    found = client.query(
        f"SELECT DISTINCT event_id FROM {table} WHERE event_id IN {{ids:Array(UInt64)}}",  # noqa: S608 (fixed names)
        {"ids": list(ids)},
    )
    return {int(row[0]) for row in found}


def _insert_new(table: str, batch: list[tuple[Any, ...]], columns: Sequence[str]) -> int:
    """Insert the rows whose event id the table does not hold yet; returns how many event ids were new."""
    present = _present(table, sorted({row[0] for row in batch}))
    fresh = [row for row in batch if row[0] not in present]
    client.insert(table, fresh, columns)
    return len({row[0] for row in fresh})


def store(events: Sequence[outbox.Event]) -> Stored:
    """Store events (typed rows, then the ``events`` rows); ids stored before are skipped.

    Events whose payload does not fit their topic are returned as refused and nothing of them is stored.
    Raises when the OLAP store fails (nothing is marked done then; the same events come again).
    """
    result = Stored()
    unique = list({e.id: e for e in events}.values())  # the same message twice in one batch counts once
    typed: dict[str, list[tuple[Any, ...]]] = {}
    accepted = []
    for event in unique:
        try:
            for table, found in rows.typed_rows(event).items():
                typed.setdefault(table, []).extend(found)
        except rows.Unmappable as exc:
            result.refused.append(Refused(event, str(exc)))
            continue
        accepted.append(event)
    for table, batch in typed.items():
        _insert_new(table, batch, rows.COLUMNS[table])
    if accepted:
        now = clock.now()
        result.new = _insert_new("events", [rows.event_row(e, now) for e in accepted], rows.EVENTS_COLUMNS)
    return result


def keep_dead_letters(refused: Sequence[Refused]) -> None:
    """Record refused events in ``dead_letters`` (embedded mode; Kafka has its dead-letter topic)."""
    if not refused:
        return
    now = clock.now()
    batch = [(r.event.id, r.event.topic, r.reason[:500], rows.event_row(r.event, now)[-1], now) for r in refused]
    _insert_new("dead_letters", batch, ("event_id", "topic", "reason", "payload", "received_at"))
    for letter in refused:
        logger.warning("event kept as a dead letter", extra={"event_id": letter.event.id, "reason": letter.reason})
        metrics.OLAP_DEAD_LETTERS.inc()


def relay(limit: int = outbox.BATCH) -> int:
    """Embedded relay (no Kafka): pending outbox events into OLAP, then marked published; returns how many.

    The outbox rows stay locked (``SKIP LOCKED`` for other relays) from the claim until the commit that marks
    them published, which comes after the OLAP insert: a crash in between leaves them pending, and the next
    run finds them already stored.
    """
    with session_scope() as db:
        events = outbox.claim(db, limit)
        if not events:
            return 0
        stored = store(events)
        keep_dead_letters(stored.refused)
        outbox.mark_published(db, [e.id for e in events])
    metrics.OUTBOX_RELAYED.labels("analytics").inc(len(events))
    return len(events)
