"""The notification center page: the player's list (category chips, unread filter, paging), read state, settings.

Every handler re-checks the player and calls ``services.messaging.center``; the state only keeps what the page
shows. Read state changed elsewhere (another tab, the REST API) and new notifications arrive through
``state.realtime`` (``_apply_read``, ``_prepend``) while the tab is on this page.
"""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.messaging import center, render
from casino_app.state.auth import AuthState, bilingual_error, client_of, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.notifications import NotificationState

ROUTES = ("/notifications", "/notifications/settings")
CATEGORIES = center.CATEGORIES
SERVICE_CATEGORIES = center.SERVICE_CATEGORIES


def on_page(path: str) -> bool:
    """Whether a tab at ``path`` shows the notification center (live updates go only there)."""
    return path.rstrip("/") in ROUTES


def ago(at: datetime, now: datetime) -> dict[str, str]:
    """How long ago ``at`` was, in every locale (just now / minutes / hours / days)."""
    seconds = max(0, int((now - at).total_seconds()))
    if seconds < 60:
        return {locale: t("nc.ago_now", locale) for locale in LOCALES}
    for unit, size in (("days", 86_400), ("hours", 3600), ("minutes", 60)):
        if seconds >= size:
            return {locale: t(f"nc.ago_{unit}", locale, n=seconds // size) for locale in LOCALES}
    return {}  # unreachable: seconds >= 60 matched minutes


def consent_text(at: str) -> dict[str, str]:
    """ "Agreed on <KST time>" or "not agreed", in every locale."""
    if not at:
        return {locale: t("nc.consent_none", locale) for locale in LOCALES}
    return {locale: t("nc.consent_at", locale, at=at) for locale in LOCALES}


@dataclasses.dataclass
class CenterRow:
    """One notification as the page shows it, in both languages."""

    id: int
    category: str
    cat_ko: str
    cat_en: str
    title_ko: str
    title_en: str
    body_ko: str
    body_en: str
    ago_ko: str
    ago_en: str
    at: str
    read: bool


def row(
    notification_id: int, kind: str, category: str, params: dict[str, Any], created_at: datetime, read: bool
) -> CenterRow:
    """A notification as a page row (texts from ``messaging.render``; time relative and in KST)."""
    shown = render.texts(kind, params)
    since = ago(created_at, clock.now())
    return CenterRow(
        id=notification_id,
        category=category,
        cat_ko=t(f"nc.cat.{category}", "ko"),
        cat_en=t(f"nc.cat.{category}", "en"),
        title_ko=shown["ko"].title,
        title_en=shown["en"].title,
        body_ko=shown["ko"].body,
        body_en=shown["en"].body,
        ago_ko=since["ko"],
        ago_en=since["en"],
        at=clock.kst_text(created_at),
        read=read,
    )


def _row_of(item: center.Item) -> CenterRow:
    return row(item.id, item.kind, item.category, item.params, item.created_at, item.read)


class NotificationCenterState(rx.State):
    """The player's notification list and settings on ``/notifications``."""

    rows: list[CenterRow] = []
    category: str = ""
    unread_only: bool = False
    next_before: int = 0
    unread_total: int = 0
    unread_by_category: dict[str, int] = {}
    muted: list[str] = []
    marketing_at: str = ""
    night_at: str = ""
    marketing_text: dict[str, str] = {}
    night_text: dict[str, str] = {}
    notice: dict[str, str] = {}
    error: dict[str, str] = {}
    settings_notice: dict[str, str] = {}
    settings_error: dict[str, str] = {}
    busy: bool = False

    async def _player(self) -> Any:
        return await require_player(self)

    async def _fill_list(self, user_id: int) -> None:
        found = await asyncio.to_thread(
            center.page, user_id, category=self.category or None, unread_only=self.unread_only
        )
        self.rows = [_row_of(item) for item in found.items]
        self.next_before = found.next_before or 0
        self._apply_counts(await asyncio.to_thread(center.unread, user_id))

    def _apply_counts(self, counts: center.Unread) -> None:
        self.unread_total = counts.total
        self.unread_by_category = {c: counts.by_category.get(c, 0) for c in CATEGORIES}

    def _apply_settings(self, value: center.Settings) -> None:
        self.muted = list(value.muted)
        self.marketing_at = clock.kst_text(value.marketing_consent_at)
        self.night_at = clock.kst_text(value.night_consent_at)
        self.marketing_text = consent_text(self.marketing_at)
        self.night_text = consent_text(self.night_at)

    async def _badge(self, total: int) -> None:
        (await self.get_state(NotificationState)).unread = total

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The page (players only): the first page of every notification, the counts and the settings."""
        user = await self._player()
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.category, self.unread_only, self.notice, self.error = "", False, {}, {}
        self.settings_notice, self.settings_error = {}, {}
        await self._fill_list(user.id)
        self._apply_settings(await asyncio.to_thread(center.settings, user.id))
        return None

    @rx.event
    async def choose_category(self, category: str) -> rx.event.EventSpec | None:
        """Show one category ("" for all); anything else is ignored."""
        user = await self._player()
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if category != "" and category not in CATEGORIES:
            return None
        self.category, self.notice, self.error = category, {}, {}
        await self._fill_list(user.id)
        return None

    @rx.event
    async def set_unread_only(self, value: bool) -> rx.event.EventSpec | None:
        """Show only unread notifications, or all of them."""
        user = await self._player()
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.unread_only, self.notice, self.error = value is True, {}, {}
        await self._fill_list(user.id)
        return None

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """The next page below the last row shown."""
        user = await self._player()
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if not self.next_before:
            return None
        found = await asyncio.to_thread(
            center.page,
            user.id,
            category=self.category or None,
            unread_only=self.unread_only,
            before=self.next_before,
        )
        shown = {r.id for r in self.rows}
        self.rows = [*self.rows, *(_row_of(item) for item in found.items if item.id not in shown)]
        self.next_before = found.next_before or 0
        return None

    @rx.event
    async def open_item(self, notification_id: str) -> rx.event.EventSpec | None:
        """The player opened a notification: mark it read (their own only; the server checks)."""
        user = await self._player()
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        target = as_int(notification_id, maximum=BIGINT_MAX)
        if target is None or not any(r.id == target and not r.read for r in self.rows):
            return None
        try:
            counts = await asyncio.to_thread(center.mark_read, user.id, target)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self._mark_rows(target, None)
        self._apply_counts(counts)
        await self._badge(counts.total)
        return None

    @rx.event
    async def read_all(self) -> rx.event.EventSpec | None:
        """Mark every unread notification read (only the chosen category's when one is chosen)."""
        user = await self._player()
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        changed, counts = await asyncio.to_thread(center.mark_all_read, user.id, self.category or None)
        self._mark_rows(None, self.category or None)
        self._apply_counts(counts)
        await self._badge(counts.total)
        self.error = {}
        self.notice = {locale: t("nc.read_all_done", locale, count=changed) for locale in LOCALES}
        if self.unread_only:
            await self._fill_list(user.id)
        return None

    async def _save(self, change: center.SettingsChange) -> rx.event.EventSpec | None:
        user = await self._player()
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy:
            return None
        self.busy, self.settings_notice, self.settings_error = True, {}, {}
        try:
            saved = await asyncio.to_thread(center.update_settings, user.id, change, ip=client_of(self).ip)
        except AppError as exc:
            self.settings_error = bilingual_error(exc)
            saved = await asyncio.to_thread(center.settings, user.id)
        else:
            self.settings_notice = {locale: t("nc.saved", locale) for locale in LOCALES}
        finally:
            self.busy = False
        self._apply_settings(saved)
        return None

    @rx.event
    async def set_category_enabled(self, category: str, enabled: bool) -> rx.event.EventSpec | None:
        """Turn one category's notifications on or off (service categories are refused by the service)."""
        if category not in CATEGORIES or category in SERVICE_CATEGORIES or not isinstance(enabled, bool):
            return None
        change = center.SettingsChange(unmute=(category,)) if enabled else center.SettingsChange(mute=(category,))
        return await self._save(change)

    @rx.event
    async def set_marketing(self, value: bool) -> rx.event.EventSpec | None:
        """Give or withdraw the marketing consent (withdrawing also withdraws the night consent)."""
        if not isinstance(value, bool):
            return None
        return await self._save(center.SettingsChange(marketing=value))

    @rx.event
    async def set_night(self, value: bool) -> rx.event.EventSpec | None:
        """Give or withdraw the night-time (21:00–08:00 KST) marketing consent."""
        if not isinstance(value, bool):
            return None
        return await self._save(center.SettingsChange(night=value))

    # --- live updates (called by state.realtime, never from the browser) ---------------------------------------

    def _mark_rows(self, notification_id: int | None, category: str | None) -> None:
        self.rows = [
            dataclasses.replace(r, read=True)
            if (notification_id is None or r.id == notification_id) and (category is None or r.category == category)
            else r
            for r in self.rows
        ]

    def _apply_read(self, data: dict[str, Any]) -> None:
        """Read state changed in another tab or over REST: mark the rows and take the new counts."""
        notification_id = as_int(data.get("id"), maximum=BIGINT_MAX) if data.get("id") is not None else None
        category = data.get("category") if data.get("category") in CATEGORIES else None
        self._mark_rows(notification_id, category)
        by_category = data.get("by_category") or {}
        self._apply_counts(
            center.Unread(int(data.get("unread") or 0), {str(k): int(v) for k, v in by_category.items()})
        )

    def _prepend(self, data: dict[str, Any]) -> None:
        """A new notification arrived: count it, and show it first when it matches the current filter."""
        category = str(data.get("category") or "")
        if category not in CATEGORIES:
            return
        self.unread_total += 1
        self.unread_by_category = {**self.unread_by_category, category: self.unread_by_category.get(category, 0) + 1}
        if self.category and category != self.category:
            return
        created = data.get("created_at")
        at = datetime.fromisoformat(created) if isinstance(created, str) else clock.now()
        new = row(
            int(data.get("id") or 0), str(data.get("kind") or ""), category, dict(data.get("params") or {}), at, False
        )
        self.rows = [new, *(r for r in self.rows if r.id != new.id)]
