"""The live monitor's stream rules: rows merged by id (newest first, at most 200), the look-back floor that lets a
late-committing round show up, the waiting count while paused, and wins marked only above the stake."""

from __future__ import annotations

from datetime import UTC, datetime

from casino_app.services.monitor import MonitorEvent
from casino_app.state.admin_monitor import LOOKBACK_SECONDS, event_row, floor_of, merge_rows, waiting_text


def _event(round_id: int, bet: int, payout: int) -> MonitorEvent:
    return MonitorEvent(round_id, datetime(2026, 5, 1, 12, 30, tzinfo=UTC), 7, "닉", "slot", bet, payout, "x")


def _row(round_id: int, mark: str = "") -> dict[str, str]:
    return {"id": str(round_id), "mark": mark}


def test_rows_merge_by_id_newest_first_and_keep_at_most_the_cap() -> None:
    shown = [_row(9), _row(7), _row(5)]
    merged = merge_rows(shown, [_row(10), _row(8, "late"), _row(7, "fresh")])
    assert [r["id"] for r in merged] == ["10", "9", "8", "7", "5"]
    assert merged[3]["mark"] == "fresh"  # a re-read row replaces the shown one
    assert [r["id"] for r in merge_rows(shown, [_row(11), _row(10)], cap=3)] == ["11", "10", "9"]
    many = merge_rows([], [_row(n) for n in range(1, 301)])
    assert len(many) == 200
    assert many[0]["id"] == "300"
    assert many[-1]["id"] == "101"


def test_floor_is_what_the_tab_knew_a_look_back_ago() -> None:
    now = 1_000.0
    assert floor_of([], now) == 0  # nothing known that long ago: read the newest rows
    marks = [(now - 14, 40), (now - 12, 45), (now - 8, 50), (now - 2, 60)]
    assert floor_of(marks, now) == 45
    assert floor_of(marks, now + LOOKBACK_SECONDS) == 60
    assert floor_of([(now - 3, 99)], now) == 0


def test_waiting_count_shows_more_than_the_cap_as_plus() -> None:
    assert waiting_text(0) == "0"
    assert waiting_text(12) == "12"
    assert waiting_text(200) == "200"
    assert waiting_text(201) == "200+"


def test_only_a_payout_above_the_stake_is_a_win() -> None:
    win, even, loss = event_row(_event(3, 100, 150)), event_row(_event(2, 100, 100)), event_row(_event(1, 100, 40))
    assert (win["result"], win["net"]) == ("win", "+50")
    assert (even["result"], even["net"]) == ("even", "+0")
    assert (loss["result"], loss["net"]) == ("loss", "-60")
    assert win["at"] == "2026-05-01 21:30"  # KST
    assert event_row(_event(4, 1_000, 12_500))["payout"] == "12,500"
