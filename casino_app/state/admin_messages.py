"""The console's messaging: send to one player or broadcast (review, then confirm with the audience size),
schedule a campaign (review with its audience, then confirm), and the campaigns list with a stop button.

Operators and admins, re-checked on every call. Form values are parsed here; every rule (lengths, categories,
targets, schedule, delivery policy) is the services' (``messaging.sending``, ``messaging.campaigns``), which run
again on confirmation. The reviewed values stay server-side, so the confirmed send is the reviewed one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import identity
from casino_app.services.messaging import audience, campaigns, sending
from casino_app.state.admin_editing import console_user
from casino_app.state.admin_limited import form_time
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int

SKIPS = ("skipped_muted", "skipped_consent", "skipped_break", "skipped_flagged", "quiet_hours")


def _text(form: dict[str, Any], name: str, limit: int) -> str:
    return str(form.get(name, "") or "")[: limit * 4]


def form_message(form: dict[str, Any]) -> dict[str, Any]:
    """The ``{"ko": ..., "en": ...}`` message of a form (English only when either of its fields is filled)."""
    message: dict[str, Any] = {
        "ko": {"title": _text(form, "title_ko", sending.TITLE_MAX), "body": _text(form, "body_ko", sending.BODY_MAX)}
    }
    title_en, body_en = _text(form, "title_en", sending.TITLE_MAX), _text(form, "body_en", sending.BODY_MAX)
    if title_en.strip() or body_en.strip():
        message["en"] = {"title": title_en, "body": body_en}
    return message


def form_target(form: dict[str, Any]) -> dict[str, Any] | None:
    """The campaign target of a form (None when a number field is not a number)."""
    target: dict[str, Any] = {}
    for name in ("rank", "segment"):
        value = str(form.get(name, "") or "").strip()[:20]
        if value:
            target[name] = value
    for name in ("min_level", "max_level", "inactive_days"):
        raw = str(form.get(name, "") or "").replace(",", "").strip()
        if raw:
            number = as_int(raw, maximum=BIGINT_MAX)
            if number is None:
                return None
            target[name] = number
    return target


def counts_row(result: sending.Outcome) -> dict[str, str]:
    """A send's totals as the result panel shows them."""
    row = {
        "targeted": f"{result.targeted:,}",
        "sent": f"{result.sent:,}",
        "skipped": f"{sum(result.skipped.values()):,}",
        "pending": f"{result.pending:,}",
    }
    row.update({skip: f"{result.skipped.get(skip, 0):,}" for skip in SKIPS})
    return row


def campaign_row(view: campaigns.CampaignView) -> dict[str, str]:
    """A campaign or broadcast as the list shows it (KST time, totals)."""
    c = view.counts
    return {
        "id": str(view.id),
        "kind": view.kind,
        "name": view.name,
        "title": str(view.message.get("ko", {}).get("title", "")),
        "category": view.category,
        "status": view.status,
        "when": clock.kst_text(view.scheduled_at),
        "counts": f"{c.targeted:,} · {c.sent:,} · {sum(c.skipped.values()):,} · {c.pending:,}",
        "active": "1" if view.status in ("scheduled", "sending") else "",
    }


