"""The console's battle pass: seasons listed, a draft created or edited, its tiers edited as text, publishing.

Writes need an admin (checked on every call); the service validates everything and audits every change.
Tiers are edited as one line per tier — ``pass XP, free reward, premium reward`` with a reward written
``gold:200``, ``xp:50`` or ``item:<key>:<n>`` (``-`` or empty: none) — and numbered by line.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.battlepass import admin, errors, rewards
from casino_app.state.admin_editing import AdminEditingState
from casino_app.state.admin_limited import form_int, form_time, local
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int

INVALID = errors.SeasonInvalid.code
XP_FIELDS = ("xp_per_round", "xp_per_checkin", "xp_per_mission")
MAX_TEXT = 20_000


def format_reward(reward: rewards.Reward | None) -> str:
    """A reward as the tiers text writes it ("-" for none)."""
    if reward is None:
        return "-"
    return f"item:{reward.item}:{reward.amount}" if reward.kind == "item" else f"{reward.kind}:{reward.amount}"


def format_tiers(tiers: list[Any]) -> str:
    """A season's tiers as the editor's text, one line per tier."""
    return "\n".join(
        f"{t.xp_required}, {format_reward(rewards.of(t, 'free'))}, {format_reward(rewards.of(t, 'premium'))}"
        for t in tiers
    )


def parse_reward(text: str, level: int, track: str) -> rewards.Reward | None:
    """``gold:200`` / ``xp:50`` / ``item:key:2`` / ``-`` (the service checks amounts and item keys)."""
    text = text.strip()
    if text in ("", "-"):
        return None
    parts = [p.strip() for p in text.split(":")]
    kind = parts[0].lower()
    amount = as_int(parts[-1], maximum=rewards.MAX_GOLD) if len(parts) > 1 else None
    if kind == "item" and len(parts) == 3 and parts[1] and amount:
        return rewards.Reward("item", amount, parts[1])
    if kind in ("gold", "xp") and len(parts) == 2 and amount:
        return rewards.Reward(kind, amount)
    raise errors.SeasonInvalid(details={"field": track, "level": level})


def parse_tiers(text: str) -> list[admin.TierInput]:
    """The editor's text as tiers, numbered by line (blank lines skipped)."""
    lines = [line for line in str(text)[:MAX_TEXT].splitlines() if line.strip()]
    tiers = []
    for level, line in enumerate(lines, start=1):
        cells = [*line.split(","), "", ""][:3] if line.count(",") <= 2 else None
        xp = as_int(cells[0].replace("_", "").strip(), maximum=admin.MAX_TIER_XP) if cells else None
        if cells is None or xp is None:
            raise errors.SeasonInvalid(details={"field": "xp_required", "level": level})
        free, premium = parse_reward(cells[1], level, "free"), parse_reward(cells[2], level, "premium")
        tiers.append(admin.TierInput(level, xp, free, premium))
    return tiers


def parse_season_form(form: dict[str, Any]) -> dict[str, Any]:
    """The season fields of the console form (times in KST); malformed fields name themselves."""
    values: dict[str, Any] = {name: str(form.get(name, "")).strip()[:80] for name in ("key", "name_ko", "name_en")}
    for name in ("starts_at", "ends_at"):
        when = form_time(form, name, INVALID)
        if when is None:
            raise errors.SeasonInvalid(details={"field": name})
        values[name] = when
    for name in XP_FIELDS:
        values[name] = form_int(form, name, INVALID)
    values["premium_product_id"] = form_int(form, "premium_product_id", INVALID, optional=True)
    return values


