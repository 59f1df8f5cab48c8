"""The gold economy: gold issued to players (sources) and taken from them (sinks), by transfer kind and per day.

From ``gold_flows`` (one row per ledger leg): a leg from a system account to a player is a source, one from a
player to a system account a sink; legs between two system accounts or between players are internal and left
out. A leg's kind is the kind the ledger gave it (``WIN``, ``BET``, ``PURCHASE``, ``ADMIN_ADJUST``…).
"""

from __future__ import annotations

from datetime import datetime

from casino_app.services.analytics import window as windows
from casino_app.services.analytics.types import EconomyDay, EconomyReport, FlowRow, Window
from casino_app.services.olap import client

# Sources first, then sinks; the largest amounts first within each.
_FLOWS = """
SELECT direction, kind, sum(amount) AS amount, uniqExact(event_id)
FROM gold_flows FINAL
WHERE direction IN ('source', 'sink')
  AND toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
GROUP BY direction, kind
ORDER BY direction = 'source' DESC, amount DESC, kind
"""
_DAILY = """
SELECT toDate(occurred_at, {tz:String}) AS day, sumIf(amount, direction = 'source'), sumIf(amount, direction = 'sink')
FROM gold_flows FINAL
WHERE direction IN ('source', 'sink')
  AND toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
GROUP BY day
ORDER BY day WITH FILL FROM {first:Date} TO {last:Date} + 1
"""


def economy(days: int = 7, now: datetime | None = None) -> EconomyReport:
    """Sources and sinks by kind over the last ``days`` business days (amount and number of transfers), every
    day's sources, sinks and net (zero when quiet), and the window's totals (net = sources − sinks).
    503 ``OLAP_UNAVAILABLE`` when the store is down.
    """
    span: Window = windows.window(days, now)
    params = windows.parameters(span)
    flows = [
        FlowRow(direction=direction, kind=kind, amount=int(amount), transfers=int(transfers))
        for direction, kind, amount, transfers in client.query(_FLOWS, params)
    ]
    daily = [
        EconomyDay(day=day, sources=int(sources), sinks=int(sinks), net=int(sources) - int(sinks))
        for day, sources, sinks in client.query(_DAILY, params)
    ]
    sources = sum(f.amount for f in flows if f.direction == "source")
    sinks = sum(f.amount for f in flows if f.direction == "sink")
    return EconomyReport(window=span, flows=flows, daily=daily, sources=sources, sinks=sinks, net=sources - sinks)