class AdminMessagesState(rx.State):
    """Send now, schedule campaigns, and the campaigns list (operators and admins, checked per call)."""

    items: list[dict[str, str]] = []
    error: dict[str, str] = {}
    form_error: str = ""  # a catalog key
    review: dict[str, str] = {}  # the send awaiting confirmation: audience, count, category, title
    result: dict[str, str] = {}  # the last send's totals
    busy: bool = False
    send_nonce: int = 0
    campaign_review: dict[str, str] = {}  # the campaign awaiting confirmation: name, count, when
    campaign_saved: str = ""
    campaign_nonce: int = 0
    cancel_id: str = ""
    cancel_name: str = ""
    cancelled: str = ""
    _draft: dict[str, Any] = {}
    _campaign: dict[str, Any] = {}

    async def _staff(self) -> identity.AuthUser | None:
        staff, self.error = await console_user(self, "operator")
        return staff

    def _clear(self) -> None:
        self.error, self.form_error, self.result, self.campaign_saved, self.cancelled = {}, "", {}, "", ""

    async def _reload(self, staff: identity.AuthUser) -> None:
        views = await asyncio.to_thread(campaigns.list_all, staff)
        self.items = [campaign_row(view) for view in views]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The campaigns list (staff only; others go to the staff login)."""
        staff = await self._staff()
        if staff is None:
            return rx.redirect("/admin/login")
        self._clear()
        self.review, self.campaign_review, self._draft, self._campaign = {}, {}, {}, {}
        self.cancel_id, self.cancel_name = "", ""
        await self._reload(staff)
        return None

    @rx.event
    async def refresh(self) -> None:
        """Reload the list (status and totals move while campaigns go out)."""
        staff = await self._staff()
        if staff is not None:
            await self._reload(staff)

    @rx.event
    async def review_send(self, form: dict) -> None:
        """Check the send form and show who it would reach; nothing goes out before ``confirm_send``."""
        staff = await self._staff()
        if staff is None or not isinstance(form, dict):
            return
        self._clear()
        self.review, self._draft = {}, {}
        everyone = str(form.get("audience", "")) == "all"
        category = str(form.get("category", ""))[:16]
        try:
            message = sending.clean_message(form_message(form))
            sending.clean_category(category)
            reason = sending.clean_reason(_text(form, "reason", sending.REASON_MAX))
            if everyone:
                user_id, count = None, await asyncio.to_thread(sending.broadcast_audience, staff, category)
            else:
                raw = str(form.get("recipient", "")).strip()[:40]
                if not raw:
                    self.form_error = "messages_admin.bad_recipient"
                    return
                number = as_int(raw, maximum=BIGINT_MAX) if raw.isdigit() else None
                found = sending.find_player
                user_id = await asyncio.to_thread(found, user_id=number, site_id=None if number else raw)
                count = 1
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self._draft = {"user_id": user_id, "category": category, "message": message, "reason": reason}
        self.review = {
            "audience": "all" if everyone else "one",
            "count": f"{count:,}",
            "category": category,
            "title": message["ko"]["title"],
            "recipient": "" if everyone else f"#{user_id}",
        }

    @rx.event
    def close_review(self) -> None:
        """Drop the reviewed send."""
        self.review, self._draft = {}, {}

    @rx.event
    async def confirm_send(self) -> AsyncIterator[None]:
        """Send the reviewed message (once: the draft is taken before anything goes out)."""
        staff = await self._staff()
        draft, self._draft, self.review = self._draft, {}, {}
        if staff is None or not draft:
            return
        self.busy = True
        yield
        ip = client_of(self).ip
        try:
            args = (draft["category"], draft["message"], draft["reason"])
            if draft["user_id"] is None:
                outcome = await asyncio.to_thread(sending.broadcast, staff, *args, ip=ip)
            else:
                outcome = await asyncio.to_thread(sending.send, staff, draft["user_id"], *args, ip=ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.result = counts_row(outcome)
            self.send_nonce += 1
            await self._reload(staff)
        finally:
            self.busy = False

    @rx.event
    async def review_campaign(self, form: dict) -> None:
        """Check the campaign form and show its current audience; nothing is stored before ``confirm_campaign``."""
        staff = await self._staff()
        if staff is None or not isinstance(form, dict):
            return
        self._clear()
        self.campaign_review, self._campaign = {}, {}
        target = form_target(form)
        if target is None:
            self.form_error = "messages_admin.bad_number"
            return
        category = str(form.get("category", ""))[:16]
        try:
            when = form_time(form, "scheduled_at", "SCHEDULE_INVALID")
            if when is None:
                self.form_error = "messages_admin.bad_time"
                return
            values = {
                "name": campaigns.clean_name(_text(form, "name", campaigns.NAME_MAX)),
                "category": sending.clean_category(category),
                "message": sending.clean_message(form_message(form)),
                "target": audience.parse_target(target).as_json(),
                "scheduled_at": campaigns.clean_schedule(when, clock.now()),
            }
            count = await asyncio.to_thread(campaigns.preview, staff, values["target"], category)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self._campaign = values
        self.campaign_review = {"name": values["name"], "count": f"{count:,}", "when": clock.kst_text(when)}

    @rx.event
    def close_campaign_review(self) -> None:
        """Drop the reviewed campaign."""
        self.campaign_review, self._campaign = {}, {}

    @rx.event
    async def confirm_campaign(self) -> None:
        """Schedule the reviewed campaign (the service checks every field again, including the time)."""
        staff = await self._staff()
        values, self._campaign, self.campaign_review = self._campaign, {}, {}
        if staff is None or not values:
            return
        try:
            view = await asyncio.to_thread(lambda: campaigns.create(staff, **values, ip=client_of(self).ip))
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self.campaign_saved = view.name
        self.campaign_nonce += 1
        await self._reload(staff)

    @rx.event
    def ask_cancel(self, campaign_id: str) -> None:
        """Ask to stop one listed campaign ("" closes the question)."""
        row = next((r for r in self.items if r["id"] == str(campaign_id)[:20] and r["active"]), {})
        self.cancel_id, self.cancel_name = row.get("id", ""), row.get("name", "")

    @rx.event
    async def confirm_cancel(self) -> None:
        """Stop the asked campaign (audited by the service)."""
        staff = await self._staff()
        target, name = as_int(self.cancel_id, maximum=BIGINT_MAX), self.cancel_name
        self.cancel_id, self.cancel_name = "", ""
        if staff is None or target is None:
            return
        self._clear()
        try:
            await asyncio.to_thread(campaigns.cancel, staff, target, ip=client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.cancelled = name
        await self._reload(staff)
