"""The analytics page's view rules: percentages with one decimal, ``—`` where a figure cannot be measured, ₩ with
thousands separators, funnel bar labels, cohorts newest first without empty days, weeks and totals, RTP gaps,
flows by kind, and which periods a browser may ask for."""

from __future__ import annotations

from datetime import date

import pytest

from casino_app.core.errors import ServiceUnavailable
from casino_app.i18n import CATALOGS
from casino_app.services.analytics.types import (
    Cohort,
    EconomyDay,
    EconomyReport,
    FlowRow,
    FunnelDay,
    FunnelReport,
    FunnelStep,
    GameDay,
    GameRow,
    GamesReport,
    RetentionReport,
    RetentionSummary,
    SpendReport,
    SpendRow,
    Window,
)
from casino_app.state.admin_analytics import BOM, DEFAULT_DAYS, csv_file, period_choice, read_error
from casino_app.state.analytics_view import (
    economy_view,
    funnel_view,
    games_view,
    rate,
    retention_view,
    spend_view,
    window_text,
)

D1, D2, D3 = date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 28)
WINDOW = Window(D1, D3, 3)


def test_rates_have_one_decimal_and_a_dash_when_not_measurable() -> None:
    assert rate(2 / 3) == "66.7%"
    assert rate(1.0) == "100.0%"
    assert rate(0.0) == "0.0%"
    assert rate(None) == "—"
    assert window_text(WINDOW) == "2026-11-26 – 2026-11-28"


def _funnel() -> FunnelReport:
    steps = [
        FunnelStep("open_shop", 1_200, 1.0, 1.0),
        FunnelStep("buy_click", 300, 0.25, 0.25),
        FunnelStep("buy_success", 100, 100 / 1_200, 1 / 3),
    ]
    daily = [FunnelDay(D1, 0, 0, 0, 0), FunnelDay(D2, 1_000, 250, 90, 3), FunnelDay(D3, 400, 60, 10, 0)]
    return FunnelReport(WINDOW, steps, 3, daily)


def test_funnel_bars_carry_players_and_the_conversion_from_the_first_step() -> None:
    shown = funnel_view(_funnel())
    assert [(s["step"], s["players"], s["label"]) for s in shown["funnel_steps"]] == [
        ("open_shop", 1_200, "1,200 · 100.0%"),
        ("buy_click", 300, "300 · 25.0%"),
        ("buy_success", 100, "100 · 8.3%"),
    ]
    assert shown["funnel_steps"][2]["name_ko"] == "결제 성공"
    assert shown["funnel_steps"][2]["name_en"] == "Paid"
    assert shown["funnel_table"][2] == {
        "step": "buy_success",
        "players": "100",
        "of_first": "8.3%",
        "of_previous": "33.3%",
    }
    assert shown["funnel_failed"] == "3"
    assert shown["funnel_daily"][1] == {
        "day": "11/27",
        "open_shop": 1_000,
        "buy_click": 250,
        "buy_success": 90,
        "buy_fail": 3,
    }
    assert shown["funnel_daily_table"][1] == {
        "day": "2026-11-27",
        "open_shop": "1,000",
        "buy_click": "250",
        "buy_success": "90",
        "buy_fail": "3",
    }


def test_an_empty_funnel_shows_dashes_not_zero_percent() -> None:
    steps = [FunnelStep("open_shop", 0, None, None), FunnelStep("buy_click", 0, None, None)]
    shown = funnel_view(FunnelReport(WINDOW, steps, 0, []))
    assert [s["label"] for s in shown["funnel_steps"]] == ["0 · —", "0 · —"]
    assert shown["funnel_table"][1]["of_previous"] == "—"


