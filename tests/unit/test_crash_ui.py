"""The crash screen without a database: number formats, the odds table, the live snapshot and ticks applied to the
state, the player's own bet followed through the round, realtime delivery only to watching tabs, pages render."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from casino_app.services import realtime as realtime_service
from casino_app.services.crash.table import DEFAULT_CRASH
from casino_app.state import crash_watch
from casino_app.state import realtime as delivery
from casino_app.state.admin_crash import loop_view, round_view, session_view
from casino_app.state.crash import CrashState, parse_auto
from casino_app.state.crash_format import bet_rows, history_chips, odds_rows, table_texts, x_text


def test_multipliers_are_formatted_from_hundredths_without_floats() -> None:
    assert [x_text(v) for v in (100, 101, 235, 100_000, 0, None, True, "2")] == [
        "1.00", "1.01", "2.35", "1000.00", "", "", "", "",
    ]  # fmt: skip


def test_auto_cashout_accepts_two_decimals_at_most() -> None:
    assert parse_auto("") is None
    assert parse_auto(" 2.5 ") == 2.5
    assert parse_auto("1,75") == 1.75
    for bad in ("1.005", "abc", "nan", "inf", "1e-3"):
        with pytest.raises(ValueError, match=r".*"):
            parse_auto(bad)


def test_the_odds_table_states_the_exact_chance_and_the_same_return_for_every_target() -> None:
    rows = odds_rows(DEFAULT_CRASH)
    assert [r["target"] for r in rows] == ["1.01", "1.50", "2.00", "3.00", "5.00", "10.00", "100.00", "1000.00"]
    assert rows[0]["chance"] == "96.04"  # 0.97 / 1.01
    assert rows[2]["chance"] == "48.50"  # 0.97 / 2
    assert rows[-1]["chance"] == "0.0970"
    assert {r["return"] for r in rows} == {"97.00"}
    texts = table_texts(DEFAULT_CRASH, 4)
    assert (texts["rtp"], texts["edge"], texts["max_multiplier"], texts["cap"]) == ("97", "3", "1000.00", "5,000,000")
    assert texts["instant"] == "3.96"


def test_the_players_list_marks_the_tab_s_own_player_and_shows_payouts_of_cash_outs_only() -> None:
    bets = [
        {"nickname": "Alice", "bet_amount": 1000, "auto": True, "status": "cashed", "cashout_multiplier": 152,
         "payout": 1520},
        {"nickname": "bob", "bet_amount": 50, "auto": False, "status": "active", "cashout_multiplier": None,
         "payout": 0},
    ]  # fmt: skip
    rows = bet_rows(bets, "BOB")
    assert rows[0] == {
        "nickname": "Alice", "bet": "1,000", "auto": "1", "status": "cashed", "multiplier": "1.52",
        "payout": "1,520", "payout_raw": "1520", "me": "",
    }  # fmt: skip
    assert (rows[1]["me"], rows[1]["payout"], rows[1]["multiplier"]) == ("1", "", "")
    chips = history_chips([{"number": 7, "crash_point": 150, "hash": "ab"}, {"number": 6, "crash_point": 1200}])
    assert [(c["number"], c["point"], c["tone"]) for c in chips] == [("7", "1.50", "low"), ("6", "12.00", "high")]


def _snapshot(phase: str, **more: Any) -> dict[str, Any]:
    base = {
        "phase": phase, "round_id": 41, "number": 12, "config_version": 3, "written_ms": 1_000, "server_now_ms": 5_000,
        "betting_ends_ms": 6_000, "started_ms": None, "growth_per_ms": 0.00006, "commitment": "c" * 64,
        "total_bet": 1000, "total_paid": 0, "players": 1, "paused": False, "chain": {"terminating_hash": "t" * 64},
        "table": {"min_bet": 10, "max_bet": 10_000}, "history": [], "bets": [],
    }  # fmt: skip
    return {**base, **more}


def _state(monkeypatch: pytest.MonkeyPatch) -> tuple[CrashState, list[str]]:
    state = CrashState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state._config_version, state._nickname = 3, "Bob"
    cues: list[str] = []

    async def cue(self: CrashState, kind: str) -> None:
        cues.append(kind)

    monkeypatch.setattr(CrashState, "_cue", cue)  # the sound cue lives in another state of the tab
    return state, cues


def test_a_round_is_followed_from_betting_through_ticks_to_the_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    state, cues = _state(monkeypatch)
    mine = {"nickname": "bob", "bet_amount": 100, "auto": False, "status": "active", "payout": 0}
    asyncio.run(state._apply_snapshot(_snapshot("betting", bets=[mine])))
    assert (state.available, state.phase, state.round_id, state.multiplier) == (True, "betting", 41, 100)
    assert state.terminating_hash == "t" * 64
    state._game_id, state.my_round_id, state.my_bet, state.my_status = 9, 41, 100, "active"
    assert state.can_bet is False  # one open bet at a time

    state._apply_tick({"round_id": 40, "multiplier": 500, "elapsed_ms": 9})  # another round: ignored
    assert state.multiplier == 100
    state._apply_tick({"round_id": 41, "multiplier": 137, "elapsed_ms": 5_250})  # the flight's snapshot is late
    assert (state.phase, state.multiplier, state.tick_elapsed, state.tick_seq) == ("flying", 137, 5_250, 1)
    assert state.in_flight
    assert state.potential_text == "137"

    asyncio.run(state._apply_snapshot(_snapshot("flying", written_ms=900, bets=[mine])))  # older: ignored
    assert state.multiplier == 137
    lost = {**mine, "status": "lost"}
    crashed = _snapshot("crashed", written_ms=2_000, crash_point=151, hash="h" * 64, bets=[lost])
    asyncio.run(state._apply_snapshot(crashed))
    assert (state.phase, state.crash_point, state.multiplier, state.crash_text) == ("crashed", 151, 151, "1.51")
    assert (state.my_status, state.in_flight, cues) == ("lost", False, ["loss"])
    state._apply_tick({"round_id": 41, "multiplier": 160, "elapsed_ms": 8_000})  # a tick after the crash
    assert state.multiplier == 151


def test_an_auto_cash_out_by_the_server_shows_in_the_player_s_bet(monkeypatch: pytest.MonkeyPatch) -> None:
    state, cues = _state(monkeypatch)
    asyncio.run(state._apply_snapshot(_snapshot("flying", started_ms=4_000)))
    state.my_round_id, state.my_bet, state.my_status, state._game_id = 41, 100, "active", 9
    cashed = {"nickname": "BOB", "bet_amount": 100, "auto": True, "status": "cashed", "cashout_multiplier": 200,
              "payout": 200}  # fmt: skip
    asyncio.run(state._apply_snapshot(_snapshot("flying", written_ms=1_500, started_ms=4_000, bets=[cashed])))
    assert (state.my_status, state.my_multiplier, state.my_payout, cues) == ("cashed", "2.00", 200, ["win"])
    assert state.bets[0]["me"] == "1"


def test_crash_events_reach_only_tabs_watching_the_page_here(monkeypatch: pytest.MonkeyPatch) -> None:
    applied: list[tuple[str, str]] = []

    async def record(app: object, token: str, event: realtime_service.Event) -> None:
        applied.append((event.type, token))

    monkeypatch.setattr(delivery, "_local_tokens", lambda app: {"a", "b", "c"})
    monkeypatch.setattr(delivery, "_apply_crash", record)
    monkeypatch.setattr(delivery, "_apply_to_tab", record)
    for token in ("a", "gone"):
        crash_watch.watch(token)
    try:
        tick = realtime_service.Event(target="crash", type="crash_tick", data={"round_id": 1})
        assert asyncio.run(delivery.deliver(object(), tick)) == 1  # type: ignore[arg-type]
        assert applied == [("crash_tick", "a")]
        assert crash_watch.watching({"a", "b", "c", "gone"}) == ["a"]  # the tab not connected here was forgotten
        applied.clear()
        feed = realtime_service.Event(target="feed", type="feed", data={})
        assert asyncio.run(delivery.deliver(object(), feed)) == 3  # type: ignore[arg-type]
    finally:
        crash_watch.drop("a")
    assert crash_watch.on_page("/games/crash/")
    assert not crash_watch.on_page("/games/crash/verify")


def test_the_console_shows_the_loop_s_heartbeat_age_and_rounds_without_a_hidden_crash_point() -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    loop = loop_view({"epoch": 7, "leader": "web-1:42", "heartbeat_at": now - timedelta(seconds=12), "paused": False,
                      "paused_by": None, "paused_at": None}, now)  # fmt: skip
    assert (loop["leader"], loop["age"], loop["paused"], loop["epoch"]) == ("web-1:42", "12", "", "7")
    assert loop_view({"epoch": 0, "heartbeat_at": None}, now)["age"] == ""
    current = round_view({"round_id": 5, "number": 2, "status": "flying", "total_bet": 1500, "open_bets": 2,
                          "open_stakes": 1500, "players": 2})  # fmt: skip
    assert (current["crash_point"], current["open_stakes"], current["open_bets"]) == ("", "1,500", "2")
    row = session_view({"game_id": 3, "user_id": 9, "nickname": "n", "round_id": 5, "round_number": 2,
                        "bet_amount": 100, "auto_cashout": 250, "status": "cashed", "cashout_multiplier": 250,
                        "payout": 250, "created_at": now, "settled_at": now, "crash_point": None})  # fmt: skip
    assert (row["auto"], row["cashout"], row["payout"], row["crash_point"]) == ("2.50", "2.50", "250", "")


def test_the_pages_render() -> None:
    import casino_app.casino_app  # noqa: F401 - registers every page and state
    from casino_app.pages.admin_crash import admin_crash_page
    from casino_app.pages.crash import crash_page, verify_page

    page = str(crash_page().render())
    for element in ("cc-crash-stage", "cc-crash-cashout", "cc-crash-bet-form", "cc-crash-history", "cc-reality"):
        assert element in page, element
    assert "cc-crash-verify-result" in str(verify_page().render())
    assert "cc-crash-pause" in str(admin_crash_page().render())
