"""Games: rounds, players, stakes and payouts per game over the window, realised vs declared RTP, and per day.

Realised RTP = Σ payout / Σ bet over the window's rounds (``rounds``: every settled round, crash bets included).
Declared RTP = the declared RTP of each odds-table version played, weighted by the stakes placed on it (a table
published mid-window counts for the rounds played on it); a game with no stakes in the window shows its active
table's. The declared figures come from PostgreSQL's ``game_configs`` (one small query per report); the stakes
per version from ClickHouse (``sumMap`` over the version played). Every registered game has a row, in the
registry's order, then any other game played in the window that has a stored odds table.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.services.analytics import window as windows
from casino_app.services.analytics.types import GameDay, GameRow, GamesReport, Window
from casino_app.services.games import configs, registry
from casino_app.services.olap import client

_TOTALS = """
SELECT game, count(), uniqExact(user_id), sum(bet), sum(payout), sumMap([config_version], [bet])
FROM rounds FINAL
WHERE toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
GROUP BY game
"""
_DAILY = """
SELECT toDate(occurred_at, {tz:String}) AS day, game, count(), sum(bet), sum(payout)
FROM rounds FINAL
WHERE toDate(occurred_at, {tz:String}) BETWEEN {first:Date} AND {last:Date}
GROUP BY day, game
"""
_DECLARED = sa.text("SELECT game, version, declared_rtp, is_active FROM game_configs")


class _Declared:
    """Every stored odds table's declared RTP (read once per report), and each game's active one."""

    def __init__(self) -> None:
        with session_scope() as db:
            rows = db.execute(_DECLARED).all()
        self.by_version = {(game, int(version)): float(rtp) for game, version, rtp, _ in rows}
        self.active = {game: float(rtp) for game, _, rtp, is_active in rows if is_active}

    def stored(self, game: str) -> bool:
        """Whether any odds table of ``game`` is stored."""
        return any(g == game for g, _ in self.by_version)

    def active_rtp(self, game: str) -> float:
        """The active table's declared RTP (a game with none: its newest stored table's; a registered game with
        no stored table at all: its default table's, which ``configs.active`` stores)."""
        if game not in self.active:
            versions = [v for g, v in self.by_version if g == game]
            if versions:
                self.active[game] = self.by_version[(game, max(versions))]
            else:
                self.active[game] = float(configs.active(game).declared_rtp)
        return self.active[game]

    def weighted(self, game: str, versions: list[int], stakes: list[int]) -> float:
        """Declared RTP weighted by the stakes on each version (versions with no stored table are left out)."""
        known = [
            (self.by_version[(game, v)], s)
            for v, s in zip(versions, stakes, strict=True)
            if (game, v) in self.by_version
        ]
        total = sum(stake for _, stake in known)
        if total <= 0:
            return self.active_rtp(game)
        return sum(rtp * stake for rtp, stake in known) / total


def _game_order(found: set[str], declared: _Declared) -> list[str]:
    """Registered games in the registry's order, then games played in the window that the registry no longer
    knows but an odds table describes (one neither knows is left out: it has no declared RTP)."""
    keys = list(registry.keys())
    return keys + sorted(g for g in found - set(keys) if declared.stored(g))


def games(days: int = 7, now: datetime | None = None) -> GamesReport:
    """Per game over the last ``days`` business days: rounds, distinct players, Σ bet, Σ payout, realised RTP
    (None without stakes) and the stake-weighted declared RTP; and every game on every day (zeros when none).
    503 ``OLAP_UNAVAILABLE`` when the store is down.
    """
    span: Window = windows.window(days, now)
    params = windows.parameters(span)
    totals = {row[0]: row[1:] for row in client.query(_TOTALS, params)}
    daily_found = {
        (day, game): (int(n), int(bet), int(paid)) for day, game, n, bet, paid in client.query(_DAILY, params)
    }
    declared = _Declared()
    order = _game_order(set(totals), declared)
    rows = []
    for game in order:
        rounds, players, wagered, paid, (versions, stakes) = totals.get(game, (0, 0, 0, 0, ([], [])))
        rows.append(
            GameRow(
                game=game,
                rounds=int(rounds),
                players=int(players),
                wagered=int(wagered),
                paid=int(paid),
                realised_rtp=windows.ratio(int(paid), int(wagered)),
                declared_rtp=declared.weighted(game, [int(v) for v in versions], [int(s) for s in stakes]),
            )
        )
    daily = [
        GameDay(day, game, *daily_found.get((day, game), (0, 0, 0))) for day in windows.calendar(span) for game in order
    ]
    return GamesReport(window=span, games=rows, daily=daily)
