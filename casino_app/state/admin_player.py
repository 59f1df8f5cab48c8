"""The console's player page: everything about one player, staff notes and the audited account actions.

Support staff read and keep notes; operators and admins also act (ban, unban, rank, end sessions, password
reset, gold). Every handler re-reads the staff member and their role, and each action is one service call
(``services.console``) that writes its own audit row. A reset's temporary password is kept in this tab's
state only until the staff member dismisses it or leaves the page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError, NotFound, ValidationFailed
from casino_app.services.accounts import identity
from casino_app.services.console import notes, player_actions, players
from casino_app.services.console.player_actions import RANKS
from casino_app.state.admin_editing import console_user
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.round_keys import valid_key

CONFIRMED = ("ban", "reset")  # actions behind a confirmation dialog
ACTIONS = ("ban", "unban", "logout", "reset", "rank")
AMOUNT_MAX = 10**12


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _kst(value: Any) -> str:
    return clock.kst_text(value) if value is not None else ""


def detail_view(view: players.PlayerDetail) -> dict[str, Any]:
    """The page's data as display strings (sections keyed as the page uses them)."""
    p, care = view.profile, view.protection
    found = care.on_break
    return {
        "profile": {
            "id": str(p.id),
            "site_id": p.site_id,
            "nickname": p.nickname,
            "rank": p.rank,
            "level": str(p.level),
            "xp": f"{p.xp:,}",
            "locale": p.locale,
            "email": p.email or "",
            "age_verified": "1" if p.age_verified else "",
            "created": _kst(p.created_at),
            "last_login": _kst(p.last_login_at),
            "active": "1" if p.is_active else "",
            "must_change_password": "1" if p.must_change_password else "",
        },
        "balance": f"{view.balance:,}",
        "ledger": [
            {"id": str(e.id), "at": _kst(e.created_at), "kind": e.kind, "amount": f"{e.amount:+,}",
             "balance": f"{e.balance_after:,}", "reference": e.reference}
            for e in view.ledger
        ],
        "rounds": [
            {"id": str(r.id), "at": _kst(r.created_at), "game": r.game, "bet": f"{r.bet:,}", "payout": f"{r.payout:,}"}
            for r in view.rounds
        ],
        "orders": [
            {"code": o.code, "at": _kst(o.created_at), "status": o.status, "name_ko": o.name_ko, "name_en": o.name_en,
             "krw": f"{o.amount_krw:,}", "gold": f"{o.gold + o.bonus_gold:,}"}
            for o in view.orders
        ],
        "sessions": [
            {"id": str(s.id), "device": s.device, "ip": s.ip, "channel": s.channel, "created": _kst(s.created_at),
             "last_used": _kst(s.last_used_at), "revoked": _kst(s.revoked_at), "reason": _text(s.revoked_reason),
             "live": "1" if s.live else ""}
            for s in view.sessions
        ],
        "protection": {
            "time_limit": _text(care.time_limit_min),
            "loss_limit": f"{care.loss_limit_gold:,}" if care.loss_limit_gold is not None else "",
            "pending": ", ".join(f"{x.name}={_text(x.value) or '-'} ({_kst(x.effective_at)})" for x in care.pending),
            "day_krw": f"{care.purchase_day_krw:,}" if care.purchase_day_krw is not None else "",
            "week_krw": f"{care.purchase_week_krw:,}" if care.purchase_week_krw is not None else "",
            "month_krw": f"{care.purchase_month_krw:,}" if care.purchase_month_krw is not None else "",
            "break_kind": found.kind if found else "",
            "break_until": _kst(found.until) if found else "",
            "flagged": "1" if care.flagged else "",
            "minutes_today": str(care.played_seconds_today // 60),
            "net_today": f"{care.net_today:+,}",
        },
        "notes": [
            {"id": str(n.id), "at": _kst(n.created_at), "body": n.body, "author": n.author_nickname or "",
             "author_site_id": n.author_site_id or ""}
            for n in view.notes
        ],
    }  # fmt: skip


class AdminPlayerState(rx.State):
    """One player as the console shows them, the action forms and their outcome."""

    player_key: str = ""  # the id in the URL, as loaded
    found: bool = False
    can_act: bool = False  # operator or admin (display hint; every action re-checks)
    profile: dict[str, str] = {}
    balance: str = "0"
    ledger: list[dict[str, str]] = []
    rounds: list[dict[str, str]] = []
    orders: list[dict[str, str]] = []
    sessions: list[dict[str, str]] = []
    protection: dict[str, str] = {}
    notes: list[dict[str, str]] = []
    reason: str = ""
    rank_choice: str = "STANDARD"
    confirming: str = ""  # "ban" / "reset" while its dialog is open
    temporary_password: str = ""
    done: str = ""  # the catalog key of the last success
    error: dict[str, str] = {}
    busy: bool = False
    gold_nonce: int = 0  # remounts the gold form after a success
    note_nonce: int = 0

    def _player_id(self) -> int | None:
        tail = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        found = as_int(tail, maximum=BIGINT_MAX)
        return found if found else None

    async def _staff(self, role: str) -> identity.AuthUser | None:
        staff, refusal = await console_user(self, role)
        if refusal:
            self.error = refusal
        return staff

    async def _reload(self, staff: identity.AuthUser, user_id: int) -> None:
        try:
            view = await asyncio.to_thread(players.detail, staff, user_id)
        except AppError as exc:
            self.found, self.error = False, bilingual_error(exc)
            return
        data = detail_view(view)
        self.found, self.player_key = True, str(user_id)
        self.profile, self.balance, self.protection = data["profile"], data["balance"], data["protection"]
        self.ledger, self.rounds, self.orders = data["ledger"], data["rounds"], data["orders"]
        self.sessions, self.notes = data["sessions"], data["notes"]
        self.rank_choice = view.profile.rank

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The player in the URL (support and up)."""
        self.error, self.done, self.temporary_password, self.confirming, self.reason = {}, "", "", "", ""
        self.found = False
        staff = await self._staff("support")
        if staff is None:
            return rx.redirect("/admin/login")
        self.can_act = identity.STAFF_ROLES.index(staff.staff_role or "support") >= identity.STAFF_ROLES.index(
            "operator"
        )
        user_id = self._player_id()
        if user_id is None:
            self.error = bilingual_error(NotFound(code="PLAYER_NOT_FOUND"))
            return None
        await self._reload(staff, user_id)
        return None

    @rx.event
    def set_reason(self, value: str) -> None:
        """The reason field (kept to 200 characters; the service checks it again)."""
        self.reason = value[: player_actions.REASON_MAX] if isinstance(value, str) else ""

    @rx.event
    def choose_rank(self, value: str) -> None:
        """The rank dropdown (whitelisted)."""
        if value in RANKS:
            self.rank_choice = value

    @rx.event
    def ask(self, action: str) -> None:
        """Open the confirmation dialog of a ban or a password reset."""
        self.confirming = action if action in CONFIRMED else ""

    @rx.event
    def cancel(self) -> None:
        """Close the confirmation dialog."""
        self.confirming = ""

    @rx.event
    def dismiss_password(self) -> None:
        """The staff member has passed the temporary password on: it leaves the page."""
        self.temporary_password = ""

    async def _act(self, run: Callable[[identity.AuthUser, int], object], code: str) -> object | None:
        self.confirming, self.done = "", ""
        staff = await self._staff("operator")
        user_id = self._player_id()
        if staff is None or user_id is None:
            return None
        self.busy = True
        try:
            result = await asyncio.to_thread(run, staff, user_id)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        finally:
            self.busy = False
        self.error, self.done, self.reason = {}, code, ""
        await self._reload(staff, user_id)
        return result

    @rx.event
    async def act(self, action: str) -> None:
        """Run an action with the typed reason: ban, unban, logout, reset (the last after its dialog) or rank."""
        if await self._staff("operator") is None or action not in ACTIONS:  # the role first, then the input
            return
        reason, ip, rank = self.reason, client_of(self).ip, self.rank_choice
        runs: dict[str, Callable[[identity.AuthUser, int], object]] = {
            "ban": lambda s, u: player_actions.ban(s, u, reason, ip=ip),
            "unban": lambda s, u: player_actions.unban(s, u, reason, ip=ip),
            "logout": lambda s, u: player_actions.force_logout(s, u, reason, ip=ip),
            "reset": lambda s, u: player_actions.reset_password(s, u, reason, ip=ip),
            "rank": lambda s, u: player_actions.change_rank(s, u, rank, reason, ip=ip),
        }
        result = await self._act(runs[action], f"players_admin.done_{action}")
        if isinstance(result, player_actions.PasswordReset):
            self.temporary_password = result.temporary_password

    @rx.event
    async def adjust_gold(self, form: dict, key: str) -> None:
        """Credit or debit gold with a reason; ``key`` is made in the browser per submit (idempotency)."""
        if await self._staff("operator") is None:  # the role first, then the input
            return
        form = form if isinstance(form, dict) else {}
        raw = str(form.get("amount", "")).strip().replace(",", "")[:16]
        sign, digits = (-1, raw[1:]) if raw.startswith("-") else (1, raw.lstrip("+"))
        magnitude = as_int(digits, maximum=AMOUNT_MAX)
        reason, ip, click = str(form.get("reason", ""))[:800], client_of(self).ip, valid_key(key)
        if not magnitude:
            self.done = ""
            self.error = bilingual_error(ValidationFailed(code="AMOUNT_INVALID"))
            return
        amount = sign * magnitude
        result = await self._act(
            lambda s, u: player_actions.adjust_gold(s, u, amount, reason, key=click, ip=ip), "players_admin.done_gold"
        )
        if result is not None:
            self.gold_nonce += 1

    @rx.event
    async def add_note(self, form: dict) -> None:
        """Keep a note on the player (support and up)."""
        body = str(form.get("body", ""))[:4000] if isinstance(form, dict) else ""
        self.done = ""
        staff = await self._staff("support")
        user_id = self._player_id()
        if staff is None or user_id is None:
            return
        try:
            await asyncio.to_thread(notes.add_note, staff, user_id, body, ip=client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self.error, self.done = {}, "players_admin.done_note"
        self.note_nonce += 1
        await self._reload(staff, user_id)
