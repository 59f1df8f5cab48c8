"""Spend: revenue, orders and buyers against active players, per business day, per ISO week and over the window.

Purchases come from the ``purchases`` table (``FINAL``: one row per event id even before a merge): revenue is Σ
``revenue_krw`` (+ paid, − refunded, each on the day of its own event) and buyers are counted distinct over the
whole period, so a week's buyers are not a sum of days. (The materialized ``purchases_daily_agg`` holds the same
daily figures for dashboards; it is not the source here because a crash between a purchase's insert and the view's
could leave the view one purchase short, and the sink never inserts that purchase again.) Active players (distinct
players with a sign-in, a round, a shop visit or an order) come from ``events``. Weeks are ISO weeks named by their
Monday, cut to the window: the first and last week may cover fewer than seven days, and the first week's Monday may
precede the window.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from casino_app.services.analytics import window as windows
from casino_app.services.analytics.types import SpendReport, SpendRow, Window
from casino_app.services.olap import client

# ``PERIOD`` is replaced by the grouping expression over ``day`` (a Date): the day, its Monday, or one constant.
_PURCHASES = """
SELECT PERIOD AS period, countIf(status = 'paid'), countIf(status = 'refunded'), sum(revenue_krw),
       uniqExactIf(user_id, status = 'paid')
FROM (
    SELECT user_id, status, revenue_krw, toDate(occurred_at, {tz:String}) AS day
    FROM purchases FINAL
    WHERE toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
)
GROUP BY period
"""
_ACTIVE = """
SELECT PERIOD AS period, uniqExact(user_id)
FROM (
    SELECT user_id, toDate(occurred_at, {tz:String}) AS day
    FROM events FINAL
    WHERE ACTIVE_EVENT
      AND toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
)
GROUP BY period
"""
PERIODS = {"day": "day", "week": "toMonday(day)", "total": "{first:Date}"}


def _sums(period: str, params: dict[str, Any]) -> tuple[dict[date, tuple[int, ...]], dict[date, int]]:
    """Purchases and active players grouped by ``period`` (a key of ``PERIODS``)."""
    expression = PERIODS[period]
    purchases = {
        row[0]: tuple(int(v) for v in row[1:]) for row in client.query(_PURCHASES.replace("PERIOD", expression), params)
    }
    active = {
        day: int(n)
        for day, n in client.query(
            _ACTIVE.replace("PERIOD", expression).replace("ACTIVE_EVENT", windows.ACTIVE_EVENT), params
        )
    }
    return purchases, active


def _row(period: date, purchases: tuple[int, ...] | None, active: int) -> SpendRow:
    paid, refunded, revenue, buyers = purchases or (0, 0, 0, 0)
    return SpendRow(
        period=period,
        revenue_krw=revenue,
        paid_orders=paid,
        refunded_orders=refunded,
        buyers=buyers,
        active_players=active,
        arpu_krw=windows.ratio(revenue, active),
        arppu_krw=windows.ratio(revenue, buyers),
        paying_share=windows.ratio(buyers, active),
    )


def _mondays(span: Window) -> list[date]:
    monday = span.first - timedelta(days=span.first.weekday())
    return [monday + timedelta(weeks=n) for n in range((span.last - monday).days // 7 + 1)]


def spend(days: int = 30, now: datetime | None = None) -> SpendReport:
    """Daily rows (every day of the last ``days`` business days, zero when quiet), ISO-week rows (Monday first)
    and the window's total: net revenue (paid − refunded, ₩), paid and refunded orders, distinct buyers,
    distinct active players, ARPU = revenue / active players, ARPPU = revenue / buyers, paying share =
    buyers / active players (each None when its divisor is 0). 503 ``OLAP_UNAVAILABLE`` when the store is down.
    """
    span: Window = windows.window(days, now)
    params = windows.parameters(span, topics=list(windows.ACTIVITY_TOPICS))
    rows: dict[str, list[SpendRow]] = {}
    periods = {"day": windows.calendar(span), "week": _mondays(span), "total": [span.first]}
    for period, keys in periods.items():
        purchases, active = _sums(period, params)
        rows[period] = [_row(key, purchases.get(key), active.get(key, 0)) for key in keys]
    return SpendReport(window=span, daily=rows["day"], weekly=rows["week"], total=rows["total"][0])
