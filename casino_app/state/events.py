"""The events screen: event cards (KST window, countdown), joining, the chosen event's missions with claims,
and its leaderboard. Every handler re-checks the player; the services decide everything (the claim pays
through the missions service; the balance shown follows the ledger's answer)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.events import board, missions_link, player, rules
from casino_app.services.events.rules import Phase
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.round_keys import valid_key
from casino_app.state.wallet import WalletState

BOARD_SIZE = 20
SHOWN = "%Y-%m-%d %H:%M"


def epoch_ms(value: datetime) -> str:
    """A server time as epoch milliseconds for the browser's countdown."""
    return str(int(value.timestamp() * 1000))


def shown(value: datetime) -> str:
    """A time as the screen shows it (KST)."""
    return rules.to_kst(value).strftime(SHOWN)


def event_row(view: player.PlayerEvent) -> dict[str, str]:
    """An event card: texts, KST window, phase, what the countdown counts to, the player's participation."""
    e = view.event
    target = {
        Phase.UPCOMING: e.starts_at,
        Phase.LIVE: view.closes_at,
        Phase.ENDED: view.claims_close_at,
    }.get(view.phase, view.closes_at)
    return {
        "id": str(e.id),
        "key": e.key,
        "title_ko": e.title_ko,
        "title_en": e.title_en,
        "description_ko": e.description_ko,
        "description_en": e.description_en,
        "window": f"{shown(e.starts_at)} ~ {shown(view.closes_at)}",
        "phase": view.phase.value,
        "countdown_ms": epoch_ms(target),
        "joined": "1" if view.joined else "",
        "points": f"{view.points:,}",
        "claims_close": shown(view.claims_close_at),
    }


def mission_row(mission: missions_link.EventMission) -> dict[str, str]:
    """A mission with the player's progress and what claiming it pays."""
    percent = min(100, mission.progress * 100 // mission.goal) if mission.goal else 0
    return {
        "id": str(mission.id),
        "title_ko": mission.title_ko,
        "title_en": mission.title_en,
        "description_ko": mission.description_ko,
        "description_en": mission.description_en,
        "progress": f"{mission.progress:,}",
        "goal": f"{mission.goal:,}",
        "percent": str(percent),
        "gold": f"{mission.reward_gold:,}" if mission.reward_gold else "",
        "xp": f"{mission.reward_xp:,}" if mission.reward_xp else "",
        "completed": "1" if mission.completed else "",
        "claimed": "1" if mission.claimed else "",
        "claimable": "1" if mission.claimable else "",
    }


def board_rows(found: board.Board) -> list[dict[str, str]]:
    """The leaderboard's rows."""
    return [
        {"rank": str(e.rank), "nickname": e.nickname, "points": f"{e.points:,}", "me": "1" if e.is_me else ""}
        for e in found.entries
    ]


class EventsState(rx.State):
    """Events as this player sees them, the chosen one's missions and leaderboard (display only)."""

    events: list[dict[str, str]] = []
    selected_id: str = ""
    missions: list[dict[str, str]] = []
    leaders: list[dict[str, str]] = []
    my_rank: str = ""
    my_points: str = "0"
    my_hidden: bool = False
    server_now_ms: str = ""
    loaded: bool = False
    busy: bool = False
    error: dict[str, str] = {}
    claimed: dict[str, str] = {}  # the last claim: mission title and gold

    @rx.var
    def selected(self) -> dict[str, str]:
        """The chosen event's card ({} when none)."""
        return next((e for e in self.events if e["id"] == self.selected_id), {})

    async def _reload(self, user_id: int) -> None:
        views = await asyncio.to_thread(player.list_events, user_id)
        self.events = [event_row(v) for v in views]
        self.server_now_ms = epoch_ms(clock.now())
        if not any(e["id"] == self.selected_id for e in self.events):
            self.selected_id = self.events[0]["id"] if self.events else ""
        await self._load_selected(user_id)
        self.loaded = True

    async def _load_selected(self, user_id: int) -> None:
        event_id = as_int(self.selected_id, maximum=BIGINT_MAX)
        self.missions, self.leaders, self.my_rank, self.my_points, self.my_hidden = [], [], "", "0", False
        if event_id is None:
            return
        try:
            found = await asyncio.to_thread(player.detail, user_id, event_id)
            ranking = await asyncio.to_thread(board.leaderboard, user_id, event_id, BOARD_SIZE)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self.missions = [mission_row(m) for m in found.missions]
        self.leaders = board_rows(ranking)
        self.my_rank = str(ranking.me.rank) if ranking.me.rank is not None else ""
        self.my_points, self.my_hidden = f"{ranking.me.points:,}", ranking.me.hidden

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The events players see now and the first one's details (guarded)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.error, self.claimed, self.busy = {}, {}, False
        await self._reload(user.id)
        return None

    @rx.event
    async def select(self, event_id: str) -> rx.event.EventSpec | None:
        """Show one listed event's missions and leaderboard."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        wanted = str(event_id)[:20]
        if any(e["id"] == wanted for e in self.events):
            self.selected_id, self.error, self.claimed = wanted, {}, {}
            await self._load_selected(user.id)
        return None

    @rx.event
    async def join(self, event_id: str) -> rx.event.EventSpec | None:
        """Join a live event (the service checks the window)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        target = as_int(event_id, maximum=BIGINT_MAX)
        if target is None or self.busy:
            return None
        self.busy, self.error, self.claimed = True, {}, {}
        try:
            await asyncio.to_thread(player.join, user.id, target)
        except AppError as exc:
            self.error = bilingual_error(exc)
        finally:
            self.busy = False
        self.selected_id = str(target)
        await self._reload(user.id)
        return None

    @rx.event
    async def claim(self, mission_id: str, request_key: str) -> rx.event.EventSpec | None:
        """Claim a completed mission of the chosen event (the click's key makes a double click one claim)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        event_id = as_int(self.selected_id, maximum=BIGINT_MAX)
        target = as_int(mission_id, maximum=BIGINT_MAX)
        if event_id is None or target is None or self.busy:
            return None
        self.busy, self.error, self.claimed = True, {}, {}
        try:
            paid = await asyncio.to_thread(player.claim, user.id, event_id, target, f"ui:{valid_key(request_key)}")
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            title = next((m for m in self.missions if m["id"] == str(target)), {})
            self.claimed = {"title_ko": title.get("title_ko", ""), "title_en": title.get("title_en", "")}
            self.claimed["gold"] = f"{paid.gold:,}"
            (await self.get_state(WalletState))._apply_balance(user.id, paid.balance, paid.balance_version)
            await (await self.get_state(AuthState))._current_user()  # XP and level in the header
        finally:
            self.busy = False
        await self._reload(user.id)
        return None
