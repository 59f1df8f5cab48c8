"""The healthy-play settings page and the break flow on game pages: interval, limits, cool-off, self-exclusion."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.care import exclusions, settings
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import as_int
from casino_app.state.reality import RealityState

# The reality-check intervals a player may choose (minutes).
INTERVALS: tuple[int, ...] = settings.INTERVALS
# The lengths a break can have, per kind, in the order the dialog offers them.
BREAK_PERIODS: dict[str, tuple[str, ...]] = {kind: tuple(lengths) for kind, lengths in exclusions.PERIODS.items()}


def _limit_text(value: int | None) -> str:
    return "" if value is None else str(value)


class CareState(rx.State):
    """The player's care settings as the page shows them; every change goes through ``services.care``."""

    interval: str = "30"
    effective_interval: int = 30
    flagged: bool = False
    time_limit: str = ""
    loss_limit: str = ""
    pending: list[dict[str, str]] = []
    played_minutes_today: int = 0
    loss_today_text: str = "0"
    breaks: list[dict[str, str]] = []
    on_break: bool = False
    break_until: str = ""
    break_kind: str = ""
    break_ends: str = ""
    break_opted_in: bool = False
    opt_in_open: bool = False
    break_kind_choice: str = "cool_off"
    break_period_choice: str = "24h"
    break_dialog_open: bool = False
    confirm_self_exclusion: bool = False
    saved: str = ""
    error: dict[str, str] = {}

    def _show(self, view: settings.CareView) -> None:
        self.interval, self.effective_interval, self.flagged = (
            str(view.reality_interval_min),
            view.effective_interval_min,
            view.flagged,
        )
        self.time_limit, self.loss_limit = _limit_text(view.time_limit_min), _limit_text(view.loss_limit_gold)
        self.pending = [
            {"name": p.name, "value": "" if p.value is None else f"{p.value:,}", "at": clock.kst_text(p.effective_at)}
            for p in view.pending
        ]
        self.played_minutes_today, self.loss_today_text = view.played_seconds_today // 60, f"{view.loss_today:,}"

    async def _load_breaks(self, user_id: int) -> None:
        taken = await asyncio.to_thread(exclusions.history, user_id)
        found = await asyncio.to_thread(exclusions.current, user_id)
        self.breaks = [
            {
                "kind": b.kind,
                "period": b.period,
                "starts": clock.kst_text(b.starts_at),
                "ends": clock.kst_text(b.ends_at),
            }
            for b in taken
        ]
        self.on_break = found is not None
        self.break_until = clock.kst_text(found.until) if found is not None else ""
        self.break_kind = found.kind if found is not None else ""
        self.break_ends = clock.kst_text(found.ends_at) if found is not None else ""
        self.break_opted_in = bool(found is not None and found.opted_in_at is not None)
        self.opt_in_open = bool(found is not None and found.opt_in_open(clock.now()))

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Page load: settings, today's play and breaks."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.saved, self.error = "", {}
        self._show(await asyncio.to_thread(settings.get, user.id))
        await self._load_breaks(user.id)
        return None

    async def _run(self, call: Any, saved: str) -> None:
        user = await require_player(self)
        if user is None:
            return
        self.saved, self.error = "", {}
        try:
            self._show(await asyncio.to_thread(call, user.id))
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self.saved = saved

    @rx.event
    async def choose_interval(self, value: str) -> None:
        """Pick 15, 30 or 60 minutes between reality checks."""
        minutes = as_int(value)
        await self._run(
            lambda uid: settings.set_reality_interval(uid, minutes if minutes is not None else -1), "interval"
        )

    @rx.event
    async def save_limits(self, form: dict[str, Any]) -> None:
        """Save the daily time and loss limits (blank: none)."""
        time_raw, loss_raw = (
            str(form.get("time_limit", "")).strip(),
            str(form.get("loss_limit", "")).replace(",", "").strip(),
        )
        time_limit = as_int(time_raw) if time_raw else None
        loss_limit = as_int(loss_raw) if loss_raw else None
        bad = (time_raw and time_limit is None) or (loss_raw and loss_limit is None)
        if bad:
            time_limit, loss_limit = -1, -1  # the service refuses it with its own message
        await self._run(
            lambda uid: settings.set_limits(uid, time_limit_min=time_limit, loss_limit_gold=loss_limit), "limits"
        )

    @rx.event
    def open_break(self, kind: str = "cool_off") -> None:
        """Open the break dialog (from a game page's "take a break" or this page)."""
        self.break_kind_choice = kind if kind in exclusions.PERIODS else "cool_off"
        self.break_period_choice = next(iter(exclusions.PERIODS[self.break_kind_choice]))
        self.confirm_self_exclusion, self.error, self.break_dialog_open = False, {}, True

    @rx.event
    def set_break_dialog(self, open_: bool) -> None:
        """The dialog's own open/close."""
        self.break_dialog_open = bool(open_)

    @rx.event
    def choose_period(self, period: str) -> None:
        """Pick the break's length."""
        if period in exclusions.PERIODS.get(self.break_kind_choice, {}):
            self.break_period_choice = period

    @rx.event
    def set_confirm(self, checked: bool) -> None:
        """A self-exclusion needs an explicit confirmation."""
        self.confirm_self_exclusion = bool(checked)

    @rx.event
    async def start_break(self) -> None:
        """Start the chosen break now; every open tab of the player stops play."""
        user = await require_player(self)
        if user is None:
            return
        if self.break_kind_choice == "self_exclusion" and not self.confirm_self_exclusion:
            return
        self.error = {}
        try:
            await asyncio.to_thread(exclusions.start, user.id, self.break_kind_choice, self.break_period_choice)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self.break_dialog_open = False
        await self._load_breaks(user.id)
        await (await self.get_state(RealityState))._recompute(user.id)

    @rx.event
    async def opt_in(self) -> None:
        """After a break has ended: come back in 24 hours."""
        user = await require_player(self)
        if user is None:
            return
        self.error = {}
        try:
            await asyncio.to_thread(exclusions.opt_in, user.id)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        await self._load_breaks(user.id)
