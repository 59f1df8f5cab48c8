"""The console's crash view: the round loop (leader, heartbeat, pause), the round in play with its open stakes
(never its crash point), recent rounds, the bets list with filters, and the pause switch (admins only)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.crash import admin
from casino_app.state.admin_editing import console_user
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.crash_format import gold_text, x_text
from casino_app.state.inputs import BIGINT_MAX, as_int

STATUSES: tuple[str, ...] = tuple(admin.STATUSES)
PAGE_SIZE = 50


def _when(value: object) -> str:
    return clock.kst_text(value) if isinstance(value, datetime) else ""


def loop_view(loop: dict[str, Any], now: datetime) -> dict[str, str]:
    """The loop row as the console shows it (the heartbeat's age in whole seconds)."""
    beat = loop.get("heartbeat_at")
    age = int((now - beat).total_seconds()) if isinstance(beat, datetime) else -1
    return {
        "epoch": str(loop.get("epoch") or 0),
        "leader": str(loop.get("leader") or ""),
        "heartbeat": _when(beat),
        "age": str(age) if age >= 0 else "",
        "paused": "1" if loop.get("paused") else "",
        "paused_by": str(loop.get("paused_by") or ""),
        "paused_at": _when(loop.get("paused_at")),
    }


def round_view(row: dict[str, Any]) -> dict[str, str]:
    """A round (the crash point only when the service gives it: crashed rounds)."""
    return {
        "round_id": str(row.get("round_id", "")),
        "number": str(row.get("number", "")),
        "status": str(row.get("status", "")),
        "crash_point": x_text(row.get("crash_point")),
        "total_bet": gold_text(row.get("total_bet", 0)),
        "total_paid": gold_text(row.get("total_paid", 0)),
        "players": str(row.get("players", 0)),
        "open_bets": str(row.get("open_bets", "")),
        "open_stakes": gold_text(row.get("open_stakes", 0)),
        "created_at": _when(row.get("created_at")),
        "crashed_at": _when(row.get("crashed_at")),
    }


def session_view(row: dict[str, Any]) -> dict[str, str]:
    """One bet of the bets list."""
    return {
        "game_id": str(row["game_id"]),
        "user_id": str(row["user_id"]),
        "nickname": str(row["nickname"]),
        "round_number": str(row["round_number"]),
        "bet": gold_text(row["bet_amount"]),
        "auto": x_text(row["auto_cashout"]),
        "status": str(row["status"]),
        "cashout": x_text(row["cashout_multiplier"]),
        "payout": gold_text(row["payout"]),
        "crash_point": x_text(row["crash_point"]),
        "created_at": _when(row["created_at"]),
    }


class AdminCrashState(rx.State):
    """The crash console (staff; the pause switch needs an admin, checked on the server per call)."""

    loop: dict[str, str] = {}
    current: dict[str, str] = {}
    recent: list[dict[str, str]] = []
    sessions: list[dict[str, str]] = []
    user_filter: str = ""
    status_filter: str = ""
    can_pause: bool = False  # display only: the switch is enabled for admins
    error: dict[str, str] = {}
    saved: str = ""  # "paused" | "resumed" after a switch

    async def _reload(self) -> None:
        found, rows = await asyncio.gather(
            asyncio.to_thread(admin.overview),
            asyncio.to_thread(
                admin.sessions,
                user_id=as_int(self.user_filter, maximum=BIGINT_MAX) or None,
                status=self.status_filter or None,
                limit=PAGE_SIZE,
            ),
        )
        self.loop = loop_view(found["loop"], clock.now())
        self.current = round_view(found["current"]) if found["current"] else {}
        self.recent = [round_view(r) for r in found["recent"]]
        self.sessions = [session_view(r) for r in rows]

    async def _staff(self) -> bool:
        staff, self.error = await console_user(self, "support")
        if staff is None:
            return False
        self.can_pause = staff.staff_role == "admin"
        return True

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The loop, the rounds and the latest 50 bets (staff only)."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        self.user_filter, self.status_filter, self.saved = "", "", ""
        await self._reload()
        return None

    @rx.event
    async def refresh(self) -> rx.event.EventSpec | None:
        """Read everything again (the filters stay)."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        await self._reload()
        return None

    @rx.event
    async def filter(self, form: dict) -> rx.event.EventSpec | None:
        """Bets of one player (id) and/or one status (anything unknown means "all")."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        form = form if isinstance(form, dict) else {}
        user_id = as_int(str(form.get("user_id", "")).strip(), maximum=BIGINT_MAX)
        status = str(form.get("status", ""))
        self.user_filter = str(user_id) if user_id else ""
        self.status_filter = status if status in STATUSES else ""
        self.saved = ""
        await self._reload()
        return None

    @rx.event
    async def switch_pause(self, paused: bool) -> rx.event.EventSpec | None:
        """Pause new rounds (the round in play finishes) or resume them: admins only, audited."""
        staff, self.error = await console_user(self, "admin")
        if staff is None:  # other staff get the refusal's message; anyone else goes to the login
            return None if self.error else rx.redirect("/admin/login")
        if not isinstance(paused, bool):
            return None
        try:
            await asyncio.to_thread(admin.set_paused, paused, actor_id=staff.id, ip=client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self.saved = "paused" if paused else "resumed"
        await self._reload()
        return None
