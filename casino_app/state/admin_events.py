"""The console's events: list (phase, window in KST, missions, participants), create/edit, publish, end and
delete with a confirmation, and the chosen event's missions with a form to add one. Writes need an admin,
checked on every call; the services decide what each phase allows and audit every change."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.events import admin, errors, missions_link
from casino_app.state.admin_editing import AdminEditingState, console_user
from casino_app.state.admin_limited import form_int, form_time, local
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int

CONFIRMABLE = {"publish": admin.publish, "end": admin.end, "delete": admin.delete}
EVENT_ERROR, MISSION_ERROR = "EVENT_INVALID", "MISSION_INVALID"


def event_row(item: admin.StaffEvent) -> dict[str, str]:
    """An event as the console lists it (``input_*``: the edit form's values, KST)."""
    e = item.event
    return {
        "id": str(e.id),
        "key": e.key,
        "code": e.key,
        "title_ko": e.title_ko,
        "title_en": e.title_en,
        "description_ko": e.description_ko,
        "description_en": e.description_en,
        "window": f"{local(e.starts_at).replace('T', ' ')} ~ {local(e.ends_at).replace('T', ' ')}",
        "ended_at": local(e.ended_at).replace("T", " "),
        "phase": item.phase.value,
        "missions": f"{item.missions:,}",
        "participants": f"{item.participants:,}",
        "input_starts_at": local(e.starts_at),
        "input_ends_at": local(e.ends_at),
    }


def mission_row(m: Any) -> dict[str, str]:
    """One of the chosen event's missions."""
    return {
        "id": str(m.id),
        "key": m.key,
        "title_ko": m.title_ko,
        "title_en": m.title_en,
        "action": m.action,
        "game": m.game or "",
        "goal": f"{m.goal:,}",
        "gold": f"{m.reward_gold:,}",
        "xp": f"{m.reward_xp:,}",
        "active": "1" if m.is_active else "",
    }


def parse_event_form(form: dict[str, Any], key: str) -> dict[str, Any]:
    """Every field of an event from the console form (the service validates them); a malformed time or a
    missing one raises ``EVENT_INVALID`` naming it."""
    values: dict[str, Any] = {"key": key[:40]}
    for name, limit in (("title_ko", 80), ("title_en", 80), ("description_ko", 500), ("description_en", 500)):
        values[name] = str(form.get(name, ""))[:limit]
    for name in ("starts_at", "ends_at"):
        values[name] = form_time(form, name, EVENT_ERROR)
        if values[name] is None:
            raise errors.EventInvalid(details={"field": name})
    return values


def parse_mission_form(form: dict[str, Any]) -> dict[str, Any]:
    """A new event mission from the console form (the missions service validates the values)."""
    values: dict[str, Any] = {
        name: str(form.get(name, ""))[:limit]
        for name, limit in (("title_ko", 80), ("title_en", 80), ("description_ko", 300), ("description_en", 300))
    }
    values["key"] = str(form.get("key", "")).strip()[:40] or None
    values["action"] = str(form.get("action", ""))[:32]
    values["game"] = str(form.get("game", "")).strip()[:20] or None
    values["goal"] = form_int(form, "goal", MISSION_ERROR)
    values["reward_gold"] = form_int(form, "reward_gold", MISSION_ERROR, optional=True) or 0
    values["reward_xp"] = form_int(form, "reward_xp", MISSION_ERROR, optional=True) or 0
    values["sort"] = form_int(form, "sort", MISSION_ERROR, optional=True) or 0
    return values


class AdminEventsState(AdminEditingState, rx.State):
    """Events as staff see them, the create/edit form, confirmations and the chosen event's missions."""

    confirm_id: str = ""
    confirm_what: str = ""  # publish | end | delete
    confirm_key: str = ""
    done: dict[str, str] = {}  # the last confirmed change: what and which key
    mission_event: dict[str, str] = {}  # the event whose missions are shown
    missions: list[dict[str, str]] = []
    mission_saved: str = ""
    mission_nonce: int = 0

    async def _reload(self) -> None:
        items = await asyncio.to_thread(admin.list_all)
        self.items = [event_row(item) for item in items]
        chosen = self.mission_event.get("id", "")
        self.mission_event = next((row for row in self.items if row["id"] == chosen), {})
        await self._reload_missions()

    async def _reload_missions(self) -> None:
        event_id = as_int(self.mission_event.get("id", ""), maximum=BIGINT_MAX)
        found = await asyncio.to_thread(missions_link.templates, event_id) if event_id is not None else []
        self.missions = [mission_row(m) for m in found]

    def _clear(self) -> None:
        self.error, self.saved, self.done, self.mission_saved = {}, "", {}, ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Every event (staff only)."""
        self.confirm_id, self.confirm_what, self.confirm_key = "", "", ""
        return await self._load()

    @rx.event
    def edit(self, event_id: str) -> None:
        """Fill the form with a listed event ("" for a new one)."""
        self._edit(event_id)

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Create a draft, or update the event being edited (admins; its phase limits what may change)."""
        staff = await self._admin()
        if staff is None:
            return None
        target = as_int(self.editing.get("id", ""), maximum=BIGINT_MAX)
        key = self.editing.get("key") or str(form.get("key", "")).strip()
        ip = client_of(self).ip
        try:
            values = parse_event_form(form, key)
            if target is None:
                event = await asyncio.to_thread(admin.create, values, actor_id=staff.id, ip=ip)
            else:
                event = await asyncio.to_thread(admin.update, target, values, actor_id=staff.id, ip=ip)
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), ""
            return None
        await self._saved(event.key)
        return None

    @rx.event
    def ask(self, event_id: str, what: str) -> None:
        """Ask to publish, end or delete one listed event ("" closes the confirmation)."""
        wanted = str(event_id)[:20]
        self._clear()
        row = next((r for r in self.items if r["id"] == wanted), {})
        ok = bool(row) and what in CONFIRMABLE
        self.confirm_id, self.confirm_key = row.get("id", "") if ok else "", row.get("key", "") if ok else ""
        self.confirm_what = str(what) if ok else ""

    @rx.event
    async def confirm(self) -> rx.event.EventSpec | None:
        """Do the confirmed change (admins; audited by the service)."""
        staff = await self._admin()
        target = as_int(self.confirm_id, maximum=BIGINT_MAX)
        what, key = self.confirm_what, self.confirm_key
        self.confirm_id, self.confirm_what, self.confirm_key = "", "", ""
        if staff is None or target is None or what not in CONFIRMABLE:
            return None
        try:
            await asyncio.to_thread(CONFIRMABLE[what], target, actor_id=staff.id, ip=client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.done = {"what": what, "key": key}
        await self._reload()
        return None

    @rx.event
    async def pick(self, event_id: str) -> rx.event.EventSpec | None:
        """Show one listed event's missions and the form to add one ("" hides them)."""
        staff, self.error = await console_user(self, "support")
        if staff is None:
            return None
        wanted = str(event_id)[:20]
        self.mission_event = next((r for r in self.items if r["id"] == wanted), {})
        self.mission_saved = ""
        self.mission_nonce += 1
        await self._reload_missions()
        return None

    @rx.event
    async def add_mission(self, form: dict) -> rx.event.EventSpec | None:
        """Add a mission to the chosen event (admins; only before it starts)."""
        staff = await self._admin()
        target = as_int(self.mission_event.get("id", ""), maximum=BIGINT_MAX)
        if staff is None or target is None:
            return None
        try:
            values = parse_mission_form(form)
            mission = await asyncio.to_thread(
                admin.add_mission, target, values, actor_id=staff.id, ip=client_of(self).ip
            )
        except AppError as exc:
            self.error, self.mission_saved = bilingual_error(exc), ""
            return None
        self._clear()
        self.mission_saved = mission.key
        self.mission_nonce += 1
        await self._reload()
        return None
