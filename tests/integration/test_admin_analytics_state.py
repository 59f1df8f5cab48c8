"""The console's analytics state against the real pipeline: outbox events with chosen moments → the embedded
relay → OLAP → the report services → the page's vars (figures worked out by hand in
``tests/support/analytics_seed.py``), a period switch (and one whose read fails: the period shown is kept and
the report named), the CSV download (UTF-8 with a BOM), the OLAP store being down (a message in both languages
naming the reports, no crash) and a caller who is not staff."""

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


def _cohort_row(day: str, size: int, d1: int | None, d7: int | None, d30: int | None) -> dict[str, str]:
    """A cohort table row: counts, and rates of the size with one decimal; ``—`` where day n has not ended."""

    def shown(n: int | None) -> tuple[str, str]:
        return ("—", "—") if n is None else (str(n), f"{n / size * 100:.1f}%")

    (n1, r1), (n7, r7), (n30, r30) = shown(d1), shown(d7), shown(d30)
    return {
        "day": day,
        "size": str(size),
        "d1": n1,
        "d1_rate": r1,
        "d7": n7,
        "d7_rate": r7,
        "d30": n30,
        "d30_rate": r30,
    }


async def test_the_reports_reach_the_page_with_hand_computed_figures(
    monkeypatch: pytest.MonkeyPatch, clean_db: str
) -> None:
    _seed(clean_db)
    state = await _state(monkeypatch, identity.load(new_staff("support")))
    assert await _call(state, "load") is None
    assert state.error == {}
    assert state.windows["funnel"] == "2026-11-26 – 2026-11-28"
    assert state.windows["retention"] == "2026-09-30 – 2026-11-28"  # 60 days by default
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
    # Cohorts newest first (days without signups left out); day n is measured once it has ended (before the 28th).
    # The 27th: D signed up; its day 1 is today → nothing measurable. The 20th: P1–P4; D1 (the 21st) P1 P2 P3, D7
    # (the 27th, yesterday: ended) P1. The 8th: Q1, Q2 at 23:30 KST; Q1 back at 00:30 KST on the 9th (D1), Q2 on
    # the 15th (D7). 10-28: C and S; C back on 10-29 (D1) and in the shop on the 27th (D30: yesterday, ended),
    # S on 11-04 on its open session (D7).
    assert state.cohort_rows == [
        _cohort_row("2026-11-27", 1, None, None, None),
        _cohort_row("2026-11-20", 4, 3, 1, None),
        _cohort_row("2026-11-08", 2, 1, 1, None),
        _cohort_row("2026-10-28", 2, 1, 1, 1),
    ]
    assert state.cohort_rows[0]["d1"] == "—"  # a cohort whose day 1 is today
    assert state.cohort_rows[1] == {
        "day": "2026-11-20",
        "size": "4",
        "d1": "3",
        "d1_rate": "75.0%",
        "d7": "1",
        "d7_rate": "25.0%",
        "d30": "—",
        "d30_rate": "—",
    }
    # D1 (1 + 1 + 3) / (2 + 2 + 4) = 62.5 %, D7 (1 + 1 + 1) / 8 = 37.5 %, D30 1 / 2 (10-28 only) = 50.0 %;
    # the 27th's cohort is in none of them.
    assert [(s["day"], s["rate"], s["en"]) for s in state.retention_summary] == [
        ("1", "62.5%", "cohorts: 3 · 5 of 8 players"),
        ("7", "37.5%", "cohorts: 3 · 3 of 8 players"),
        ("30", "50.0%", "cohorts: 1 · 1 of 2 players"),
    ]
    points = {p["day"]: p for p in state.retention_points}
    assert points["11/20"] == {"day": "11/20", "d1": 75.0, "d7": 25.0, "d30": None}
    assert points["10/28"] == {"day": "10/28", "d1": 50.0, "d7": 50.0, "d30": 50.0}
    assert points["11/27"] == {"day": "11/27", "d1": None, "d7": None, "d30": None}
    assert len(state.retention_points) == 60
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
    await _call(state, "choose_days", "retention", "30")  # no longer offered (60, 90 or 120): ignored
    assert state.days["retention"] == 60
    await _call(state, "choose_days", "retention", "90")
    assert state.windows["retention"] == "2026-08-31 – 2026-11-28"
    assert [r["day"] for r in state.cohort_rows] == ["2026-11-27", "2026-11-20", "2026-11-08", "2026-10-28"]
    await _call(state, "load")  # a new visit starts from the defaults again
    assert state.days == {"funnel": 3, "retention": 60, "spend": 7, "games": 7, "economy": 7}


async def test_a_failed_period_switch_keeps_the_period_shown_and_names_the_report(
    monkeypatch: pytest.MonkeyPatch, clean_db: str
) -> None:
    _seed(clean_db)
    state = await _state(monkeypatch, identity.load(new_staff("support")))
    await _call(state, "load")
    await _call(state, "choose_days", "spend", "30")
    assert state.windows["spend"] == "2026-10-30 – 2026-11-28"
    shown = (list(state.cohort_rows), list(state.spend_daily_table))

    def down() -> None:
        raise client.unavailable(ConnectionRefusedError("connection refused"))

    store = client.get_client
    monkeypatch.setattr(client, "get_client", down)
    await _call(state, "choose_days", "retention", "120")
    # The 120-day read failed: the pressed period goes back to the 60 days still on screen, and the message
    # says which report was not loaded.
    assert state.days == {"funnel": 3, "retention": 60, "spend": 30, "games": 7, "economy": 7}
    assert state.windows["retention"] == "2026-09-30 – 2026-11-28"
    assert state.error == {
        "ko": "불러오지 못한 보고서: 리텐션 (가입 코호트). " + CATALOGS["ko"]["error.OLAP_UNAVAILABLE"],
        "en": "Could not load: Retention (signup cohorts). " + CATALOGS["en"]["error.OLAP_UNAVAILABLE"],
    }
    await _call(state, "choose_days", "spend", "90")
    assert state.days["spend"] == 30  # not 7 (the default): the period this report last showed
    assert state.windows["spend"] == "2026-10-30 – 2026-11-28"
    assert state.error["en"] == "Could not load: Revenue and payments. " + CATALOGS["en"]["error.OLAP_UNAVAILABLE"]
    assert (state.cohort_rows, state.spend_daily_table) == shown  # what was shown stays

    monkeypatch.setattr(client, "get_client", store)  # the store is back: the same switch now reads
    await _call(state, "choose_days", "retention", "120")
    assert state.error == {}
    assert state.days["retention"] == 120
    assert state.windows["retention"] == "2026-08-01 – 2026-11-28"


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
    reports_ko = "구매 퍼널, 리텐션 (가입 코호트), 매출과 결제, 게임, 골드 경제"
    reports_en = "Buy funnel, Retention (signup cohorts), Revenue and payments, Games, Gold economy"
    assert state.error == {
        "ko": f"불러오지 못한 보고서: {reports_ko}. " + CATALOGS["ko"]["error.OLAP_UNAVAILABLE"],
        "en": f"Could not load: {reports_en}. " + CATALOGS["en"]["error.OLAP_UNAVAILABLE"],
    }
    assert state.days["retention"] == 60
    assert await _call(state, "download_csv", "spend") is None
    assert state.error["en"] == "Could not load: Revenue and payments. " + CATALOGS["en"]["error.OLAP_UNAVAILABLE"]


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
