"""Who is using this tab. The browser holds an HttpOnly session cookie; the server derives and re-checks the user.

The credential never enters Reflex state: the HTTP edge swaps the cookie on the
websocket connection for its SHA-256 (``api/session_edge.py``), and a tab acts as
a user only while *its current socket* carries that hash. ``_current_user``
re-reads the session and the user from the database on every call, keyed by
backend-only vars (``_session_id``, ``_user_id``, ``_bound_sid``) that the browser
can neither see nor set, so a client token replayed from another connection is
worth nothing.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from urllib.parse import quote, urlsplit

import reflex as rx

from casino_app.core.context import user_id_var
from casino_app.core.errors import AppError, Unauthorized
from casino_app.i18n import LOCALES, error_message
from casino_app.services import progression, realtime
from casino_app.services.accounts import sessions, web_sessions
from casino_app.services.accounts.identity import AuthUser

HANDOFF_KEEP_SECONDS = web_sessions.HANDOFF_TTL.total_seconds()
PASSWORD_PAGE = "/account/password"  # noqa: S105 - a route: "set a new password", required after a staff reset


def bilingual_error(exc: AppError) -> dict[str, str]:
    """The error's message in every locale, so the UI can switch language without asking again."""
    return {locale: exc.message(locale) for locale in LOCALES}


def bilingual_code(code: str, **params: object) -> dict[str, str]:
    """A catalog error message in every locale."""
    return {locale: error_message(code, locale, **params) for locale in LOCALES}


def client_of(state: rx.State) -> sessions.ClientInfo:
    """IP and User-Agent of the tab's connection."""
    router = state.router
    return sessions.ClientInfo(
        ip=(router.session.client_ip or "")[:45], user_agent=(router.headers.user_agent or "")[:300]
    )


def safe_next(value: str, default: str = "/") -> str:
    """``value`` when it is a same-site path, else ``default`` (for ``?next=`` redirect targets).

    A path starts with exactly one ``/``, has no scheme or host once parsed, and
    contains no backslash, whitespace or control character (browsers drop tabs and
    newlines, which would turn "/<tab>/evil.example" into "//evil.example").
    """
    if (
        not value.startswith("/")
        or value.startswith("//")
        or len(value) > 512
        or any(ch == "\\" or ord(ch) < 0x21 or ord(ch) == 0x7F for ch in value)
    ):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