def test_cohorts_newest_first_without_empty_days_and_rates_as_gaps() -> None:
    cohorts = [
        Cohort(D1, 3, 2, None, None, 2 / 3, None, None),
        Cohort(D2, 0, None, None, None, None, None, None),
        Cohort(D3, 1_500, None, None, None, None, None, None),
    ]
    summary = [RetentionSummary(1, 1, 3, 2, 2 / 3), RetentionSummary(7, 0, 0, 0, None)]
    shown = retention_view(RetentionReport(WINDOW, cohorts, summary))
    assert shown["retention_points"] == [
        {"day": "11/26", "d1": 66.7, "d7": None, "d30": None},
        {"day": "11/27", "d1": None, "d7": None, "d30": None},
        {"day": "11/28", "d1": None, "d7": None, "d30": None},
    ]
    assert [row["day"] for row in shown["cohort_rows"]] == ["2026-11-28", "2026-11-26"]
    assert shown["cohort_rows"][0]["size"] == "1,500"
    assert shown["cohort_rows"][1] == {
        "day": "2026-11-26",
        "size": "3",
        "d1": "2",
        "d1_rate": "66.7%",
        "d7": "—",
        "d7_rate": "—",
        "d30": "—",
        "d30_rate": "—",
    }
    assert [row["day"] for row in shown["retention_rates"]] == ["2026-11-26", "2026-11-28"]
    assert shown["retention_summary"][0]["rate"] == "66.7%"
    assert shown["retention_summary"][0]["ko"] == "코호트 1개 · 3명 중 2명"
    assert shown["retention_summary"][0]["en"] == "cohorts: 1 · 2 of 3 players"
    assert shown["retention_summary"][1]["rate"] == "—"
    assert shown["retention_summary"][1]["ko"] == "아직 잴 수 있는 코호트가 없어요"


def _spend_row(day: date, revenue: int, paid: int, refunded: int, buyers: int, active: int) -> SpendRow:
    return SpendRow(
        day,
        revenue,
        paid,
        refunded,
        buyers,
        active,
        revenue / active if active else None,
        revenue / buyers if buyers else None,
        buyers / active if active else None,
    )


def test_spend_shows_won_with_separators_and_rounds_averages_to_the_won() -> None:
    daily = [_spend_row(D1, 0, 0, 0, 0, 0), _spend_row(D2, 100_000, 3, 0, 2, 3), _spend_row(D3, -4_900, 0, 1, 0, 2)]
    total = _spend_row(D1, 95_100, 3, 1, 2, 4)
    report = SpendReport(WINDOW, daily, [_spend_row(date(2026, 11, 23), 95_100, 3, 1, 2, 4)], total)
    shown = spend_view(report)
    assert shown["spend_points"][1] == {"day": "11/27", "revenue": 100_000, "arpu": 33_333, "arppu": 50_000}
    assert shown["spend_points"][0] == {"day": "11/26", "revenue": 0, "arpu": None, "arppu": None}
    assert shown["spend_daily_table"][1] == {
        "period": "2026-11-27",
        "revenue": "₩100,000",
        "paid_orders": "3",
        "refunded_orders": "0",
        "buyers": "2",
        "active": "3",
        "arpu": "₩33,333",
        "arppu": "₩50,000",
        "paying": "66.7%",
    }
    assert shown["spend_daily_table"][2]["revenue"] == "-₩4,900"
    assert shown["spend_daily_table"][2]["arppu"] == "—"
    assert shown["spend_weekly_table"][0]["period"] == "2026-11-23"
    assert shown["spend_cards"]["arpu"] == "₩23,775"  # 95,100 / 4 = 23,775
    assert shown["spend_cards"]["paying"] == "50.0%"


