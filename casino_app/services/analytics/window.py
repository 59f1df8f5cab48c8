"""The business days a report covers, and the query parameters that select them in the OLAP store.

A window of ``days`` is the last ``days`` business days (``BUSINESS_TIMEZONE``) including today, which is still
running. Every report filters on ``toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}`` (the
parameters come from ``parameters``), so a moment belongs to the business day it falls on in Seoul, not in UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from casino_app.core import clock
from casino_app.services import outbox
from casino_app.services.analytics.types import Window

# Topics whose player events make the player active that day (ledger.transfers is not: staff grants are not play).
# Player events that make the player active that day (the one definition, used by every report). An order counts
# when paid: a refund can be made by staff or reported by the provider, which is not the player's activity.
ACTIVE_EVENT = (
    "topic IN {topics:Array(String)} AND user_id > 0"
    " AND NOT (topic = 'shop.orders' AND JSONExtractString(payload, 'event') != 'paid')"
)
ACTIVITY_TOPICS = (
    outbox.ACCOUNT_SIGNUPS,
    outbox.ACCOUNT_LOGINS,  # a session opened, or used again on a new business day
    outbox.GAME_ROUNDS,
    outbox.SHOP_FUNNEL,
    outbox.SHOP_ORDERS,
)


def window(days: int, now: datetime | None = None) -> Window:
    """The last ``days`` business days up to the day of ``now`` (default: the business clock's now).

    Callers validate ``days`` (at least 1).
    """
    today = clock.business_date(now)
    return Window(first=today - timedelta(days=days - 1), last=today, days=days)


def calendar(span: Window) -> list[date]:
    """Every day of the window, oldest first."""
    return [span.first + timedelta(days=offset) for offset in range((span.last - span.first).days + 1)]


def parameters(span: Window, **extra: Any) -> dict[str, Any]:
    """Server-side query parameters: ``tz`` (the business zone), ``first`` and ``last`` (dates), plus ``extra``."""
    return {"tz": clock.business_tz().key, "first": span.first, "last": span.last, **extra}


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when the divisor is 0."""
    return numerator / denominator if denominator else None
