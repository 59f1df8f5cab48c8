"""Purchase limits: the player's day / week / month limits, what is used, and increases waiting 24 hours."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.shop import errors, limits
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import as_int


def limits_rows(view: limits.Limits) -> list[dict[str, str]]:
    """One row per period: own limit, the limit that applies, spent, left, and a pending change."""
    own = {"day": view.day_krw, "week": view.week_krw, "month": view.month_krw}
    waiting = {p.period: p for p in view.pending}
    rows = []
    for period in limits.PERIODS:
        pending = waiting.get(period)
        # The form starts from the value the player asked for last (a waiting increase, if any), so saving a
        # change to one period keeps another period's waiting increase and its original 24-hour clock.
        asked = pending.krw if pending is not None else own[period]
        rows.append(
            {
                "period": period,
                "own": f"{own[period]:,}" if own[period] is not None else "",
                "input": str(asked) if asked is not None else "",
                "spent": f"{view.spent.get(period, 0):,}",
                "remaining": f"{view.remaining[period]:,}" if period in view.remaining else "",
                "pending": "1" if pending is not None else "",
                "pending_krw": f"{pending.krw:,}" if pending is not None and pending.krw is not None else "",
                "pending_at": clock.kst_text(pending.effective_at) if pending else "",
            }
        )
    return rows


class ShopLimitsState(rx.State):
    """The purchase-limits form."""

    rows: list[dict[str, str]] = []
    operator_cap: str = ""
    saved: bool = False
    error: dict[str, str] = {}

    def _fill(self, view: limits.Limits) -> None:
        self.rows = limits_rows(view)
        self.operator_cap = f"{view.operator_month_cap_krw:,}"

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The limits as they apply now (guarded)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self._fill(await asyncio.to_thread(limits.get_limits, user.id))
        self.saved, self.error = False, {}
        return None

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Set the three limits (empty: none); a lower one applies at once, a higher one after 24 hours."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        wanted: dict[str, int | None] = {}
        for period in limits.PERIODS:
            raw = str(form.get(period, "")).replace(",", "").strip()[:12]
            value = as_int(raw, maximum=limits.MAX_LIMIT_KRW) if raw else None
            if raw and value is None:
                exc = errors.LimitInvalid(details={"min_krw": limits.MIN_LIMIT_KRW, "max_krw": limits.MAX_LIMIT_KRW})
                self.error, self.saved = bilingual_error(exc), False
                return None
            wanted[f"{period}_krw"] = value
        try:
            view = await asyncio.to_thread(limits.set_limits, user.id, **wanted)
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), False
            return None
        self._fill(view)
        self.saved, self.error = True, {}
        return None