def test_games_compare_realised_with_declared_rtp() -> None:
    games = [GameRow("slot", 1_234, 10, 100_000, 97_500, 0.975, 0.9578), GameRow("rps", 0, 0, 0, 0, None, 0.9667)]
    daily = [GameDay(D2, "slot", 1_000, 80_000, 70_000), GameDay(D3, "slot", 234, 20_000, 27_500)]
    daily += [GameDay(D2, "rps", 0, 0, 0), GameDay(D3, "rps", 0, 0, 0)]
    shown = games_view(GamesReport(WINDOW, games, daily))
    assert shown["game_rows"][0] == {
        "game": "slot",
        "rounds": "1,234",
        "players": "10",
        "wagered": "100,000",
        "paid": "97,500",
        "realised": "97.5%",
        "declared": "95.8%",
        "gap": "+1.7",
    }
    assert shown["game_rows"][1]["realised"] == "—"
    assert shown["game_rows"][1]["gap"] == "—"
    assert shown["game_points"] == [{"day": "11/27", "slot": 1_000, "rps": 0}, {"day": "11/28", "slot": 234, "rps": 0}]
    assert [s["key"] for s in shown["game_series"]] == ["slot", "rps"]
    assert [(r["day"], r["rounds"]) for r in shown["game_daily_table"]] == [
        ("2026-11-27", "1,000"),
        ("2026-11-28", "234"),
    ]


def test_economy_flows_by_kind_with_unknown_kinds_kept_by_code() -> None:
    flows = [FlowRow("source", "WELCOME", 3_000, 3), FlowRow("sink", "BRAND_NEW_KIND", 1_500, 2)]
    daily = [EconomyDay(D2, 3_000, 0, 3_000), EconomyDay(D3, 0, 1_500, -1_500)]
    shown = economy_view(EconomyReport(WINDOW, flows, daily, 3_000, 1_500, 1_500))
    assert shown["economy_cards"] == {"sources": "3,000", "sinks": "1,500", "net": "+1,500"}
    assert shown["economy_flows"] == [
        {"direction": "source", "kind": "WELCOME", "code": "WELCOME", "amount": "3,000", "transfers": "3"},
        {"direction": "sink", "kind": "OTHER", "code": "BRAND_NEW_KIND", "amount": "1,500", "transfers": "2"},
    ]
    assert shown["economy_points"][1] == {"day": "11/28", "sources": 0, "sinks": 1_500, "net": -1_500}
    assert shown["economy_daily_table"][1] == {"day": "2026-11-28", "sources": "0", "sinks": "1,500", "net": "-1,500"}


@pytest.mark.parametrize(
    ("report", "value", "expected"),
    [
        ("funnel", "3", ("funnel", 3)),
        ("funnel", 30, ("funnel", 30)),
        ("retention", "120", ("retention", 120)),
        ("retention", "60", ("retention", 60)),
        ("retention", "30", None),  # offered before the 60-day default, no longer
        ("economy", "90", ("economy", 90)),
        ("funnel", "90", None),
        ("retention", "7", None),
        ("spend", "-7", None),
        ("spend", "7.0", None),
        ("nope", "7", None),
        ({"a": 1}, "7", None),
        ("games", None, None),
    ],
)
def test_only_offered_periods_are_accepted(report: object, value: object, expected: tuple[str, int] | None) -> None:
    assert period_choice(report, value) == expected


def test_defaults_are_the_first_offered_period() -> None:
    # Retention opens on 60 days so D30 (a cohort 31+ days old) is measurable by default.
    assert DEFAULT_DAYS == {"funnel": 3, "retention": 60, "spend": 7, "games": 7, "economy": 7}


def test_a_read_error_names_the_reports_in_each_language() -> None:
    down = ServiceUnavailable(code="OLAP_UNAVAILABLE")
    assert read_error(["funnel", "economy"], down) == {
        "ko": "불러오지 못한 보고서: 구매 퍼널, 골드 경제. " + CATALOGS["ko"]["error.OLAP_UNAVAILABLE"],
        "en": "Could not load: Buy funnel, Gold economy. " + CATALOGS["en"]["error.OLAP_UNAVAILABLE"],
    }


def test_the_csv_file_starts_with_a_bom_and_is_named_after_the_window() -> None:
    data, name = csv_file("funnel", _funnel())
    assert name == "cc-funnel-2026-11-26_2026-11-28.csv"
    assert data.startswith(b"\xef\xbb\xbfsection,step,players,")
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    assert "\r\nsteps,buy_click,300,0.25,0.25,,,,,\r\n" in text
