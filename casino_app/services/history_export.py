"""History export: a player's own rounds, ledger entries and purchases as CSV or JSON, streamed.

Rows come from a server-side cursor (``yield_per``) in batches of ``BATCH`` and are
serialized batch by batch, so an export of any length runs in constant memory and
has no row cap. A range is a pair of KST calendar dates, both inclusive; either end
may be open (no range at all: everything).

- CSV: UTF-8 with a BOM (spreadsheets then read Hangul), a header row, ``\\r\\n`` lines;
  text cells that a spreadsheet would run as a formula get a leading ``'``.
- JSON: one array of objects, written piece by piece.
- Timestamps are KST ISO-8601 (``2026-11-28T23:59:00+09:00``); gold and won are integers.

An export holds a pooled connection while its file streams, so it is bounded: one
running export per player and ``export_slots.PER_PROCESS`` per process (``stream``),
an idle-in-transaction and a statement timeout on its transaction, and a reader that
takes no chunk for ``STALL_SECONDS`` is dropped (the REST route). A database error
mid-stream is logged and raised as ``ExportAborted``: the response is cut off, so
the client sees a failed download, never a complete-looking truncated file.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import get_engine
from casino_app.core.errors import RateLimited, ValidationFailed
from casino_app.models.games import GameRound
from casino_app.models.ledger import LedgerAccount, LedgerEntry, LedgerTransfer
from casino_app.models.shop import ShopOrder
from casino_app.services import export_slots, rate_limit
from casino_app.services.games import registry
from casino_app.services.ledger import user_account
from casino_app.services.shop import history as shop_history
from casino_app.services.shop import machine

KINDS: tuple[str, ...] = ("rounds", "ledger", "purchases")
FORMATS: tuple[str, ...] = ("csv", "json")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
ROUND_COLUMNS: tuple[str, ...] = (
    "id",
    "game",
    "bet",
    "payout",
    "net",
    "outcome",
    "server_seed_hash",
    "client_seed",
    "nonce",
    "config_version",
    "created_at",
)
LEDGER_COLUMNS: tuple[str, ...] = ("id", "kind", "amount", "balance_after", "reference", "created_at")
COLUMNS: dict[str, tuple[str, ...]] = {
    "rounds": ROUND_COLUMNS,
    "ledger": LEDGER_COLUMNS,
    "purchases": shop_history.CSV_COLUMNS,  # the purchase-history CSV's own column choice
}
BATCH = 500  # rows per fetch from the server-side cursor, and per streamed chunk
EXPORTS_PER_MINUTE = 10
IDLE_IN_TRANSACTION_TIMEOUT = "60s"  # PostgreSQL ends the export's session when it waits longer between fetches
STATEMENT_TIMEOUT = "30s"  # per statement of the export (the query, each fetch of the cursor)
STALL_SECONDS = 60.0  # the route drops a reader that takes no chunk for this long
_EARLIEST = date(clock.SCHEDULE_YEARS[0], 1, 1)
_LATEST = date(clock.SCHEDULE_YEARS[1] - 1, 12, 31)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, Any]
Batches = Generator[list[Row], None, None]
Chunks = Generator[bytes, None, None]
logger = logging.getLogger(__name__)


class ExportAborted(RuntimeError):
    """The export failed after it started (the database failed, or the reader stalled): cut the response off."""


@dataclass(frozen=True)
class DateRange:
    """KST calendar dates, both inclusive; ``None`` leaves that end open."""

    first: date | None = None
    last: date | None = None

    def instants(self) -> tuple[datetime | None, datetime | None]:
        """The UTC half-open interval ``[start, end)`` the dates cover (``None``: unbounded)."""
        start = clock.start_of_business_day(self.first) if self.first else None
        end = clock.start_of_business_day(self.last + timedelta(days=1)) if self.last else None
        return start, end


EVERYTHING = DateRange()


def _parse_day(raw: str | None, field: str) -> date | None:
    if raw is None or raw == "":
        return None
    try:
        day = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationFailed(code="EXPORT_DATE_INVALID", details={"field": field})
    if not _EARLIEST <= day <= _LATEST:
        raise ValidationFailed(
            code="EXPORT_DATE_OUT_OF_RANGE",
            details={"field": field, "earliest": _EARLIEST.isoformat(), "latest": _LATEST.isoformat()},
        )
    return day


def parse_range(raw_from: str | None, raw_to: str | None) -> DateRange:
    """The range of two ``YYYY-MM-DD`` KST dates ("" or ``None``: open), checked.

    422 ``EXPORT_DATE_INVALID`` for a date that does not exist, ``EXPORT_DATE_OUT_OF_RANGE``
    outside the years 2000–2099, ``EXPORT_RANGE_INVALID`` when ``from`` is after ``to``.
    """
    first, last = _parse_day(raw_from, "from"), _parse_day(raw_to, "to")
    if first is not None and last is not None and first > last:
        raise ValidationFailed(code="EXPORT_RANGE_INVALID", details={"field": "from"})
    return DateRange(first, last)


def filename(kind: str, fmt: str, span: DateRange) -> str:
    """``cc-rounds-2026-11-01_2026-11-28.csv``; an open start reads ``start``, an open end today (KST)."""
    first = span.first.isoformat() if span.first else "start"
    last = (span.last or clock.business_date()).isoformat()
    return f"cc-{kind}-{first}_{last}.{fmt}"


def admit(user_id: int) -> None:
    """At most ``EXPORTS_PER_MINUTE`` exports per player per minute (429 ``EXPORT_RATE_LIMITED``)."""
    decision = rate_limit.hit(f"history-export:{user_id}", EXPORTS_PER_MINUTE, 60)
    if not decision.allowed:
        raise RateLimited(retry_after=decision.retry_after, code="EXPORT_RATE_LIMITED")


# --- rows ---------------------------------------------------------------------------------------


def _within(column: Any, span: DateRange) -> list[Any]:
    start, end = span.instants()
    return [c for c in (column >= start if start else None, column < end if end else None) if c is not None]


def _round_rows(db: Session, user_id: int, span: DateRange, newest_first: bool, limit: int | None) -> Iterator[Row]:
    table = GameRound.__table__
    query = sa.select(
        table.c.id,
        table.c.game,
        table.c.bet,
        table.c.payout,
        table.c.outcome,
        table.c.server_seed_hash,
        table.c.client_seed,
        table.c.nonce,
        table.c.config_version,
        table.c.created_at,
    ).where(table.c.user_id == user_id, *_within(table.c.created_at, span))
    query = query.order_by(table.c.id.desc() if newest_first else table.c.id).limit(limit)
    for r in db.execute(query.execution_options(yield_per=BATCH)).mappings():
        game = registry.get(r["game"]) if registry.is_game(r["game"]) else None
        yield {
            "id": r["id"],
            "game": r["game"],
            "bet": r["bet"],
            "payout": r["payout"],
            "net": r["payout"] - r["bet"],
            "outcome": game.summary(r["outcome"]) if game else "",
            "server_seed_hash": r["server_seed_hash"],
            "client_seed": r["client_seed"],
            "nonce": r["nonce"],
            "config_version": r["config_version"],
            "created_at": r["created_at"],
        }


def _ledger_rows(db: Session, user_id: int, span: DateRange, newest_first: bool, limit: int | None) -> Iterator[Row]:
    entries, accounts, transfers = LedgerEntry.__table__, LedgerAccount.__table__, LedgerTransfer.__table__
    query = (  # the entries ``GET /api/wallet/ledger`` pages through
        sa.select(
            entries.c.id,
            entries.c.kind,
            entries.c.amount,
            entries.c.balance_after,
            transfers.c.reference,
            entries.c.created_at,
        )
        .join(accounts, accounts.c.id == entries.c.account_id)
        .join(transfers, transfers.c.id == entries.c.transfer_id)
        .where(accounts.c.code == user_account(user_id), *_within(entries.c.created_at, span))
        .order_by(entries.c.id.desc() if newest_first else entries.c.id)
        .limit(limit)
    )
    for r in db.execute(query.execution_options(yield_per=BATCH)).mappings():
        yield dict(r)


def _purchase_rows(db: Session, user_id: int, span: DateRange, newest_first: bool, limit: int | None) -> Iterator[Row]:
    order_id = ShopOrder.__table__.c.id
    query = (
        sa.select(ShopOrder)
        .where(ShopOrder.user_id == user_id, *_within(ShopOrder.__table__.c.created_at, span))
        .order_by(order_id.desc() if newest_first else order_id)
        .limit(limit)
    )
    for order in db.execute(query.execution_options(yield_per=BATCH)).scalars():
        yield shop_history.order_record(order, machine.describe(db, order))
        db.expunge(order)  # the session keeps only the products it describes orders with


RowSource = Callable[[Session, int, DateRange, bool, int | None], Iterator[Row]]
_ROWS: dict[str, RowSource] = {"rounds": _round_rows, "ledger": _ledger_rows, "purchases": _purchase_rows}


def batches(
    user_id: int,
    kind: str,
    span: DateRange = EVERYTHING,
    *,
    newest_first: bool = False,
    limit: int | None = None,
) -> Batches:
    """The player's own rows of ``kind`` in ``span`` as lists of at most ``BATCH`` dicts, oldest first
    (or newest first), at most ``limit`` rows when given.

    The query runs on the first ``next()``; one transaction on its own connection,
    bounded by ``IDLE_IN_TRANSACTION_TIMEOUT`` and ``STATEMENT_TIMEOUT``, serves the
    whole iteration, which ends (or is closed) by releasing it. A database error is
    logged with the player's id and raised as ``ExportAborted``. Values are native:
    integers, strings, ``None`` and aware ``datetime``.
    """
    if kind not in _ROWS:
        raise ValidationFailed(code="EXPORT_KIND_UNKNOWN", details={"field": "kind"})
    return _batches(kind, _ROWS[kind], user_id, span, newest_first, limit)


def _bound(db: Session) -> None:
    """Time limits for this transaction only (``SET LOCAL``): a stalled export cannot keep its session."""
    db.execute(
        sa.text(
            "SELECT set_config('idle_in_transaction_session_timeout', :idle, true),"
            " set_config('statement_timeout', :statement, true)"
        ),
        {"idle": IDLE_IN_TRANSACTION_TIMEOUT, "statement": STATEMENT_TIMEOUT},
    )


def _batches(
    kind: str, rows: RowSource, user_id: int, span: DateRange, newest_first: bool, limit: int | None
) -> Batches:
    sent = 0
    try:
        # Not ``session_scope``: a streamed response advances this generator from several threads and contexts.
        with Session(get_engine(), expire_on_commit=False) as db:
            _bound(db)
            batch: list[Row] = []
            for row in rows(db, user_id, span, newest_first, limit):
                batch.append(row)
                if len(batch) >= BATCH:
                    yield batch
                    sent += len(batch)
                    batch = []
            if batch:
                yield batch
    except sa.exc.SQLAlchemyError as exc:
        first = exc  # closing a session on a lost connection can fail again: name the first failure
        while isinstance(first.__context__, sa.exc.SQLAlchemyError):
            first = first.__context__
        logger.error(
            "history export of user %s (%s) failed after %d rows: %s",
            user_id,
            kind,
            sent,
            type(getattr(first, "orig", None) or first).__name__,
            exc_info=exc,
            extra={"export_user_id": user_id, "export_kind": kind, "rows_sent": sent},
        )
        raise ExportAborted(f"the {kind} export of user {user_id} failed after {sent} rows") from exc


# --- serializers --------------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(clock.business_tz()).isoformat(timespec="seconds")
    return value


def safe_cell(value: Any) -> Any:
    """A CSV cell: ``""`` for ``None``, KST ISO-8601 for a time, text a spreadsheet will not run as a formula."""
    value = _value(value)
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


def _csv_text(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def csv_chunks(columns: Sequence[str], rows: Iterator[list[Row]]) -> Iterator[bytes]:
    """BOM and header, then one chunk per batch; the first batch is read before anything is yielded."""
    first = next(rows, [])
    yield ("\ufeff" + _csv_text([columns, *([safe_cell(r[c]) for c in columns] for r in first)])).encode("utf-8")
    for batch in rows:
        yield _csv_text([safe_cell(r[c]) for c in columns] for r in batch).encode("utf-8")


def _json_objects(columns: Sequence[str], batch: list[Row]) -> str:
    return ",\n".join(
        json.dumps({c: _value(r[c]) for c in columns}, ensure_ascii=False, separators=(",", ":")) for r in batch
    )


def json_chunks(columns: Sequence[str], rows: Iterator[list[Row]]) -> Iterator[bytes]:
    """One JSON array, a chunk per batch; the first batch is read before anything is yielded."""
    first = next(rows, [])
    yield ("[" + ("\n" + _json_objects(columns, first) if first else "")).encode("utf-8")
    for batch in rows:
        yield (",\n" + _json_objects(columns, batch)).encode("utf-8")
    yield b"\n]\n"


def export(
    user_id: int,
    kind: str,
    fmt: str,
    span: DateRange = EVERYTHING,
    *,
    newest_first: bool = False,
    limit: int | None = None,
) -> Chunks:
    """The player's ``kind`` history in ``span`` as ``fmt`` (``csv`` or ``json``), chunk by chunk.

    Kind and format are checked at once (422 ``EXPORT_KIND_UNKNOWN`` / ``EXPORT_FORMAT_UNKNOWN``);
    nothing is read until the first ``next()``, which runs the query and returns the
    header (or the array's opening) with the first batch. Closing the iterator early
    releases the database connection.
    """
    if fmt not in FORMATS:
        raise ValidationFailed(code="EXPORT_FORMAT_UNKNOWN", details={"field": "format"})
    rows = batches(user_id, kind, span, newest_first=newest_first, limit=limit)
    return _chunks(csv_chunks if fmt == "csv" else json_chunks, COLUMNS[kind], rows)


def stream(user_id: int, kind: str, fmt: str, span: DateRange = EVERYTHING) -> Chunks:
    """The player's export as the REST download streams it: ``export`` within the limits on running exports.

    Kind and format are checked at once. The first ``next()`` claims the player's
    export slot (429 ``EXPORT_IN_PROGRESS`` while another of theirs streams,
    ``EXPORT_BUSY`` when this process streams ``export_slots.PER_PROCESS``), counts
    the request (429 ``EXPORT_RATE_LIMITED``) and returns the first chunk. The slot
    is released when the stream ends, fails or is closed.
    """
    body = export(user_id, kind, fmt, span)
    return _claimed(user_id, body)


def _claimed(user_id: int, body: Chunks) -> Chunks:
    slot = export_slots.claim(user_id)
    try:
        admit(user_id)
        for chunk in body:
            yield chunk
            slot.refresh()
    finally:
        try:
            body.close()
        finally:
            slot.release()


Serializer = Callable[[Sequence[str], Iterator[list[Row]]], Iterator[bytes]]


def _chunks(serializer: Serializer, columns: Sequence[str], rows: Batches) -> Chunks:
    try:
        yield from serializer(columns, rows)
    finally:
        rows.close()