class AuthState(rx.State):
    """The logged-in player or staff member of this tab (display fields only are sent to the browser)."""

    _session_id: str = ""
    _user_id: int = 0
    _bound_to: str = ""  # the session-cookie hash this tab was bound with
    _bound_sid: str = ""  # ...on this websocket connection
    _registered: str = ""  # "<user>:<minute>" of the last realtime tab registration

    user_id: int = 0
    nickname: str = ""
    site_id: str = ""
    rank: str = ""
    staff_role: str = ""
    # A web login's one-time ticket, picked up by the page script that sets the HttpOnly cookie.
    handoff: str = ""
    handoff_next: str = "/"
    # A fresh nonce at logout: the page script then deletes the cookie and reloads (once per nonce).
    logout_nonce: str = ""
    _handoff_at: float = 0.0
    avatar: str = "neon-cat"
    level: int = 1
    xp: int = 0
    age_verified: bool = False
    must_change_password: bool = False  # after a staff password reset: player pages send the tab to set one
    checked: bool = False

    @rx.var
    def is_authenticated(self) -> bool:
        """Display hint only: whether a user is bound to this tab."""
        return self.user_id > 0

    @rx.var
    def xp_into_level(self) -> int:
        """XP gathered inside the current level."""
        return progression.progress(self.xp).into_level

    @rx.var
    def xp_per_level(self) -> int:
        """XP needed per level."""
        return progression.progress(self.xp).per_level

    @rx.var
    def xp_percent(self) -> int:
        """Progress through the current level, 0–100."""
        return progression.progress(self.xp).percent

    @rx.var
    def is_staff(self) -> bool:
        """Display hint only: operators and admins."""
        return self.staff_role != ""

    def _apply(self, user: AuthUser) -> None:
        self._user_id = user.id
        self.user_id = user.id
        self.nickname = user.nickname
        self.site_id = user.site_id
        self.rank = user.rank
        self.staff_role = user.staff_role or ""
        self.avatar = user.avatar
        self.level = user.level
        self.xp = user.xp
        self.age_verified = user.age_verified
        self.must_change_password = user.must_change_password

    def _clear(self) -> None:
        if self._user_id:
            realtime.unregister_tab(self._user_id, self.router.session.client_token)
        self._session_id, self._user_id, self._bound_to, self._bound_sid, self._registered = "", 0, "", "", ""
        self.user_id, self.nickname, self.site_id, self.rank, self.staff_role = 0, "", "", "", ""
        self.avatar, self.level, self.xp, self.age_verified = "neon-cat", 1, 0, False
        self.must_change_password = False

    def _start_handoff(self, pair: sessions.TokenPair, target: str) -> None:
        """A web login or signup succeeded: the page trades the ticket for the cookie, then loads ``target``."""
        self._clear()
        self._apply(pair.user)
        self._user_id = 0  # nothing acts as this user until a socket presents the cookie
        self.handoff, self.handoff_next = pair.refresh_token, safe_next(target)
        self._handoff_at = time.time()  # wall clock: the state may move between workers
        self.checked = True

    def _end_session_in_browser(self) -> None:
        """The session is over: the page deletes its (HttpOnly) cookie and reloads."""
        self._clear()
        self.logout_nonce = uuid.uuid4().hex

    def _socket_credential(self) -> str:
        """The session-cookie hash the edge attached to this tab's current connection."""
        return web_sessions.socket_credential(self.router.headers.cookie or "")

    async def _current_user(self) -> AuthUser | None:
        """The verified user of this tab, re-checked in the database; ``None`` when logged out.

        The tab's current websocket must carry the session cookie (as its hash). A
        new connection, or a changed cookie, is authenticated afresh; a known one
        only re-checks that its session is alive.
        """
        self.checked = True
        if self.handoff and time.time() - self._handoff_at > HANDOFF_KEEP_SECONDS:
            self.handoff = ""  # a ticket the page never used leaves the state (it has expired anyway)
        credential = self._socket_credential()
        sid = self.router.session.session_id or ""
        if not credential or not sid:
            self._clear()
            return None
        try:
            if self._session_id and self._bound_to == credential and self._bound_sid == sid:
                user = await asyncio.to_thread(sessions.validate_session, uuid.UUID(self._session_id), self._user_id)
            else:
                context = await asyncio.to_thread(web_sessions.authenticate_hash, credential)
                self._session_id, self._bound_to, self._bound_sid = str(context.session_id), credential, sid
                self.handoff = ""  # the cookie is in place: the spent ticket leaves the state
                user = context.user
        except Unauthorized:
            self._clear()
            return None
        self._apply(user)
        user_id_var.set(user.id)  # log lines of this event carry the user id
        await self._register_tab(user.id)
        return user

    async def _register_tab(self, user_id: int) -> None:
        """Tell the realtime registry this tab belongs to ``user_id`` (refreshed every few minutes)."""
        stamp = f"{user_id}:{int(time.time() // 300)}"
        if self._registered != stamp and self.router.session.client_token:
            await asyncio.to_thread(realtime.register_tab, user_id, self.router.session.client_token)
            self._registered = stamp

    def _login_redirect(self, reason: str = "") -> rx.event.EventSpec:
        """Send the tab to the login page, coming back here afterwards."""
        back = quote(safe_next(self.router.url.path or "/"), safe="/")
        suffix = f"&reason={reason}" if reason else ""
        return rx.redirect(f"/login?next={back}{suffix}")

    def _leave_player_page(self) -> rx.event.EventSpec:
        """Where a player-only handler sends a tab without a player: staff to the console, a player who must
        replace a temporary password to "set a new password", anyone else to login."""
        if self.must_change_password:
            return rx.redirect(PASSWORD_PAGE)
        return rx.redirect("/admin/dashboard") if self.staff_role else self._login_redirect("expired")

    @rx.event
    async def refresh_identity(self) -> None:
        """Resolve the tab's user for public pages (header shows who is logged in)."""
        await self._current_user()

    @rx.event
    async def require_player(self) -> rx.event.EventSpec | None:
        """``on_load`` guard for player pages: logged-in players only."""
        had_token = bool(self._socket_credential())
        user = await self._current_user()
        if user is None:
            return self._login_redirect("expired" if had_token else "")
        if user.is_staff:
            return rx.redirect("/admin/dashboard")
        if user.must_change_password:
            return rx.redirect(PASSWORD_PAGE)
        return None

    @rx.event
    async def require_staff(self) -> rx.event.EventSpec | None:
        """``on_load`` guard for the admin console: staff only."""
        user = await self._current_user()
        if user is None or not user.is_staff:
            return rx.redirect("/admin/login")
        return None

    @rx.event
    async def logout(self) -> None:
        """End this browser's session everywhere it is open; the page then drops the cookie and reloads."""
        if await self._current_user() is not None:  # only this socket's own, proven session
            await asyncio.to_thread(web_sessions.end, uuid.UUID(self._session_id))
        self._end_session_in_browser()


async def require_user(state: rx.State) -> AuthUser | None:
    """For every event handler: the verified user behind ``state``'s tab, or ``None``."""
    auth = await state.get_state(AuthState)
    return await auth._current_user()


async def require_settled_user(state: rx.State) -> AuthUser | None:
    """Like ``require_user``, but ``None`` for a player who must first replace a temporary password (only the
    password page, logout and the session list serve them until then, as on REST)."""
    user = await require_user(state)
    return None if user is None or user.must_change_password else user


async def require_player(state: rx.State) -> AuthUser | None:
    """For player-only handlers (games, gold, daily): the verified player, ``None`` for staff, nobody, or a
    player who must first replace a temporary password."""
    user = await require_user(state)
    return None if user is None or user.is_staff or user.must_change_password else user
