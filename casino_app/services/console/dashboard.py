"""The console's first screen: how the last 7 or 30 KST days went, and what needs an operator now.

Definitions (the dashboard states them too):

- **Day**: a KST business day (00:00–24:00 Asia/Seoul); the window ends with today, which is still running.
- **DAU**: distinct players (staff excluded) who played at least one game round (any game; a crash bet counts
  once it settles) or signed in (started a login session) that day.
- **Signups**: player accounts created that day.
- **Revenue**: KRW of shop orders paid that day (``paid_at``), minus the KRW of orders refunded that day
  (``refunded_at``; a refund returns the whole payment). Net can be negative on a day with old refunds.
- **Rounds per game**: ``game_rounds`` rows per game and day, with their stakes and payouts.
- **RTP**: per wagered game over the whole window, realised = Σ payout / Σ bet; declared = the RTP of the
  odds table each round was played on, weighted by its stake (a table published mid-window counts for the
  rounds played on it). See ``dashboard_alerts`` for the statistical band.

Every metric is one aggregate query grouped by KST day (rounds and RTP share one: the sums add up across
days). Indexed: ``game_rounds.created_at``, ``users.created_at``. Not indexed (small or bounded tables today;
the report asks for indexes if they grow): ``auth_sessions.created_at``, ``shop_orders.paid_at`` /
``refunded_at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.services import wallet
from casino_app.services.console import dashboard_alerts
from casino_app.services.console.dashboard_alerts import Alert, GameRtp
from casino_app.services.games import configs, registry

WINDOWS = (7, 30)

_DAU = sa.text(
    """
    SELECT a.day, count(DISTINCT a.user_id)
    FROM (
        SELECT date(timezone(:tz, g.created_at)) AS day, g.user_id FROM game_rounds g WHERE g.created_at >= :since
        UNION ALL
        SELECT date(timezone(:tz, s.created_at)), s.user_id FROM auth_sessions s WHERE s.created_at >= :since
    ) a
    JOIN users u ON u.id = a.user_id AND u.staff_role IS NULL
    GROUP BY a.day
    """
)
_SIGNUPS = sa.text(
    """
    SELECT date(timezone(:tz, created_at)) AS day, count(*)
    FROM users WHERE created_at >= :since AND staff_role IS NULL
    GROUP BY day
    """
)
_REVENUE = sa.text(
    """
    SELECT r.day, sum(r.gross), sum(r.refunds), sum(r.orders)
    FROM (
        SELECT date(timezone(:tz, paid_at)) AS day, amount_krw AS gross, 0 AS refunds, 1 AS orders
        FROM shop_orders WHERE status IN ('paid', 'refunded') AND paid_at >= :since
        UNION ALL
        SELECT date(timezone(:tz, refunded_at)), 0, amount_krw, 0
        FROM shop_orders WHERE status = 'refunded' AND refunded_at >= :since
    ) r
    GROUP BY r.day
    """
)
# Per game and day: rounds, stakes, payouts, the stake-weighted declared RTP and, for the band, the sum of
# squared deviations of each wagered round's payout from what its table declares (payout − bet × declared).
_ROUNDS = sa.text(
    """
    SELECT date(timezone(:tz, g.created_at)) AS day, g.game, count(*), sum(g.bet), sum(g.payout),
           coalesce(sum(g.bet * c.declared_rtp) FILTER (WHERE g.bet > 0), 0),
           coalesce(sum(power(g.payout - g.bet * c.declared_rtp, 2)) FILTER (WHERE g.bet > 0), 0),
           count(*) FILTER (WHERE g.bet > 0)
    FROM game_rounds g
    JOIN game_configs c ON c.game = g.game AND c.version = g.config_version
    WHERE g.created_at >= :since
    GROUP BY day, g.game
    """
)


@dataclass(frozen=True)
class DayStats:
    """One KST day of players and money."""

    day: date
    dau: int
    signups: int
    revenue_krw: int  # paid that day
    refunds_krw: int  # refunded that day
    paid_orders: int

    @property
    def net_revenue_krw(self) -> int:
        """Revenue minus refunds."""
        return self.revenue_krw - self.refunds_krw


@dataclass(frozen=True)
class GameDay:
    """Rounds of one game on one KST day."""

    day: date
    game: str
    rounds: int
    bet: int
    payout: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the console's first screen shows."""

    days: int
    first_day: date
    today: date
    generated_at: datetime
    daily: list[DayStats]
    rounds: list[GameDay]  # every registered game on every day of the window (0 when none)
    rtp: list[GameRtp]
    economy: wallet.Economy
    alerts: list[Alert]

    @property
    def today_stats(self) -> DayStats:
        """Today's row (the last one)."""
        return self.daily[-1]

    @property
    def rounds_today(self) -> int:
        """Rounds of every game played today."""
        return sum(g.rounds for g in self.rounds if g.day == self.today)


