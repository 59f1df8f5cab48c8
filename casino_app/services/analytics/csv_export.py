"""The analytics reports as CSV: one header row, then every part of the report as rows tagged by ``section``.

Each report becomes one table whose first column names the part a row belongs to (``steps``, ``daily``,
``weekly``…); a row fills the columns of its part and leaves the others empty, so a spreadsheet can filter
by section. Column names are the report's field names (the JSON API's). Dates are ISO (``2026-11-28``),
ratios and won averages have at most four decimals, None is an empty cell and text that a spreadsheet would
run as a formula is quoted. ``\\r\\n`` line ends; the REST route adds the UTF-8 BOM.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from casino_app.services.analytics.types import (
    EconomyReport,
    FunnelReport,
    GamesReport,
    RetentionReport,
    SpendReport,
    Window,
)
from casino_app.services.history_export import safe_cell

Report = FunnelReport | RetentionReport | SpendReport | GamesReport | EconomyReport
Section = tuple[str, Iterable[Mapping[str, Any]]]
FLOAT_DECIMALS = 4

_SPEND = [
    "period",
    "revenue_krw",
    "paid_orders",
    "refunded_orders",
    "buyers",
    "active_players",
    "arpu_krw",
    "arppu_krw",
    "paying_share",
]
COLUMNS: dict[type, list[str]] = {
    FunnelReport: [
        "step",
        "players",
        "of_first",
        "of_previous",
        "day",
        "open_shop",
        "buy_click",
        "buy_success",
        "buy_fail",
    ],
    RetentionReport: [
        "day",
        "size",
        "d1",
        "d7",
        "d30",
        "d1_rate",
        "d7_rate",
        "d30_rate",
        "after_days",
        "cohorts",
        "players",
        "retained",
        "rate",
    ],
    SpendReport: _SPEND,
    GamesReport: ["game", "day", "rounds", "players", "wagered", "paid", "realised_rtp", "declared_rtp"],
    EconomyReport: ["direction", "kind", "amount", "transfers", "day", "sources", "sinks", "net"],
}


def _sections(report: Report) -> list[Section]:
    if isinstance(report, FunnelReport):
        return [
            ("steps", map(asdict, report.steps)),
            ("failed", [{"players": report.failed_players}]),
            ("daily", map(asdict, report.daily)),
        ]
    if isinstance(report, RetentionReport):
        summary = [{**asdict(s), "after_days": s.day, "day": None} for s in report.summary]
        return [("cohorts", map(asdict, report.cohorts)), ("summary", summary)]
    if isinstance(report, SpendReport):
        return [
            ("daily", map(asdict, report.daily)),
            ("weekly", map(asdict, report.weekly)),
            ("total", [asdict(report.total)]),
        ]
    if isinstance(report, GamesReport):
        return [("games", map(asdict, report.games)), ("daily", map(asdict, report.daily))]
    totals = {"sources": report.sources, "sinks": report.sinks, "net": report.net}
    return [("flows", map(asdict, report.flows)), ("daily", map(asdict, report.daily)), ("total", [totals])]


def cell(value: Any) -> Any:
    """One CSV cell: ISO dates, floats with at most ``FLOAT_DECIMALS`` decimals, ``""`` for None, safe text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        text = f"{value:.{FLOAT_DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


def _table(columns: Sequence[str], sections: Iterable[Section]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", *columns])
    for name, rows in sections:
        for row in rows:
            writer.writerow([name, *(cell(row.get(column)) for column in columns)])
    return out.getvalue()


def to_csv(report: Report) -> str:
    """The report as CSV text (a header row, then its sections; no BOM)."""
    return _table(COLUMNS[type(report)], _sections(report))


def filename(name: str, window: Window) -> str:
    """The download's name: ``cc-<name>-<first>_<last>.csv`` (e.g. ``cc-funnel-2026-11-26_2026-11-28.csv``)."""
    return f"cc-{name}-{window.first.isoformat()}_{window.last.isoformat()}.csv"
