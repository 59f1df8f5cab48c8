"""CSV of the analytics reports: one header row, rows tagged by section, cells formatted for spreadsheets."""

from __future__ import annotations

from datetime import date

from casino_app.services.analytics import csv_export
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

WINDOW = Window(date(2026, 11, 26), date(2026, 11, 28), 3)


def test_filename_names_the_report_and_its_days() -> None:
    assert csv_export.filename("funnel", WINDOW) == "cc-funnel-2026-11-26_2026-11-28.csv"
    assert csv_export.filename("spend", Window(date(2026, 11, 28), date(2026, 11, 28), 1)) == (
        "cc-spend-2026-11-28_2026-11-28.csv"
    )


def test_cells() -> None:
    assert csv_export.cell(None) == ""
    assert csv_export.cell(0.5) == "0.5"
    assert csv_export.cell(2 / 3) == "0.6667"
    assert csv_export.cell(2000.0) == "2000"
    assert csv_export.cell(-83.33333) == "-83.3333"
    assert csv_export.cell(-0.00001) == "0"  # no "-0"
    assert csv_export.cell(0.0) == "0"
    assert csv_export.cell(-20000) == -20000  # integers as they are (a minus sign is not a formula here)
    assert csv_export.cell(date(2026, 11, 23)) == "2026-11-23"
    assert csv_export.cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"  # text a spreadsheet would run
    assert csv_export.cell("DAILY_REWARD") == "DAILY_REWARD"


def test_funnel_csv() -> None:
    report = FunnelReport(
        WINDOW,
        [
            FunnelStep("open_shop", 4, 1.0, 1.0),
            FunnelStep("buy_click", 3, 0.75, 0.75),
            FunnelStep("buy_success", 0, 0.0, 0.0),
        ],
        2,
        [FunnelDay(date(2026, 11, 26), 1, 2, 2, 0)],
    )
    assert csv_export.to_csv(report).split("\r\n") == [
        "section,step,players,of_first,of_previous,day,open_shop,buy_click,buy_success,buy_fail",
        "steps,open_shop,4,1,1,,,,,",
        "steps,buy_click,3,0.75,0.75,,,,,",
        "steps,buy_success,0,0,0,,,,,",
        "failed,,2,,,,,,,",
        "daily,,,,,2026-11-26,1,2,2,0",
        "",
    ]


def test_retention_csv_keeps_unmeasurable_days_empty() -> None:
    report = RetentionReport(
        WINDOW,
        [Cohort(date(2026, 11, 27), 2, 1, None, None, 0.5, None, None)],
        [RetentionSummary(1, 1, 2, 1, 0.5), RetentionSummary(30, 0, 0, 0, None)],
    )
    assert csv_export.to_csv(report).split("\r\n") == [
        "section,day,size,d1,d7,d30,d1_rate,d7_rate,d30_rate,after_days,cohorts,players,retained,rate",
        "cohorts,2026-11-27,2,1,,,0.5,,,,,,,",
        "summary,,,,,,,,,1,1,2,1,0.5",
        "summary,,,,,,,,,30,0,0,0,",
        "",
    ]


def test_spend_csv_has_daily_weekly_and_total_rows() -> None:
    row = SpendRow(date(2026, 11, 23), -1000, 4, 1, 4, 12, -1000 / 12, -250.0, 1 / 3)
    quiet = SpendRow(date(2026, 11, 28), 0, 0, 0, 0, 0, None, None, None)
    text = csv_export.to_csv(SpendReport(WINDOW, [quiet], [row], row))
    assert text.split("\r\n") == [
        "section,period,revenue_krw,paid_orders,refunded_orders,buyers,active_players,arpu_krw,arppu_krw,paying_share",
        "daily,2026-11-28,0,0,0,0,0,,,",
        "weekly,2026-11-23,-1000,4,1,4,12,-83.3333,-250,0.3333",
        "total,2026-11-23,-1000,4,1,4,12,-83.3333,-250,0.3333",
        "",
    ]


def test_games_and_economy_csv() -> None:
    games = GamesReport(
        WINDOW,
        [GameRow("slot", 5, 3, 500, 400, 0.8, 0.948), GameRow("roulette", 1, 1, 0, 500, None, 0.5)],
        [GameDay(date(2026, 11, 26), "slot", 2, 200, 250)],
    )
    assert csv_export.to_csv(games).split("\r\n") == [
        "section,game,day,rounds,players,wagered,paid,realised_rtp,declared_rtp",
        "games,slot,,5,3,500,400,0.8,0.948",
        "games,roulette,,1,1,0,500,,0.5",
        "daily,slot,2026-11-26,2,,200,250,,",
        "",
    ]
    economy = EconomyReport(
        WINDOW,
        [FlowRow("source", "PURCHASE", 5500, 1), FlowRow("sink", "BET", 200, 2)],
        [EconomyDay(date(2026, 11, 28), 1300, 200, 1100)],
        5500,
        200,
        5300,
    )
    assert csv_export.to_csv(economy).split("\r\n") == [
        "section,direction,kind,amount,transfers,day,sources,sinks,net",
        "flows,source,PURCHASE,5500,1,,,,",
        "flows,sink,BET,200,2,,,,",
        "daily,,,,,2026-11-28,1300,200,1100",
        "total,,,,,,5500,200,5300",
        "",
    ]
