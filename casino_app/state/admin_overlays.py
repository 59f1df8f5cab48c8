"""The console's stream overlay tokens: issue (the addresses shown once), list with last use, revoke.

Operators and admins, re-checked on every call (``services.overlays.tokens`` checks again). The issued token's
addresses live in this tab's server-side state (the state manager: Redis when configured, so they sit there too)
until the panel is closed, the page is left (it unmounts) or loaded again, or, if the tab is simply
closed, until that state expires. The database, logs and audit trail never hold the token.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import identity
from casino_app.services.overlays import Kind, tokens
from casino_app.state.admin_editing import console_user, refused
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int

KINDS: tuple[str, ...] = tuple(kind.value for kind in Kind)


def token_row(view: tokens.TokenView) -> dict[str, str]:
    """A token as the list shows it (KST times; ``last_used`` empty when never used)."""
    return {
        "id": str(view.id),
        "label": view.label,
        "created": clock.kst_text(view.created_at),
        "created_by": view.created_by,
        "last_used": clock.kst_text(view.last_used_at) if view.last_used_at else "",
        "revoked": clock.kst_text(view.revoked_at) if view.revoked_at else "",
        "active": "1" if view.active else "",
    }


class AdminOverlaysState(rx.State):
    """Overlay tokens as staff see them."""

    items: list[dict[str, str]] = []
    error: dict[str, str] = {}
    issued: dict[str, str] = {}  # label and one address per overlay kind, shown once (see the module docstring)
    revoked_label: str = ""
    form_nonce: int = 0

    async def _staff(self) -> identity.AuthUser | None:
        staff, self.error = await console_user(self, tokens.ROLE)
        return staff

    async def _reload(self, staff: identity.AuthUser) -> None:
        views = await asyncio.to_thread(tokens.list_all, staff)
        self.items = [token_row(view) for view in views]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The tokens (operators and admins; support is told which role it needs, others go to the login)."""
        self.issued, self.revoked_label = {}, ""
        staff = await self._staff()
        if staff is None:
            self.items = []
            return refused(self.error)
        await self._reload(staff)
        return None

    @rx.event
    async def issue(self, form: dict) -> rx.event.EventSpec | None:
        """Issue a token for the streamer named in the form; its addresses are shown this once."""
        staff = await self._staff()
        if staff is None:
            return refused(self.error)
        self.issued, self.revoked_label = {}, ""
        label = str(form.get("label", "") if isinstance(form, dict) else "")[: tokens.LABEL_MAX * 4]
        try:
            made = await asyncio.to_thread(lambda: tokens.issue(staff, label, ip=client_of(self).ip))
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self.issued = {"label": made.view.label, **tokens.urls(made.token)}
        self.form_nonce += 1
        await self._reload(staff)
        return None

    @rx.event
    def dismiss_issued(self) -> None:
        """Close the panel with the new token's addresses (they cannot be shown again); also sent when the page
        unmounts, so leaving the page drops them from the state."""
        self.issued = {}

    @rx.event
    async def revoke(self, token_id: str) -> rx.event.EventSpec | None:
        """Revoke a listed token: its overlays show nothing from their next refresh."""
        staff = await self._staff()
        if staff is None:
            return refused(self.error)
        target = as_int(str(token_id)[:20], maximum=BIGINT_MAX)
        self.revoked_label = ""
        try:
            if target is None:
                raise AppError(code="VALIDATION_ERROR")
            view = await asyncio.to_thread(lambda: tokens.revoke(staff, target, ip=client_of(self).ip))
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.revoked_label = view.label
        await self._reload(staff)
        return None
