"""The console's missions: list, create, edit, activate/deactivate and delete templates (admins; audited)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.missions import templates
from casino_app.services.missions.errors import MissionInvalid
from casino_app.state.admin_editing import AdminEditingState
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int

ACTIONS: tuple[str, ...] = templates.ACTIONS
CADENCES: tuple[str, ...] = templates.CADENCES
TEXT_FIELDS = {"title_ko": 80, "title_en": 80, "description_ko": 300, "description_en": 300}
INT_FIELDS = ("goal", "reward_gold", "reward_xp")
OPTIONAL_INT_FIELDS = ("event_id", "reward_item_quantity")


def template_row(template: templates.MissionTemplate) -> dict[str, str]:
    """A template as the console lists it (``input_*``: the edit form's values)."""
    item = f"{template.reward_item_key} ×{template.reward_item_quantity}" if template.reward_item_key else ""
    return {
        "id": str(template.id),
        "key": template.key,
        "title_ko": template.title_ko,
        "title_en": template.title_en,
        "description_ko": template.description_ko,
        "description_en": template.description_en,
        "cadence": template.cadence,
        "event": str(template.event_id) if template.event_id is not None else "",
        "action": template.action,
        "game": template.game or "",
        "goal": f"{template.goal:,}",
        "reward": " · ".join(p for p in (f"{template.reward_gold:,} G", f"{template.reward_xp:,} XP", item) if p),
        "active": "1" if template.is_active else "",
        "input_goal": str(template.goal),
        "input_reward_gold": str(template.reward_gold),
        "input_reward_xp": str(template.reward_xp),
        "input_item_key": template.reward_item_key or "",
        "input_item_quantity": str(template.reward_item_quantity or ""),
        "input_sort": str(template.sort),
    }


def parse_form(form: dict[str, Any]) -> dict[str, Any]:
    """The template fields from the console form; a malformed number raises ``MISSION_INVALID`` naming it."""

    def number(name: str, raw: str) -> int:
        negative = name == "sort" and raw.startswith("-")
        value = as_int(raw.lstrip("-") if negative else raw, maximum=BIGINT_MAX)
        if value is None:
            raise MissionInvalid(details={"field": name})
        return -value if negative else value

    values: dict[str, Any] = {
        "key": str(form.get("key", "")).strip().lower()[:40],
        "cadence": str(form.get("cadence", ""))[:12],
        "action": str(form.get("action", ""))[:32],
        "game": str(form.get("game", "")).strip()[:20] or None,
        "reward_item_key": str(form.get("reward_item_key", "")).strip()[:40] or None,
        "is_active": str(form.get("is_active", "")) in ("on", "true", "1"),
    }
    for name, length in TEXT_FIELDS.items():
        values[name] = str(form.get(name, ""))[: length * 4]
    for name in INT_FIELDS:
        values[name] = number(name, str(form.get(name, "")).replace(",", "").strip() or "0")
    for name in OPTIONAL_INT_FIELDS:
        raw = str(form.get(name, "")).replace(",", "").strip()
        values[name] = number(name, raw) if raw else None
    values["sort"] = number("sort", str(form.get("sort", "")).strip() or "0")
    return values


class AdminMissionsState(AdminEditingState, rx.State):
    """Mission templates as staff see them, and the create/edit form."""

    removed: str = ""  # "deleted" or "deactivated": what the last delete did

    async def _reload(self) -> None:
        found = await asyncio.to_thread(templates.list_templates)
        self.items = [template_row(t) for t in found]

    def _clear(self) -> None:
        super()._clear()
        self.removed = ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Every template (staff only)."""
        return await self._load()

    @rx.event
    def edit(self, mission_id: str) -> None:
        """Fill the form with a listed template ("" for a new one)."""
        self._edit(mission_id)

    @rx.event
    async def save(self, form: dict) -> None:
        """Create the template, or update the one being edited (admins; key, cadence and event stay)."""
        staff = await self._admin()
        if staff is None:
            return
        ip = client_of(self).ip
        target = as_int(self.editing.get("id", ""), maximum=BIGINT_MAX)
        try:
            values = parse_form(form)
            if target is None:
                saved = await asyncio.to_thread(
                    templates.create_template, templates.TemplateInput(**values), actor_id=staff.id, ip=ip
                )
            else:
                changes = {k: v for k, v in values.items() if k not in templates.FIXED}
                saved = await asyncio.to_thread(templates.update_template, target, changes, actor_id=staff.id, ip=ip)
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), ""
            return
        await self._saved(saved.key)

    @rx.event
    async def set_active(self, mission_id: str, active: bool) -> None:
        """Turn a template on or off (admins; audited)."""
        staff = await self._admin()
        target = as_int(mission_id, maximum=BIGINT_MAX)
        if staff is None or target is None or not isinstance(active, bool):
            return
        try:
            await asyncio.to_thread(templates.set_active, target, active, actor_id=staff.id, ip=client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
        await self._reload()

    @rx.event
    async def remove(self, mission_id: str) -> None:
        """Delete a template; one with player progress is deactivated instead (admins; audited)."""
        staff = await self._admin()
        target = as_int(mission_id, maximum=BIGINT_MAX)
        if staff is None or target is None:
            return
        try:
            removal = await asyncio.to_thread(
                templates.delete_template, target, actor_id=staff.id, ip=client_of(self).ip
            )
        except AppError as exc:
            self.error = bilingual_error(exc)
            return
        self._clear()
        self.removed = "deleted" if removal.deleted else "deactivated"
        self.editing = {}
        self.form_nonce += 1
        await self._reload()
