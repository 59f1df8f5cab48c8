"""The buy funnel: open the shop → click buy → a successful purchase, per player and in that order.

Over the window each player's ``shop.funnel`` steps go through ClickHouse's ``windowFunnel`` (steps must come in
order; other steps may come between them; the funnel's window is the report's whole span, so a player who opens
the shop on the first day and buys on the last still converts). A player's level is the longest ordered prefix
reached: a click with no shop visit before it is level 0, a visit then a click is level 2. Timestamps are in
milliseconds so two steps in the same second keep their order. The daily rows count distinct players per step
and day without regard to order (the chart beside the funnel).
"""

from __future__ import annotations

from datetime import datetime

from casino_app.services.analytics import window as windows
from casino_app.services.analytics.types import FUNNEL_STEPS, FunnelDay, FunnelReport, FunnelStep, Window
from casino_app.services.olap import client

SECONDS_PER_DAY = 86_400

_LEVELS = """
SELECT countIf(level >= 1), countIf(level >= 2), countIf(level >= 3), countIf(failed)
FROM (
    SELECT
        user_id,
        windowFunnel({window_ms:UInt64})(
            toUInt64(toUnixTimestamp64Milli(occurred_at)),
            step = 'open_shop', step = 'buy_click', step = 'buy_success'
        ) AS level,
        countIf(step = 'buy_fail') > 0 AS failed
    FROM funnel FINAL
    WHERE user_id > 0 AND toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
    GROUP BY user_id
)
"""
_DAILY = """
SELECT
    toDate(occurred_at, {tz:String}) AS day,
    uniqExactIf(user_id, step = 'open_shop'),
    uniqExactIf(user_id, step = 'buy_click'),
    uniqExactIf(user_id, step = 'buy_success'),
    uniqExactIf(user_id, step = 'buy_fail')
FROM funnel FINAL
WHERE user_id > 0 AND toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
GROUP BY day
ORDER BY day WITH FILL FROM {first:Date} TO {last:Date} + 1
"""


def _steps(reached: list[int]) -> list[FunnelStep]:
    steps = []
    for index, (name, players) in enumerate(zip(FUNNEL_STEPS, reached, strict=True)):
        previous = reached[index - 1] if index else players
        steps.append(FunnelStep(name, players, windows.ratio(players, reached[0]), windows.ratio(players, previous)))
    return steps


def buy_funnel(days: int = 3, now: datetime | None = None) -> FunnelReport:
    """Players who reached each buy step in order over the last ``days`` business days, failed buyers, and the
    distinct players per step on each day (every day of the window, 0 when none).

    ``of_first`` is a step's players over the first step's, ``of_previous`` over the step before (the first
    step's own is 1.0); both None when their divisor is 0. 503 ``OLAP_UNAVAILABLE`` when the store is down.
    """
    span: Window = windows.window(days, now)
    params = windows.parameters(span, window_ms=days * SECONDS_PER_DAY * 1000)
    ((opened, clicked, bought, failed),) = client.query(_LEVELS, params)
    daily = [FunnelDay(day, int(o), int(c), int(s), int(f)) for day, o, c, s, f in client.query(_DAILY, params)]
    return FunnelReport(
        window=span,
        steps=_steps([int(opened), int(clicked), int(bought)]),
        failed_players=int(failed),
        daily=daily,
    )
