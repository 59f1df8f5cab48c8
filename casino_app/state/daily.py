"""The daily check-in modal: the 7-day reward track, streak, protection, claim; the unclaimed badge."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services import daily
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState


def track_rows(days: list[daily.TrackDay]) -> list[dict[str, str]]:
    """The 7-day track as the modal shows it: formatted amounts and a ``state`` (claimed / today / ahead)."""
    rows = []
    for day in days:
        state = "claimed" if day.claimed else ("today" if day.today else "ahead")
        rows.append(
            {
                "day": str(day.streak),
                "gold": f"{day.gold:,}",
                "xp": f"{day.xp:,}",
                "state": state,
                "today": "1" if day.today else "",
            }
        )
    return rows


class DailyState(rx.State):
    """Check-in view-model, re-read from the database whenever the modal opens or a claim happens."""

    open: bool = False
    streak: int = 0
    longest: int = 0
    claimed_today: bool = False
    next_gold: int = 0
    next_gold_text: str = "0"
    next_xp: int = 0
    next_streak: int = 1
    protections_held: int = 0
    protection_auto: bool = True
    protection_every: int = 7
    protection_will_be_used: bool = False
    track: list[dict[str, str]] = []
    badge_due: bool = False  # a player whose reward for today waits (the header's and the tab bar's dot)
    result: dict[str, str] = {}
    error: dict[str, str] = {}
    busy: bool = False

    async def _load(self, user_id: int) -> None:
        status = await asyncio.to_thread(daily.status, user_id)
        days = await asyncio.to_thread(daily.week_track, user_id, status)
        self.streak, self.longest, self.claimed_today = status.streak, status.longest_streak, status.claimed_today
        self.next_gold, self.next_xp, self.next_streak = (
            status.next_reward.gold,
            status.next_reward.xp,
            status.next_reward.streak,
        )
        self.next_gold_text = f"{status.next_reward.gold:,}"
        self.protections_held = status.protection.held
        self.protection_auto = status.protection.auto_use
        self.protection_every = status.protection.every_days
        self.protection_will_be_used = status.protection_will_be_used
        self.track = track_rows(days)
        self.badge_due = await asyncio.to_thread(daily.badge_due, user_id)

    @rx.event
    async def refresh(self) -> None:
        """Load the streak card (for the home dashboard)."""
        user = await require_player(self)
        if user is not None and not user.is_staff:
            await self._load(user.id)

    @rx.event
    async def refresh_badge(self) -> None:
        """Whether today's reward still waits (every page: the header's check-in dot)."""
        user = await require_player(self)
        if user is None:
            self.badge_due = False
            return
        status = await asyncio.to_thread(daily.status, user.id)
        self.claimed_today = status.claimed_today
        self.badge_due = not status.claimed_today and await asyncio.to_thread(daily.badge_due, user.id)

    @rx.event
    async def set_open(self, value: bool) -> rx.event.EventSpec | None:
        """Open (and load) or close the check-in modal."""
        if not value:
            self.open = False
            return None
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect()
        self.result, self.error = {}, {}
        await self._load(user.id)
        self.open = True
        return None

    @rx.event
    async def claim(self) -> rx.event.EventSpec | None:
        """Take today's reward."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.busy = True
        try:
            result = await asyncio.to_thread(daily.claim, user.id)
        except AppError as exc:
            self.error = bilingual_error(exc)
            await self._load(user.id)
            return None
        finally:
            self.busy = False
        self.error = {}
        self.result = {
            "gold": f"{result.gold:,}",
            "xp": f"{result.xp:,}",
            "streak": str(result.streak),
            "protection_used": "1" if result.protection_used else "",
            "protection_earned": "1" if result.protection_earned else "",
        }
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        await (await self.get_state(AuthState))._current_user()  # level and XP in the header and bars
        await self._load(user.id)
        return sound("claim")

    @rx.event
    async def set_auto_use(self, enabled: bool) -> None:
        """Switch automatic use of a held streak protection."""
        user = await require_player(self)
        if user is None:
            return
        protection = await asyncio.to_thread(daily.set_auto_use, user.id, bool(enabled))
        self.protection_auto = protection.auto_use
        await self._load(user.id)
