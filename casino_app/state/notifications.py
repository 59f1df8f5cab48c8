"""Notifications in the side panel, plus a toast for the newest live one."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.i18n import LOCALES
from casino_app.services import notifications
from casino_app.services.messaging import center
from casino_app.services.messaging import render as texts
from casino_app.state.auth import require_settled_user

MAX_SHOWN = 8


def render(kind: str, params: dict[str, Any]) -> dict[str, str]:
    """The notification's one-line text in every locale (unknown kinds fall back to a generic line)."""
    shown = texts.texts(kind, params)
    return {locale: shown[locale].line for locale in LOCALES}


@dataclasses.dataclass
class NoteItem:
    """One notification line in both languages."""

    id: int
    ko: str
    en: str
    at: str


def _item(notification_id: int, text: dict[str, str], at: str) -> NoteItem:
    return NoteItem(id=notification_id, ko=text["ko"], en=text["en"], at=at)


class NotificationState(rx.State):
    """The player's recent notifications and the live toast."""

    items: list[NoteItem] = []
    unread: int = 0
    toast: dict[str, str] = {}
    toast_id: int = 0

    @rx.event
    async def refresh(self) -> None:
        """Load the latest notifications from the database."""
        user = await require_settled_user(self)
        if user is None or user.is_staff:
            self.items, self.unread = [], 0
            return
        views, counts = await asyncio.to_thread(
            lambda: (notifications.recent(user.id, MAX_SHOWN), center.unread(user.id))
        )
        self.items = [_item(v.id, render(v.kind, v.params), clock.kst_text(v.created_at)) for v in views]
        self.unread = counts.total

    @rx.event
    async def mark_read(self) -> None:
        """Mark everything read (the player's other tabs follow through the realtime event)."""
        user = await require_settled_user(self)
        if user is not None and not user.is_staff:
            _, counts = await asyncio.to_thread(center.mark_all_read, user.id)
            self.unread = counts.total

    def _apply_read(self, data: dict[str, Any]) -> None:
        """Read state changed in another tab or over REST: take the new unread total."""
        self.unread = max(0, int(data.get("unread") or 0))

    def _push(self, data: dict[str, Any]) -> None:
        """A notification pushed by the realtime service: prepend it and show the toast."""
        text = render(str(data.get("kind", "")), dict(data.get("params") or {}))
        at = clock.kst_text(clock.now())
        self.items = [_item(int(data.get("id", 0)), text, at), *self.items][:MAX_SHOWN]
        self.unread += 1
        self.toast = text
        self.toast_id += 1
