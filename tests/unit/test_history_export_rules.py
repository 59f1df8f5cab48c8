"""History export without a database: the KST date range, file names, safe CSV cells, the serializers, the links,
and the limits on running exports (in-process)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from casino_app.core import clock
from casino_app.core.errors import RateLimited, ValidationFailed
from casino_app.services import export_slots, rate_limit
from casino_app.services import history_export as hx
from casino_app.state.history_export import export_href


def test_a_range_is_kst_calendar_days_both_inclusive() -> None:
    span = hx.parse_range("2026-11-01", "2026-11-28")
    assert span == hx.DateRange(date(2026, 11, 1), date(2026, 11, 28))
    start, end = span.instants()
    assert start == datetime(2026, 10, 31, 15, 0, tzinfo=UTC)  # 00:00 KST
    assert end == datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # 00:00 KST of the day after the last
    assert hx.parse_range("2026-11-01", "2026-11-01").instants()[1] == datetime(2026, 11, 1, 15, 0, tzinfo=UTC)
    assert hx.parse_range(None, "") == hx.EVERYTHING
    assert hx.EVERYTHING.instants() == (None, None)
    assert hx.parse_range("2026-11-01", None).instants()[1] is None


@pytest.mark.parametrize(
    ("raw_from", "raw_to", "code", "field"),
    [
        ("2026-02-30", None, "EXPORT_DATE_INVALID", "from"),
        (None, "2026-13-01", "EXPORT_DATE_INVALID", "to"),
        ("20261101", None, "EXPORT_DATE_INVALID", "from"),  # ISO basic form: not the documented one
        ("2026-11-01T00:00", None, "EXPORT_DATE_INVALID", "from"),
        ("1999-12-31", None, "EXPORT_DATE_OUT_OF_RANGE", "from"),
        (None, "2100-01-01", "EXPORT_DATE_OUT_OF_RANGE", "to"),
        ("2026-11-02", "2026-11-01", "EXPORT_RANGE_INVALID", "from"),
    ],
)
def test_bad_dates_are_refused_with_their_field(
    raw_from: str | None, raw_to: str | None, code: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        hx.parse_range(raw_from, raw_to)
    assert refused.value.error_code == code
    assert refused.value.details["field"] == field
    assert refused.value.message("ko") != refused.value.message("en")


def test_file_names_carry_kind_and_range() -> None:
    span = hx.DateRange(date(2026, 11, 1), date(2026, 11, 28))
    assert hx.filename("rounds", "csv", span) == "cc-rounds-2026-11-01_2026-11-28.csv"
    with clock.use_clock(clock.FrozenClock(datetime(2026, 11, 28, 15, 30, tzinfo=UTC))):  # 00:30 KST on the 29th
        assert hx.filename("ledger", "json", hx.EVERYTHING) == "cc-ledger-start_2026-11-29.json"


def test_cells_are_kst_text_and_never_a_formula() -> None:
    assert hx.safe_cell(datetime(2026, 11, 1, 14, 59, 59, tzinfo=UTC)) == "2026-11-01T23:59:59+09:00"
    assert hx.safe_cell(None) == ""
    assert hx.safe_cell(-500) == -500  # a debit stays a number
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert hx.safe_cell(text) == "'" + text
    assert hx.safe_cell("골드") == "골드"


def _batches(*batches: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    return iter(list(batches))


def test_csv_has_a_bom_a_header_and_one_chunk_per_batch() -> None:
    columns = ("id", "amount", "created_at")
    at = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)
    chunks = list(
        hx.csv_chunks(
            columns, _batches([{"id": 1, "amount": -5, "created_at": at}], [{"id": 2, "amount": 7, "created_at": at}])
        )
    )
    assert len(chunks) == 2
    assert chunks[0].startswith(b"\xef\xbb\xbfid,amount,created_at\r\n")
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert rows == [list(columns), ["1", "-5", "2026-11-02T00:00:00+09:00"], ["2", "7", "2026-11-02T00:00:00+09:00"]]
    empty = b"".join(hx.csv_chunks(columns, _batches()))
    assert empty == "\ufeffid,amount,created_at\r\n".encode()


def test_json_is_one_valid_array_whatever_the_batches() -> None:
    columns = ("id", "name")
    assert json.loads(b"".join(hx.json_chunks(columns, _batches()))) == []
    one = [{"id": 1, "name": "골드"}]
    assert json.loads(b"".join(hx.json_chunks(columns, _batches(one)))) == one
    many = [[{"id": i, "name": "=x"}] for i in range(3)]
    body = b"".join(hx.json_chunks(columns, _batches(*many)))
    assert json.loads(body) == [{"id": i, "name": "=x"} for i in range(3)]
    assert "골드".encode() in b"".join(hx.json_chunks(columns, _batches(one)))


def test_unknown_kind_or_format_is_refused_before_anything_is_read() -> None:
    with pytest.raises(ValidationFailed) as kind:
        hx.export(1, "passwords", "csv")
    assert kind.value.error_code == "EXPORT_KIND_UNKNOWN"
    with pytest.raises(ValidationFailed) as fmt:
        hx.export(1, "rounds", "xlsx")
    assert fmt.value.error_code == "EXPORT_FORMAT_UNKNOWN"


def test_the_page_links_only_a_valid_choice() -> None:
    assert export_href("rounds", "csv", "", "") == "/api/me/export/rounds?format=csv"
    assert (
        export_href("ledger", "json", "2026-11-01", "2026-11-28")
        == "/api/me/export/ledger?format=json&from=2026-11-01&to=2026-11-28"
    )
    assert export_href("purchases", "csv", "", "2026-11-28") == "/api/me/export/purchases?format=csv&to=2026-11-28"
    assert export_href("ledger", "csv", "2026-11-29", "2026-11-28") == ""
    assert export_href("ledger", "csv", "2026-02-30", "") == ""
    assert export_href("users", "csv", "", "") == ""
    assert export_href("rounds", "xml", "", "") == ""


# --- running exports: one per player, a cap per process (in-process, no Redis here) ---------------------


@pytest.fixture
def slots() -> Iterator[None]:
    export_slots.reset_memory()
    rate_limit.reset_memory()
    yield
    export_slots.reset_memory()


def _refused(user_id: int) -> RateLimited:
    with pytest.raises(RateLimited) as refused:
        export_slots.claim(user_id)
    return refused.value


@pytest.mark.usefixtures("slots")
def test_one_running_export_per_player() -> None:
    first = export_slots.claim(7)
    refused = _refused(7)
    assert refused.error_code == "EXPORT_IN_PROGRESS"
    assert refused.headers == {"Retry-After": str(export_slots.IN_PROGRESS_RETRY_SECONDS)}
    assert refused.message("ko") != refused.message("en")
    other = export_slots.claim(8)  # someone else's export is not held up
    assert export_slots.running() == 2
    first.release()
    first.release()  # a second release changes nothing
    assert export_slots.running() == 1
    export_slots.claim(7).release()
    other.release()
    assert export_slots.running() == 0


@pytest.mark.usefixtures("slots")
def test_a_process_runs_at_most_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_slots, "PER_PROCESS", 2)
    held = [export_slots.claim(1), export_slots.claim(2)]
    busy = _refused(3)
    assert busy.error_code == "EXPORT_BUSY"
    assert busy.details["retry_after"] == export_slots.BUSY_RETRY_SECONDS
    assert str(export_slots.BUSY_RETRY_SECONDS) in busy.message("ko")
    held.pop().release()
    export_slots.claim(3).release()  # the refusal left player 3 no lock of their own
    held[0].release()


@pytest.mark.usefixtures("slots")
def test_a_stale_holder_never_frees_the_lock_of_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_slots, "LOCK_TTL_SECONDS", 0)  # the safety net expires at once
    stale = export_slots.claim(7)
    monkeypatch.setattr(export_slots, "LOCK_TTL_SECONDS", 120)
    fresh = export_slots.claim(7)  # the stale lock had expired: a new holder took it
    stale.release()
    assert _refused(7).error_code == "EXPORT_IN_PROGRESS"  # still the fresh holder's
    fresh.release()
    export_slots.claim(7).release()


def _body(fail: bool = False) -> Iterator[bytes]:
    yield b"first"
    if fail:
        raise hx.ExportAborted("the database went away")
    yield b"second"


@pytest.mark.usefixtures("slots")
def test_a_stream_holds_its_slot_until_it_ends_however_it_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    finished = hx._claimed(7, _body())
    assert next(finished) == b"first"
    assert export_slots.running() == 1
    assert _refused(7).error_code == "EXPORT_IN_PROGRESS"
    assert list(finished) == [b"second"]
    assert export_slots.running() == 0

    abandoned = hx._claimed(7, _body())
    next(abandoned)
    abandoned.close()
    assert export_slots.running() == 0

    failed = hx._claimed(7, _body(fail=True))
    next(failed)
    with pytest.raises(hx.ExportAborted):
        next(failed)
    assert export_slots.running() == 0

    monkeypatch.setattr(hx, "EXPORTS_PER_MINUTE", 0)
    with pytest.raises(RateLimited) as limited:
        next(hx._claimed(7, _body()))
    assert limited.value.error_code == "EXPORT_RATE_LIMITED"
    assert export_slots.running() == 0
    export_slots.claim(7).release()  # every path gave the player's lock back


@pytest.mark.usefixtures("slots")
def test_a_bad_kind_or_format_is_refused_before_a_slot_is_taken() -> None:
    with pytest.raises(ValidationFailed):
        hx.stream(7, "passwords", "csv")
    with pytest.raises(ValidationFailed):
        hx.stream(7, "rounds", "xlsx")
    assert export_slots.running() == 0
    export_slots.claim(7).release()
