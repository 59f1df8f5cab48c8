"""The console's mail screen: the outbox (list, filters, one mail opened) and the send form with a preview.

Reading needs support or above, previewing and sending an operator (both re-checked on every call). The
form's values are whitelisted here (template, target kind, segment, the template's own variables); the
rules themselves are ``services.messaging.email``'s. Each checked request gets its own key, and the send goes
through ``outbox.trigger_once`` with it: one check is mailed at most once, however often "send" arrives.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import identity
from casino_app.services.messaging.email import audience, outbox, smtp, templates
from casino_app.state.admin_editing import console_user
from casino_app.state.auth import bilingual_error, client_of

PAGE_SIZE = 50
TARGET_KINDS = ("site_id", "user_id", "segment")
VARIABLE_FIELDS = ("title", "details", "message", "subject", "body")


def item_row(item: outbox.OutboxItem) -> dict[str, str]:
    """A stored mail as the table shows it (KST times)."""
    return {
        "id": str(item.id),
        "at": clock.kst_text(item.created_at),
        "sent_at": clock.kst_text(item.sent_at),
        "player": f"{item.nickname} ({item.site_id})" if item.site_id else "",
        "to": item.to_address,
        "template": item.template,
        "locale": item.locale,
        "category": item.category,
        "subject": item.subject,
        "status": item.status,
        "attempts": f"{item.attempts:,}",
        "error": item.error,
    }


def parse_request(form: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The form as plain values (template key, one target, variables, category), or ``({}, catalog key)``."""
    key = str(form.get("template", ""))[:40]
    if key not in templates.TEMPLATES:
        return {}, "mail_admin.bad_template"
    kind = str(form.get("target_kind", ""))[:10]
    raw = str(form.get("target", "") or "").strip()[:40]
    request: dict[str, Any] = {"key": key, "user_id": None, "site_id": None, "segment": None}
    if kind == "user_id":
        if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= audience.MAX_ID):
            return {}, "mail_admin.bad_user_id"
        request["user_id"] = int(raw)
    elif kind == "site_id":
        if not raw:
            return {}, "mail_admin.bad_site_id"
        request["site_id"] = raw[:20]
    elif kind == "segment":
        segment = str(form.get("segment", ""))[:20]
        if segment not in audience.SEGMENTS:
            return {}, "mail_admin.bad_segment"
        request["segment"] = segment
    else:
        return {}, "mail_admin.bad_target"
    allowed = templates.TEMPLATES[key].variables
    request["variables"] = {
        name: str(form.get(f"var_{name}", "") or "")[:6000]
        for name in VARIABLE_FIELDS
        if name in allowed and str(form.get(f"var_{name}", "") or "").strip()
    }
    category = str(form.get("category", "") or "") if key == "custom" else ""
    if category and category not in templates.CUSTOM_CATEGORIES:
        return {}, "mail_admin.bad_category"
    request["category"] = category or None
    return request, ""


def target_of(request: dict[str, Any]) -> audience.Target:
    """The parsed request's recipient."""
    return audience.Target(user_id=request["user_id"], site_id=request["site_id"], segment=request["segment"])


def _may(staff: identity.AuthUser, role: str) -> bool:
    try:
        identity.require_staff(staff, role)
    except AppError:
        return False
    return True


