"""What the console's editors share: the list, the row in the create/edit form, its messages and the upsert."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.accounts import identity
from casino_app.state.auth import bilingual_error, client_of, require_user


async def console_user(state: rx.State, role: str) -> tuple[identity.AuthUser | None, dict[str, str]]:
    """The staff member when they hold ``role`` (else None, with the refusal's message for a staff member).

    Roles: support reads (and keeps player notes), operators act, admins configure and publish.
    """
    user = await require_user(state)
    if user is None or user.staff_role is None:
        return None, {}
    try:
        return identity.require_staff(user, role), {}
    except AppError as exc:
        return None, bilingual_error(exc)


def holds(user: identity.AuthUser, role: str) -> bool:
    """Display hint: whether the (already verified) staff member holds at least ``role``."""
    try:
        identity.require_staff(user, role)
    except AppError:
        return False
    return True


def refused(error: dict[str, str]) -> rx.event.EventSpec | None:
    """A handler's answer after ``console_user`` refused: staff keep the page (the message says which role is
    needed), anyone else goes to the staff login."""
    return None if error else rx.redirect("/admin/login")


class AdminEditingState(rx.State, mixin=True):
    """A console list with a create/edit form (``_reload`` fills ``items``; each row has an ``id``)."""

    items: list[dict[str, str]] = []
    editing: dict[str, str] = {}  # the row in the form ({} for a new one)
    form_nonce: int = 0  # remounts the form with the edited row's values
    error: dict[str, str] = {}
    saved: str = ""
    can_edit: bool = False  # display only: admins see the form and the row actions (checked per call)

    async def _reload(self) -> None:
        raise NotImplementedError

    def _clear(self) -> None:
        self.error, self.saved = {}, ""

    def _edit(self, row_id: str) -> None:
        wanted = str(row_id)[:20]
        self.editing = next((p for p in self.items if p["id"] == wanted), {})
        self.form_nonce += 1
        self._clear()

    async def _saved(self, code: str) -> None:
        self._clear()
        self.saved, self.editing = code, {}
        self.form_nonce += 1
        await self._reload()

    async def _admin(self) -> identity.AuthUser | None:
        staff, self.error = await console_user(self, "admin")
        return staff

    async def _load(self, role: str = "support") -> rx.event.EventSpec | None:
        """The list for staff holding ``role`` (support reads every editor's list; only admins save)."""
        staff, self.error = await console_user(self, role)
        if staff is None:
            self.items, self.editing = [], {}
            return refused(self.error)
        self._clear()
        self.editing = {}
        self.can_edit = holds(staff, "admin")
        await self._reload()
        return None

    async def _upsert(self, form: dict, code_length: int, parse: Callable[[dict], Any], upsert: Callable) -> None:
        """Create the row, or update the one being edited (admins; the code of an edited one stays)."""
        staff = await self._admin()
        if staff is None:
            return
        code = self.editing.get("code") or str(form.get("code", "")).strip()[:code_length]
        try:
            values = parse(form)
            row = await asyncio.to_thread(upsert, code, values, actor_id=staff.id, ip=client_of(self).ip)
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), ""
            return
        await self._saved(row.code)
