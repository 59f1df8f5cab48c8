"""The daily check-in modal: calendar, streak, next reward, protection, claim."""

from __future__ import annotations

import asyncio
import calendar
from datetime import date

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services import daily
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.wallet import WalletState

WEEK_STARTS_SUNDAY = calendar.Calendar(firstweekday=6)


def month_grid(year: int, month: int, claimed: set[date], today: date) -> list[dict[str, str]]:
    """Calendar cells (Sunday first): ``label`` and ``state`` (blank / claimed / today / past / future)."""
    cells = []
    for day in WEEK_STARTS_SUNDAY.itermonthdates(year, month):
        if day.month != month:
            cells.append({"label": "", "state": "blank", "date": ""})
            continue
        if day in claimed:
            state = "claimed"
        elif day == today:
            state = "today"
        else:
            state = "past" if day < today else "future"
        cells.append({"label": str(day.day), "state": state, "date": day.isoformat()})
    return cells


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
    month_label: str = ""
    cells: list[dict[str, str]] = []
    result: dict[str, str] = {}
    error: dict[str, str] = {}
    busy: bool = False

    async def _load(self, user_id: int) -> None:
        status = await asyncio.to_thread(daily.status, user_id)
        today = status.today
        claimed = set(await asyncio.to_thread(daily.claimed_dates, user_id, today.year, today.month))
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
        self.month_label = f"{today.year}. {today.month:02d}"
        self.cells = month_grid(today.year, today.month, claimed, today)

    @rx.event
    async def refresh(self) -> None:
        """Load the streak card (for the home dashboard)."""
        user = await require_player(self)
        if user is not None and not user.is_staff:
            await self._load(user.id)

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
            "xp": str(result.xp),
            "streak": str(result.streak),
            "protection_used": "1" if result.protection_used else "",
            "protection_earned": "1" if result.protection_earned else "",
        }
        (await self.get_state(WalletState))._apply_balance(user.id, result.balance, result.balance_version)
        await (await self.get_state(AuthState))._current_user()  # level and XP in the header and bars
        await self._load(user.id)
        return None

    @rx.event
    async def set_auto_use(self, enabled: bool) -> None:
        """Switch automatic use of a held streak protection."""
        user = await require_player(self)
        if user is None:
            return
        protection = await asyncio.to_thread(daily.set_auto_use, user.id, bool(enabled))
        self.protection_auto = protection.auto_use
        await self._load(user.id)
