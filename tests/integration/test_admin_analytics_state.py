"""The console's analytics state against the real pipeline: outbox events with chosen moments → the embedded
relay → OLAP → the report services → the page's vars (figures worked out by hand in
``tests/support/analytics_seed.py``), a period switch, the CSV download (UTF-8 with a BOM), the OLAP store
being down (a message in both languages, no crash) and a caller who is not staff."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import reflex as rx

import casino_app.casino_app  # noqa: F401 - registers every state (in the main context, before any test's task)
from casino_app.core import clock
from casino_app.i18n import CATALOGS
from casino_app.services.accounts import identity
from casino_app.services.olap import client, sink
from casino_app.state import auth
from casino_app.state.admin_analytics import AdminAnalyticsState
from tests.support import analytics_seed
from tests.support.accounts import new_player, new_staff

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 10:00 KST on the 28th
TODAY = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with clock.use_clock(clock.FrozenClock(NOW)):
        yield


def _seed(database_url: str) -> None:
    events, _ = analytics_seed.scenario(TODAY)
    analytics_seed.insert(database_url, events)
    while sink.relay():
        pass


async def _state(monkeypatch: pytest.MonkeyPatch, user: identity.AuthUser | None) -> AdminAnalyticsState:
    async def current(self: Any) -> identity.AuthUser | None:
        return user

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return await root.get_state(AdminAnalyticsState)


async def _call(state: AdminAnalyticsState, handler: str, *args: Any) -> Any:
    return await AdminAnalyticsState.event_handlers[handler].fn(state, *args)


async def test_the_reports_reach_the_page_with_hand_computed_figures(
    monkeypatch: pytest.MonkeyPatch, clean_db: str
) -> None:
    _seed(clean_db)
    state = await _state(monkeypatch, identity.load(new_staff("support")))
    assert await _call(state, "load") is None
    assert state.error == {}
    assert state.windows["funnel"] == "2026-11-26 – 2026-11-28"
    assert state.windows["retention"] == "2026-10-30 – 2026-11-28"
    # A B C D opened the shop; A B C then clicked; A paid. E clicked without opening. B's payment failed.
    assert [s["label"] for s in state.funnel_steps] == ["4 · 100.0%", "3 · 75.0%", "1 · 25.0%"]
    assert [(r["players"], r["of_previous"]) for r in state.funnel_table] == [
        ("4", "100.0%"),
        ("3", "75.0%"),
        ("1", "33.3%"),
    ]
    assert state.funnel_failed == "1"
    assert [r["day"] for r in state.funnel_daily_table] == ["2026-11-26", "2026-11-27", "2026-11-28"]
    assert state.funnel_daily_table[1] == {
        "day": "2026-11-27",
        "open_shop": "4",
        "buy_click": "4",
        "buy_success": "1",
        "buy_fail": "1",
    }
    # Cohorts of the 20th (4 players) and the 8th (2, signed up at 23:30 KST, back at 00:30 KST the next day).
    assert state.cohort_rows == [
        {
            "day": "2026-11-20",
            "size": "4",
            "d1": "3",
            "d1_rate": "75.0%",
            "d7": "1",
            "d7_rate": "25.0%",
            "d30": "—",
            "d30_rate": "—",
        },
        {
            "day": "2026-11-08",
            "size": "2",
            "d1": "1",
            "d1_rate": "50.0%",
            "d7": "1",
            "d7_rate": "50.0%",
            "d30": "—",
            "d30_rate": "—",
        },
    ]
    assert [(s["day"], s["rate"]) for s in state.retention_summary] == [("1", "66.7%"), ("7", "33.3%"), ("30", "—")]
    points = {p["day"]: p for p in state.retention_points}
    assert points["11/20"] == {"day": "11/20", "d1": 75.0, "d7": 25.0, "d30": None}
    assert len(state.retention_points) == 30
    # Spend over 11-22..11-28: A's ₩33,000; active: A–E and P1 on the 27th, P4 on the 22nd = 7 players.
    assert state.spend_cards["revenue"] == "₩33,000"
    assert state.spend_cards["active"] == "7"
    assert state.spend_cards["arpu"] == "₩4,714"  # 33,000 / 7 = 4,714.29
    assert state.spend_cards["paying"] == "14.3%"  # 1 / 7
    day = next(r for r in state.spend_daily_table if r["period"] == "2026-11-27")
    assert (day["revenue"], day["active"], day["arpu"], day["arppu"], day["paying"]) == (
        "₩33,000",
        "6",
        "₩5,500",
        "₩33,000",
        "16.7%",
    )
    assert [w["period"] for w in state.spend_weekly_table] == ["2026-11-16", "2026-11-23"]
    # No rounds: every game is listed with nothing played, its realised RTP not measurable.
    assert {r["game"] for r in state.game_rows} == {"slot", "gacha", "rps", "roulette", "crash"}
    assert {(r["rounds"], r["realised"], r["gap"]) for r in state.game_rows} == {("0", "—", "—")}
    assert state.economy_cards == {"sources": "0", "sinks": "0", "net": "+0"}


async def test_a_period_switch_reads_that_report_only_for_offered_periods(
    monkeypatch: pytest.MonkeyPatch, clean_db: str
) -> None:
    _seed(clean_db)
    state = await _state(monkeypatch, identity.load(new_staff("support")))
    await _call(state, "load")
    await _call(state, "choose_days", "funnel", "30")
    assert state.days["funnel"] == 30
    assert state.windows["funnel"] == "2026-10-30 – 2026-11-28"
    assert len(state.funnel_daily_table) == 30
    await _call(state, "choose_days", "funnel", "90")  # not offered for the funnel: ignored
    await _call(state, "choose_days", "everything", "7")
    assert state.days["funnel"] == 30
    await _call(state, "choose_days", "retention", "60")
    assert state.windows["retention"] == "2026-09-30 – 2026-11-28"
    assert [r["day"] for r in state.cohort_rows] == ["2026-11-20", "2026-11-08"]
    await _call(state, "load")  # a new visit starts from the defaults again
    assert state.days == {"funnel": 3, "retention": 30, "spend": 7, "games": 7, "economy": 7}


async def test_the_csv_download_is_the_report_with_a_bom(monkeypatch: pytest.MonkeyPatch, clean_db: str) -> None:
    _seed(clean_db)
    state = await _state(monkeypatch, identity.load(new_staff("support")))
    await _call(state, "load")
    spec = await _call(state, "download_csv", "funnel")
    args = {name._js_expr: str(value) for name, value in spec.args}
    assert args["filename"] == '"cc-funnel-2026-11-26_2026-11-28.csv"'
    prefix = '"data:text/csv;charset=utf-8;base64,'
    assert args["url"].startswith(prefix)
    data = base64.b64decode(args["url"][len(prefix) : -1])
    lines = data.decode("utf-8").split("\r\n")
    assert lines[0] == "\ufeffsection,step,players,of_first,of_previous,day,open_shop,buy_click,buy_success,buy_fail"
    assert "steps,buy_success,1,0.25,0.3333,,,,," in lines
    assert "failed,,1,,,,,,," in lines
    assert "daily,,,,,2026-11-27,4,4,1,1" in lines
    assert await _call(state, "download_csv", "../../etc/passwd") is None


async def test_an_unavailable_store_shows_a_message_in_both_languages(
    monkeypatch: pytest.MonkeyPatch, clean_db: str
) -> None:
    def down() -> None:
        raise client.unavailable(ConnectionRefusedError("connection refused"))

    state = await _state(monkeypatch, identity.load(new_staff("support")))
    monkeypatch.setattr(client, "get_client", down)
    assert await _call(state, "load") is None
    assert state.error == {
        "ko": CATALOGS["ko"]["error.OLAP_UNAVAILABLE"],
        "en": CATALOGS["en"]["error.OLAP_UNAVAILABLE"],
    }
    assert await _call(state, "download_csv", "spend") is None
    assert state.error["en"] == CATALOGS["en"]["error.OLAP_UNAVAILABLE"]


async def test_a_player_is_sent_to_the_staff_login(monkeypatch: pytest.MonkeyPatch, clean_db: str) -> None:
    state = await _state(monkeypatch, new_player().user)
    for handler, args in (
        ("load", ()),
        ("refresh", ()),
        ("choose_days", ("funnel", "7")),
        ("download_csv", ("funnel",)),
    ):
        answer = await _call(state, handler, *args)
        assert "/admin/login" in repr(answer), handler
    assert state.funnel_steps == []