class AdminMailState(rx.State):
    """The outbox and the send form (support reads; operators preview and send; checked per call)."""

    items: list[dict[str, str]] = []
    has_more: bool = False
    opened: dict[str, str] = {}
    can_send: bool = False
    delivery_mode: str = "local"
    template: str = "event_news"
    target_kind: str = "site_id"
    preview: dict[str, str] = {}
    result: dict[str, str] = {}
    skipped: list[dict[str, str]] = []  # the last send's skips by reason
    error: dict[str, str] = {}
    form_error: str = ""  # a catalog key
    _status: str | None = None
    _user_id: int | None = None
    _cursor: int | None = None
    _pending: dict[str, Any] = {}  # the checked request "send" will send, with its idempotency key

    async def _staff(self, role: str) -> identity.AuthUser | None:
        staff, self.error = await console_user(self, role)
        return staff

    async def _page(self, cursor: int | None) -> None:
        page = await asyncio.to_thread(
            outbox.outbox_page, status=self._status, user_id=self._user_id, limit=PAGE_SIZE, cursor=cursor
        )
        rows = [item_row(i) for i in page.items]
        self.items = rows if cursor is None else [*self.items, *rows]
        self._cursor = page.next_cursor
        self.has_more = page.next_cursor is not None

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The newest mail, unfiltered, and whether this staff member may send."""
        staff = await self._staff("support")
        if staff is None:
            return rx.redirect("/admin/login")
        self.can_send = _may(staff, "operator")
        self.delivery_mode = "smtp" if smtp.configured() else "local"
        self._status, self._user_id, self.opened, self.form_error = None, None, {}, ""
        self.preview, self.result = {}, {}
        await self._page(None)
        return None

    @rx.event
    async def filter(self, form: dict) -> rx.event.EventSpec | None:
        """Mail of one status and/or one player (a bad value shows its message and keeps the list)."""
        if await self._staff("support") is None:
            return rx.redirect("/admin/login")
        form = form if isinstance(form, dict) else {}
        status = str(form.get("status", "") or "")[:10]
        player = str(form.get("player", "") or "").strip()[:20]
        if status and status not in outbox.EMAIL_STATUSES:
            self.form_error = "mail_admin.bad_status"
            return None
        if player and not (player.isascii() and player.isdigit() and 0 < int(player) <= audience.MAX_ID):
            self.form_error = "mail_admin.bad_user_id"
            return None
        self._status, self._user_id, self.form_error = status or None, int(player) if player else None, ""
        await self._page(None)
        return None

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """The next page with the same filters."""
        if await self._staff("support") is None:
            return rx.redirect("/admin/login")
        if self._cursor is not None:
            await self._page(self._cursor)
        return None

    @rx.event
    async def open_message(self, message_id: str) -> rx.event.EventSpec | None:
        """Show one mail: its headers, its text and its HTML (rendered only in a sandboxed frame)."""
        if await self._staff("support") is None:
            return rx.redirect("/admin/login")
        raw = str(message_id)[:20]
        if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= audience.MAX_ID):
            return None
        try:
            found = await asyncio.to_thread(outbox.message, int(raw))
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self.opened = {**item_row(found), "text": found.body_text, "html": found.body_html}
        return None

    @rx.event
    def close_message(self) -> None:
        """Close the opened mail."""
        self.opened = {}

    @rx.event
    def choose_template(self, value: str) -> None:
        """Show the chosen template's variable fields (unknown values are ignored)."""
        if value in templates.TEMPLATES:
            self.template, self.preview, self.result, self._pending = value, {}, {}, {}

    @rx.event
    def choose_target(self, value: str) -> None:
        """Recipient by site ID, player number or segment."""
        if value in TARGET_KINDS:
            self.target_kind, self.preview, self.result, self._pending = value, {}, {}, {}

    @rx.event
    async def check(self, form: dict) -> rx.event.EventSpec | None:
        """Step one: the mail rendered for the one player (or the segment's size); "send" then sends exactly this."""
        if await self._staff("operator") is None:
            return None
        request, self.form_error = parse_request(form if isinstance(form, dict) else {})
        self._pending, self.preview, self.result = {}, {}, {}
        if not request:
            return None
        target = target_of(request)
        try:
            if target.segment is not None:
                size = await asyncio.to_thread(outbox.count_targets, target)
                self.preview = {"segment": target.segment, "targeted": f"{size:,}"}
            else:
                shown = await asyncio.to_thread(
                    outbox.preview, request["key"], target, request["variables"], category=request["category"]
                )
                mail = shown.mail
                self.preview = {
                    "to": shown.to_address or "",
                    "player": shown.site_id,
                    "blocked": shown.blocked or "",
                    "subject": mail.subject,
                    "category": mail.category,
                    "locale": mail.locale,
                    "text": mail.text,
                    "html": mail.html,
                }
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self._pending, self.error = {**request, "once": uuid.uuid4().hex}, {}
        return None

    @rx.event
    async def send(self) -> rx.event.EventSpec | None:
        """Step two: store the checked mail for its target (the delivery job sends it); shows the counts.

        At most once per check: the request is taken before anything is stored, and its key makes a repeat of
        the same check (a stale copy of this state) answer the first result instead of mailing again.
        """
        staff = await self._staff("operator")
        if staff is None or not self._pending:
            return None
        request, self._pending = self._pending, {}
        try:
            result = await asyncio.to_thread(
                outbox.trigger_once,
                request["once"],
                request["key"],
                target_of(request),
                request["variables"],
                actor_id=staff.id,
                category=request["category"],
                ip=client_of(self).ip,
            )
        except AppError as exc:
            self.error, self.result = bilingual_error(exc), {}
            return None
        self.preview = {}
        self.result = {
            "targeted": f"{result.targeted:,}",
            "sent": f"{result.sent:,}",
            "deferred": f"{result.deferred:,}",
        }
        self.skipped = [{"reason": reason, "count": f"{count:,}"} for reason, count in result.skipped.items()]
        await self._page(None)
        return None
