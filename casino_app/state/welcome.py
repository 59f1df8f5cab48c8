"""The welcome after signup: home opened with ``?welcome=1`` shows the starter gift and the first steps, once.

Signup is the only place that adds ``?welcome=1``. Closing the dialog (the close buttons, Esc, or a first-step
button) is remembered in the browser (``cc_welcome_seen``: the player's id, like the sound and language toggles),
and closing it on home also takes the flag out of the address, so a reload, Back, another tab or the flag typed
again do not bring it back. There is no per-player "seen" field on the server to record it in, and deriving it
from the first steps would show it again on every reload until they are all done.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.services import welcome
from casino_app.state.auth import require_player, safe_next
from casino_app.state.daily import DailyState

HOME = "/"


class WelcomeState(rx.State):
    """Whether home shows the welcome dialog, and the gift the player's signup credited."""

    show: bool = False
    gift: str = ""  # formatted, from the ledger entry signup posted
    gift_value: int = 0
    seen: str = rx.LocalStorage("", name="cc_welcome_seen", sync=True)  # the id of the player who closed it

    @rx.event
    async def load(self) -> None:
        """Read the signup redirect's ``welcome`` flag (players only; until the player closes it)."""
        self.show = False
        if self.router.url.query_parameters.get("welcome", "") != "1":
            return
        user = await require_player(self)
        if user is None or self.seen == str(user.id):
            return
        amount = await asyncio.to_thread(welcome.starter_gift, user.id)
        self.gift_value, self.gift = amount, f"{amount:,}"
        self.show = True

    async def _forget(self) -> None:
        self.show = False
        user = await require_player(self)
        if user is not None:
            self.seen = str(user.id)

    @rx.event
    async def dismiss(self) -> rx.event.EventSpec:
        """Close the dialog for good (and drop the flag from the address)."""
        await self._forget()
        return rx.redirect(HOME, replace=True)

    @rx.event
    async def opened(self, value: bool) -> rx.event.EventSpec | None:
        """The dialog's own open/close (Esc, the close buttons): closing dismisses."""
        if value:
            return None
        await self._forget()
        return rx.redirect(HOME, replace=True)

    @rx.event
    async def go(self, href: str) -> list[rx.event.EventSpec]:
        """A first-step button: close the welcome and go where that step is done (the check-in opens on home)."""
        await self._forget()
        target = safe_next(str(href))
        if target == HOME:
            return [rx.redirect(HOME, replace=True), DailyState.set_open(True)]
        return [rx.redirect(target)]
