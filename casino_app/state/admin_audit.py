"""The console's audit viewer: staff actions filtered by actor, action, target and KST dates, newest first.

Read-only (support and up, re-checked on every call). Form values are parsed here and the action is
whitelisted against the dropdown's options; the query itself is ``services.audit_view.search``.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from datetime import date

import reflex as rx

from casino_app.core import clock
from casino_app.services import audit_view
from casino_app.state.admin_editing import console_user

PAGE_SIZE = 50
_NAME = re.compile(audit_view.NAME_PATTERN)
_TARGET_ID = re.compile(audit_view.TARGET_ID_PATTERN)
FILTER_FIELDS = ("actor", "action", "target_type", "target_id", "since", "until")


@dataclass(frozen=True)
class Filters:
    """Parsed filter values (None: not filtered)."""

    actor_id: int | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: date | None = None
    until: date | None = None


def action_options(actions: list[str]) -> list[str]:
    """The dropdown's values: each action's group prefix (``crash.``) followed by its actions, sorted."""
    groups = {a.split(".", 1)[0] + "." for a in actions if "." in a}
    return sorted({*groups, *actions})


def _day(raw: str) -> date:
    day = date.fromisoformat(raw) if len(raw) == 10 else None
    if day is None:
        raise ValueError(raw)
    return day


def parse_filters(form: dict, options: list[str]) -> tuple[Filters, str]:
    """The form's filters, or an empty ``Filters`` and the catalog key of the first problem."""
    raw = {name: str(form.get(name, "") or "").strip()[:80] for name in FILTER_FIELDS}
    actor = raw["actor"]
    if actor and not (actor.isascii() and actor.isdigit() and 0 < int(actor) <= audit_view.MAX_ID):
        return Filters(), "audit_admin.bad_actor"
    if raw["action"] and raw["action"] not in options:
        return Filters(), "audit_admin.bad_action"
    target_type, target_id = raw["target_type"][:40], raw["target_id"][:64]
    if not (_NAME.match(target_type) and _TARGET_ID.match(target_id)):
        return Filters(), "audit_admin.bad_target"
    try:
        since = _day(raw["since"]) if raw["since"] else None
        until = _day(raw["until"]) if raw["until"] else None
    except ValueError:
        return Filters(), "audit_admin.bad_date"
    if since and until and since > until:
        return Filters(), "audit_admin.bad_range"
    return Filters(
        actor_id=int(actor) if actor else None,
        action=raw["action"] or None,
        target_type=target_type or None,
        target_id=target_id or None,
        since=since,
        until=until,
    ), ""


RECORDED = ("before", "after", "reason")


def change_lines(entry: audit_view.AuditEntry) -> str:
    """What changed, one ``field: before → after`` line per changed value ("—" where a side has none)."""
    lines = []
    for change in audit_view.changes(entry.details):
        before = "—" if change.before is None else change.before
        after = "—" if change.after is None else change.after
        lines.append(f"{change.field}: {before} → {after}" if change.field else f"{before} → {after}")
    return "\n".join(lines)


def entry_row(entry: audit_view.AuditEntry) -> dict[str, str]:
    """An entry as the table shows it: KST time, the actor ("" for the system), what changed (before → after),
    why (the reason typed), and any other recorded details as indented JSON."""
    reason = entry.details.get("reason")
    other = {k: v for k, v in entry.details.items() if k not in RECORDED}
    return {
        "id": str(entry.id),
        "at": clock.kst_text(entry.created_at),
        "actor_id": "" if entry.actor_id is None else str(entry.actor_id),
        "actor_site_id": entry.actor_site_id or "",
        "actor_nickname": entry.actor_nickname or "",
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "reason": reason if isinstance(reason, str) else "",
        "changes": change_lines(entry),
        "details": json.dumps(other, ensure_ascii=False, indent=2, sort_keys=True, default=str) if other else "",
        "ip": entry.ip,
    }


class AdminAuditState(rx.State):
    """The audit viewer (read-only; support and up, checked per call)."""

    items: list[dict[str, str]] = []
    actions: list[str] = []
    has_more: bool = False
    error: dict[str, str] = {}
    form_error: str = ""  # a catalog key
    form_nonce: int = 0  # remounts the filter form on reset
    _filters: Filters = Filters()
    _cursor: int | None = None

    async def _staff(self) -> bool:
        staff, self.error = await console_user(self, "support")
        return staff is not None

    async def _page(self, cursor: int | None) -> None:
        f = self._filters
        since, until = audit_view.day_bounds(f.since, f.until)
        page = await asyncio.to_thread(
            audit_view.search,
            actor_id=f.actor_id,
            action=f.action,
            target_type=f.target_type,
            target_id=f.target_id,
            since=since,
            until=until,
            limit=PAGE_SIZE,
            cursor=cursor,
        )
        rows = [entry_row(e) for e in page.items]
        self.items = rows if cursor is None else [*self.items, *rows]
        self._cursor = page.next_cursor
        self.has_more = page.next_cursor is not None

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The newest entries with no filter, and the actions for the dropdown."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        self._filters, self.form_error = Filters(), ""
        self.form_nonce += 1
        self.actions = action_options(await asyncio.to_thread(audit_view.actions))
        await self._page(None)
        return None

    @rx.event
    async def search(self, form: dict) -> rx.event.EventSpec | None:
        """Entries matching the form's filters (a bad value shows its message and keeps the list)."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        filters, self.form_error = parse_filters(form if isinstance(form, dict) else {}, self.actions)
        if self.form_error:
            return None
        self._filters = filters
        await self._page(None)
        return None

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """The next page with the same filters."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        if self._cursor is not None:
            await self._page(self._cursor)
        return None
