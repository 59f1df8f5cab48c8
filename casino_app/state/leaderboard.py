"""The leaderboard screen: one board of the current day or week, the player's own standing, the hide-me switch."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.games import registry
from casino_app.services.leaderboards import boards, preferences
from casino_app.services.leaderboards.periods import ALL_GAMES, Board, PeriodKind
from casino_app.state.auth import AuthState, bilingual_error, require_player

TOP = 50
BOARDS: tuple[str, ...] = tuple(b.value for b in Board)
PERIODS: tuple[str, ...] = tuple(k.value for k in PeriodKind)
MULTIPLIER = Board.MULTIPLIER.value


def score_text(board: str, score: int) -> str:
    """A score as shown (the unit comes from the catalog): XP and missions with separators, the multiplier
    in basis points as ``2.50`` (truncated to two decimals)."""
    if board == Board.MULTIPLIER.value:
        return f"{score // 10_000:,}.{score % 10_000 // 100:02d}"
    return f"{score:,}"


def period_range(found: boards.Standings) -> str:
    """The period's first and last KST day, e.g. ``2026-11-23 ~ 2026-11-29`` (one date for a day)."""
    tz = clock.business_tz()
    first = found.period.starts_at.astimezone(tz).date()
    last = (found.period.ends_at - timedelta(seconds=1)).astimezone(tz).date()
    return first.isoformat() if first == last else f"{first.isoformat()} ~ {last.isoformat()}"


class LeaderboardState(rx.State):
    """What the page shows; every handler re-reads the player and the board from the server."""

    board: str = Board.XP.value
    period: str = PeriodKind.WEEKLY.value
    game: str = ALL_GAMES
    rows: list[dict[str, str]] = []
    range_text: str = ""
    me_rank: str = ""
    me_score: str = ""
    has_me: bool = False
    hidden: bool = False
    saved: str = ""
    error: dict[str, str] = {}

    async def _refresh(self) -> rx.event.EventSpec | None:
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        board, kind = Board(self.board), PeriodKind(self.period)
        try:
            found = await asyncio.to_thread(boards.standings, board, self.game, kind, TOP, user.id)
            self.hidden = await asyncio.to_thread(preferences.is_hidden, user.id)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        mine = found.me
        self.rows = [
            {
                "rank": str(r.rank),
                "nickname": r.nickname,
                "score": score_text(board.value, r.score),
                "me": "1" if r.user_id == user.id else "",
                "href": f"/players?id={r.user_id}",
            }
            for r in found.rows
        ]
        self.range_text = period_range(found)
        self.has_me = mine is not None
        self.me_rank = str(mine.rank) if mine is not None and mine.rank is not None else ""
        self.me_score = score_text(board.value, mine.score) if mine is not None else ""
        self.error = {}
        return None

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The board last chosen in this tab (guarded)."""
        self.saved = ""
        return await self._refresh()

    @rx.event
    async def choose_board(self, board: str) -> rx.event.EventSpec | None:
        """Rank by XP, missions or best multiplier (a game filter only applies to the multiplier)."""
        if board not in {b.value for b in Board}:
            return None
        self.board = board
        if board != Board.MULTIPLIER.value:
            self.game = ALL_GAMES
        self.saved = ""
        return await self._refresh()

    @rx.event
    async def choose_period(self, period: str) -> rx.event.EventSpec | None:
        """Today or this week."""
        if period not in {k.value for k in PeriodKind}:
            return None
        self.period = period
        self.saved = ""
        return await self._refresh()

    @rx.event
    async def choose_game(self, game: str) -> rx.event.EventSpec | None:
        """One game's best multipliers, or all games."""
        self.game = game if registry.is_game(game) else ALL_GAMES
        self.board = Board.MULTIPLIER.value
        self.saved = ""
        return await self._refresh()

    @rx.event
    async def set_hidden(self, hidden: bool) -> rx.event.EventSpec | None:
        """Hide the player from every leaderboard, or show them again."""
        if not isinstance(hidden, bool):
            return None
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        await asyncio.to_thread(preferences.set_hidden, user.id, hidden)
        result = await self._refresh()
        self.saved = "hidden" if self.hidden else "shown"
        return result
