"""Signup cohorts and their D1 / D7 / D30 retention.

A cohort is the players whose ``accounts.signups`` event falls on one business day of the window. A player of
that cohort is retained on day n when they were active exactly on signup day + n (a sign-in, a round, a shop
visit or an order that business day; gold moved by staff is not activity). Day n is measured once it has
ended: until then (day n is today or later) it is None, and the cohort is left out of that day's summary.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from casino_app.services.analytics import window as windows
from casino_app.services.analytics.types import RETENTION_DAYS, Cohort, RetentionReport, RetentionSummary, Window
from casino_app.services.olap import client

# Per cohort day: its size and how many of it were active on signup day + 1, + 7 and + 30. Activity is read from
# the cohort's first day to today (the latest day any of these can fall on).
_COHORTS = """
WITH
    cohort AS (
        SELECT user_id, min(toDate(occurred_at, {tz:String})) AS signup_day
        FROM events FINAL
        WHERE topic = 'accounts.signups' AND user_id > 0
          AND toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
        GROUP BY user_id
    ),
    active AS (
        SELECT user_id, groupUniqArray(toDate(occurred_at, {tz:String})) AS days
        FROM events FINAL
        WHERE ACTIVE_EVENT AND user_id IN (SELECT user_id FROM cohort)
          AND toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
        GROUP BY user_id
    )
SELECT
    cohort.signup_day,
    count(),
    countIf(has(active.days, cohort.signup_day + 1)),
    countIf(has(active.days, cohort.signup_day + 7)),
    countIf(has(active.days, cohort.signup_day + 30))
FROM cohort
LEFT JOIN active ON active.user_id = cohort.user_id
GROUP BY cohort.signup_day
"""


def _measured(signup_day: date, n: int, retained: int, today: date) -> int | None:
    return retained if signup_day + timedelta(days=n) < today else None


def _cohort(day: date, size: int, retained: dict[int, int], today: date) -> Cohort:
    measured = {n: _measured(day, n, retained.get(n, 0), today) for n in RETENTION_DAYS}
    rates = {n: windows.ratio(r, size) if r is not None else None for n, r in measured.items()}
    return Cohort(day, size, measured[1], measured[7], measured[30], rates[1], rates[7], rates[30])


def _summary(cohorts: list[Cohort]) -> list[RetentionSummary]:
    found = []
    for n in RETENTION_DAYS:
        measured = [(c.size, getattr(c, f"d{n}")) for c in cohorts if c.size and getattr(c, f"d{n}") is not None]
        players = sum(size for size, _ in measured)
        retained = sum(kept for _, kept in measured)
        found.append(RetentionSummary(n, len(measured), players, retained, windows.ratio(retained, players)))
    return found


def retention(days: int = 60, now: datetime | None = None) -> RetentionReport:
    """One cohort per business day of the last ``days`` (oldest first, every day, size 0 when nobody signed up)
    with D1 / D7 / D30 retained players and rates, and a summary per n over the non-empty cohorts whose day n
    has ended (its rate None without such a cohort). 503 ``OLAP_UNAVAILABLE`` when the store is down.
    """
    span: Window = windows.window(days, now)
    params = windows.parameters(span, topics=list(windows.ACTIVITY_TOPICS))
    found = {
        day: (int(size), {1: int(d1), 7: int(d7), 30: int(d30)})
        for day, size, d1, d7, d30 in client.query(_COHORTS.replace("ACTIVE_EVENT", windows.ACTIVE_EVENT), params)
    }
    cohorts = [_cohort(day, *found.get(day, (0, {})), span.last) for day in windows.calendar(span)]
    return RetentionReport(window=span, cohorts=cohorts, summary=_summary(cohorts))