def season_row(summary: admin.SeasonSummary, now: datetime) -> dict[str, str]:
    """A season as the console lists it (``input_*``: the edit form's values; ``tiers_text``: the tier editor)."""
    s = summary.season
    return {
        "id": str(s.id),
        "code": s.key,
        "name_ko": s.name_ko,
        "name_en": s.name_en,
        "window": f"{local(s.starts_at)} ~ {local(s.ends_at)}".replace("T", " "),
        "status": s.status,
        "live": "1" if s.status == "published" and s.starts_at <= now < s.ends_at else "",
        "tiers": str(len(summary.tiers)),
        "xp": f"{s.xp_per_round} / {s.xp_per_checkin} / {s.xp_per_mission}",
        "product": str(s.premium_product_id or ""),
        "draft": "1" if s.status == "draft" else "",
        "input_starts_at": local(s.starts_at),
        "input_ends_at": local(s.ends_at),
        **{f"input_{name}": str(getattr(s, name)) for name in XP_FIELDS},
        "tiers_text": format_tiers(summary.tiers),
    }


class AdminBattlePassState(AdminEditingState, rx.State):
    """Seasons as staff see them, the season form, the tier editor and publishing."""

    tiers_for: dict[str, str] = {}  # the draft whose tiers are being edited
    tiers_nonce: int = 0
    tiers_saved: str = ""
    published: str = ""

    async def _reload(self) -> None:
        summaries = await asyncio.to_thread(admin.list_seasons)
        now = clock.now()
        self.items = [season_row(s, now) for s in summaries]

    def _clear(self) -> None:
        self.error, self.saved, self.tiers_saved, self.published = {}, "", "", ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Every season (staff only)."""
        redirect = await self._load()
        if redirect is None:
            self.tiers_for = {}
        return redirect

    @rx.event
    def edit(self, season_id: str) -> None:
        """Fill the season form with a listed season ("" for a new one)."""
        self._edit(season_id)

    @rx.event
    def edit_tiers(self, season_id: str) -> None:
        """Open the tier editor for a listed draft ("" closes it)."""
        wanted = str(season_id)[:20]
        self._clear()
        self.tiers_for = next((s for s in self.items if s["id"] == wanted and s["draft"]), {})
        self.tiers_nonce += 1

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Create a draft season, or update the draft being edited (admins)."""
        staff = await self._admin()
        if staff is None:
            return None
        target = as_int(self.editing.get("id", ""), maximum=BIGINT_MAX)
        ip = client_of(self).ip
        try:
            values = parse_season_form(form)
            if target is None:
                season = await asyncio.to_thread(
                    admin.create_season, admin.SeasonInput(**values), actor_id=staff.id, ip=ip
                )
            else:
                season = await asyncio.to_thread(admin.update_season, target, values, actor_id=staff.id, ip=ip)
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), ""
            return None
        await self._saved(season.key)
        return None

    @rx.event
    async def save_tiers(self, form: dict) -> rx.event.EventSpec | None:
        """Replace the open draft's tiers with the editor's text (admins)."""
        staff = await self._admin()
        target = as_int(self.tiers_for.get("id", ""), maximum=BIGINT_MAX)
        if staff is None or target is None:
            return None
        try:
            tiers = parse_tiers(str(form.get("tiers", "")))
            await asyncio.to_thread(admin.set_tiers, target, tiers, actor_id=staff.id, ip=client_of(self).ip)
        except AppError as exc:
            self.error, self.tiers_saved = bilingual_error(exc), ""
            return None
        key = self.tiers_for.get("code", "")
        self._clear()
        self.tiers_saved = key
        await self._reload()
        self.tiers_for = next((s for s in self.items if s["id"] == str(target)), {})
        self.tiers_nonce += 1
        return None

    @rx.event
    async def publish(self, season_id: str) -> rx.event.EventSpec | None:
        """Publish a listed draft after the service checks it whole (admins)."""
        staff = await self._admin()
        target = as_int(str(season_id)[:20], maximum=BIGINT_MAX)
        if staff is None or target is None:
            return None
        self._clear()
        try:
            season = await asyncio.to_thread(admin.publish, target, actor_id=staff.id, ip=client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.published, self.tiers_for = season.key, {}
        await self._reload()
        return None