def _window(days: int) -> tuple[date, date, datetime]:
    if days not in WINDOWS:
        raise ValidationFailed(code="DASHBOARD_DAYS_INVALID", details={"field": "days", "allowed": list(WINDOWS)})
    today = clock.business_date()
    first = today - timedelta(days=days - 1)
    return first, today, clock.start_of_business_day(first)


def dashboard(days: int = 7) -> Dashboard:
    """The dashboard over the last ``days`` KST days (7 or 30, else 422 ``DASHBOARD_DAYS_INVALID``), today last.

    Read-only. The ledger reconciliation behind one alert is the last result at most
    ``dashboard_alerts.RECONCILE_TTL_SECONDS`` old (see there).
    """
    first, today, since = _window(days)
    params = {"tz": clock.business_tz().key, "since": since}
    with session_scope() as db:
        dau = {d: int(n) for d, n in db.execute(_DAU, params).all()}
        signups = {d: int(n) for d, n in db.execute(_SIGNUPS, params).all()}
        revenue = {d: (int(g), int(r), int(o)) for d, g, r, o in db.execute(_REVENUE, params).all()}
        round_rows = db.execute(_ROUNDS, params).all()
    calendar = [first + timedelta(days=i) for i in range(days)]
    daily = [DayStats(d, dau.get(d, 0), signups.get(d, 0), *revenue.get(d, (0, 0, 0))) for d in calendar]
    keys = registry.keys()
    per_day: dict[tuple[date, str], GameDay] = {}
    for d, game, count, bet, payout, *_ in round_rows:
        per_day[(d, game)] = GameDay(d, game, int(count), int(bet), int(payout))
    rounds = [per_day.get((d, game), GameDay(d, game, 0, 0, 0)) for d in calendar for game in keys]
    rtp = _rtp(round_rows)
    economy = wallet.economy(days)
    return Dashboard(
        days=days,
        first_day=first,
        today=today,
        generated_at=clock.now(),
        daily=daily,
        rounds=rounds,
        rtp=rtp,
        economy=economy,
        alerts=dashboard_alerts.pending(rtp=rtp, economy=economy, today=today),
    )


def rtp_since(since: datetime) -> list[GameRtp]:
    """Realised vs declared RTP, with its band, of every wagered game over the rounds played since ``since``.

    The same sums and band as the dashboard's (one query, summed over KST days); Prometheus exports it.
    """
    with session_scope() as db:
        rows = db.execute(_ROUNDS, {"tz": clock.business_tz().key, "since": since}).all()
    return _rtp(rows)


def _rtp(round_rows: Sequence[Sequence[Any]]) -> list[GameRtp]:
    """Per wagered game (registry order): the rows' sums (rounds, stakes, payouts, expected, squares) → RTP."""
    totals: dict[str, dashboard_alerts.RtpSums] = {}
    for _day, game, _count, bet, payout, expected, squares, wagered_rounds in round_rows:
        totals[game] = totals.get(game, dashboard_alerts.RtpSums()).add(
            int(wagered_rounds), int(bet), int(payout), Decimal(expected), Decimal(squares)
        )
    return [
        dashboard_alerts.game_rtp(game.key, totals.get(game.key, dashboard_alerts.RtpSums()), _declared(game.key))
        for game in registry.games()
        if game.wagered
    ]


def _declared(game: str) -> float:
    """The active odds table's declared RTP (shown for a game with no stakes in the window)."""
    return float(configs.active(game).declared_rtp)
