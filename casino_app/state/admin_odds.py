"""The console's odds tables: every game's versions, a field-by-field diff between two of them, and publishing a
new version from a JSON editor (admins only, with a reason; validated, RTP rule enforced and audited by the
service). Operators read everything; every handler re-checks the role on the server."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError, ValidationFailed
from casino_app.i18n import LOCALES, t
from casino_app.services.accounts import identity
from casino_app.services.games import config_diff, configs, registry
from casino_app.state.admin_editing import console_user
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import as_int

MAX_JSON_CHARS = 100_000  # an editor text longer than this is refused before parsing
MAX_REASONS = 20  # validation reasons listed under the editor
REASON_MAX = configs.REASON_MAX  # characters of a publishing reason (the field stops typing there)


def _when(value: object) -> str:
    return clock.kst_text(value) if isinstance(value, datetime) else ""


def percent_text(value: float) -> str:
    """A ratio as a percentage with two decimals (0.9512 → "95.12")."""
    return f"{value * 100:.2f}"


def version_row(version: dict[str, Any], publishers: dict[int, str], wagered: bool) -> dict[str, str]:
    """A stored version as the list shows it (RTP in %, none for a game without a stake; time in KST)."""
    by = version.get("created_by")
    return {
        "version": str(version["version"]),
        "active": "1" if version.get("is_active") else "",
        "rtp": percent_text(float(version["declared_rtp"])) if wagered else "",
        "by_id": str(by) if by is not None else "",
        "by": publishers.get(by, "") if by is not None else "",
        "at": _when(version.get("created_at")),
    }


def change_row(change: config_diff.Change) -> dict[str, str]:
    """A difference as the diff table shows it (no old value for an added field, no new one for a removed one)."""
    return {
        "path": change.path,
        "kind": change.kind,
        "old": "" if change.kind == "added" else config_diff.value_text(change.old),
        "new": "" if change.kind == "removed" else config_diff.value_text(change.new),
    }


def parse_editor(text: str) -> dict[str, Any]:
    """The editor's text as a JSON object (422 ``ODDS_JSON_*`` naming the line and column otherwise)."""
    if len(text) > MAX_JSON_CHARS:
        raise ValidationFailed(code="ODDS_JSON_TOO_LARGE", details={"max": MAX_JSON_CHARS})
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(code="ODDS_JSON_INVALID", details={"line": exc.lineno, "column": exc.colno}) from None
    if not isinstance(raw, dict):
        raise ValidationFailed(code="ODDS_JSON_NOT_OBJECT")
    return raw


def publish_error(exc: AppError) -> dict[str, str]:
    """The refusal in every locale; an RTP refusal also says this table's RTP and the game's allowed range."""
    message = bilingual_error(exc)
    details = exc.details if isinstance(exc.details, dict) else {}
    if exc.error_code == "RTP_OUT_OF_RANGE" and {"rtp", "min", "max"} <= set(details):
        numbers = {key: percent_text(float(details[key])) for key in ("rtp", "min", "max")}
        message = {loc: f"{message[loc]} {t('odds_admin.rtp_detail', loc, **numbers)}" for loc in LOCALES}
    return message


def reason_rows(exc: AppError) -> list[dict[str, str]]:
    """The field-level reasons of a ``CONFIG_INVALID`` refusal (at most ``MAX_REASONS``)."""
    details = exc.details if isinstance(exc.details, dict) else {}
    found = details.get("reasons") if exc.error_code == "CONFIG_INVALID" else None
    if not isinstance(found, list):
        return []
    return [
        {"field": str(r.get("field") or config_diff.ROOT), "message": str(r.get("message", ""))}
        for r in found[:MAX_REASONS]
        if isinstance(r, dict)
    ]


def _publishers(ids: set[int]) -> dict[int, str]:
    names = {}
    for staff_id in ids:
        try:
            names[staff_id] = identity.load(staff_id).nickname
        except AppError:  # a removed account: the id alone
            names[staff_id] = ""
    return names


def _overview(game: str) -> dict[str, Any]:
    """Everything the page shows for ``game`` in one worker-thread call."""
    found = registry.get(game)
    table = configs.active(game)
    listed = configs.versions(game)
    publishers = _publishers({v["created_by"] for v in listed if v["created_by"] is not None})
    bounds = found.rtp_range()
    return {
        "versions": [version_row(v, publishers, found.wagered) for v in listed],
        "active": table.version,
        "editor": json.dumps(table.config.model_dump(mode="json"), indent=2, ensure_ascii=False),
        "rule": {"min": percent_text(float(bounds[0])), "max": percent_text(float(bounds[1]))} if bounds else {},
    }


class AdminOddsState(rx.State):
    """Versions per game, a diff between two, and publishing (staff read; publishing needs an admin, per call)."""

    game: str = ""
    versions: list[dict[str, str]] = []
    active_version: str = ""
    rtp_rule: dict[str, str] = {}  # {"min", "max"} in % when the game has an RTP rule
    diff_from: str = ""
    diff_to: str = ""
    changes: list[dict[str, str]] = []
    compared: bool = False
    editor: str = ""  # the active table as JSON: what the editor starts from
    form_nonce: int = 0  # remounts the selects and the editor with fresh values
    can_publish: bool = False  # display only: the server checks the role on publish
    error: dict[str, str] = {}
    publish_error: dict[str, str] = {}
    reasons: list[dict[str, str]] = []
    saved: str = ""  # the version just published

    async def _staff(self) -> bool:
        staff, self.error = await console_user(self, "support")
        if staff is None:
            return False
        self.can_publish = staff.staff_role == "admin"
        return True

    async def _compare(self, old: int, new: int) -> None:
        try:
            found = await asyncio.to_thread(config_diff.diff_versions, self.game, old, new)
        except AppError as exc:
            self.error, self.changes, self.compared = bilingual_error(exc), [], False
            return
        self.diff_from, self.diff_to = str(old), str(new)
        self.changes, self.compared = [change_row(c) for c in found], True

    async def _reload(self) -> None:
        """The game's versions, its RTP rule, the editor from the active table and the latest diff."""
        found = await asyncio.to_thread(_overview, self.game)
        self.versions, self.rtp_rule, self.editor = found["versions"], found["rule"], found["editor"]
        self.active_version = str(found["active"])
        self.form_nonce += 1
        self.changes, self.compared, self.diff_from, self.diff_to = [], False, "", ""
        numbers = [int(v["version"]) for v in self.versions]
        if len(numbers) >= 2:
            await self._compare(numbers[1], numbers[0])

    def _clear(self) -> None:
        self.error, self.publish_error, self.reasons, self.saved = {}, {}, [], ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The first game's versions, the latest diff and the editor (staff only)."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        self._clear()
        if not registry.is_game(self.game):
            self.game = registry.keys()[0]
        await self._reload()
        return None

    @rx.event
    async def choose_game(self, game: str) -> rx.event.EventSpec | None:
        """Another registered game (anything else is ignored)."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        if not isinstance(game, str) or not registry.is_game(game):
            return None
        self._clear()
        self.game = game
        await self._reload()
        return None

    @rx.event
    async def compare(self, form: dict) -> rx.event.EventSpec | None:
        """The differences from one version of the chosen game to another."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        form = form if isinstance(form, dict) else {}
        old, new = as_int(form.get("from", "")), as_int(form.get("to", ""))
        self._clear()
        if old is None or new is None or not self.game:
            self.error = bilingual_error(ValidationFailed(code="CONFIG_VERSION_UNKNOWN"))
            return None
        await self._compare(old, new)
        return None

    @rx.event
    async def publish(self, form: dict) -> rx.event.EventSpec | None:
        """Publish the editor's table as the chosen game's new version: admins only, a reason required, audited."""
        staff, refusal = await console_user(self, "admin")
        if staff is None:  # other staff get the refusal's message; anyone else goes to the login
            self._clear()
            self.publish_error = refusal
            return None if refusal else rx.redirect("/admin/login")
        form = form if isinstance(form, dict) else {}
        self._clear()
        if not registry.is_game(self.game):
            return None
        try:
            raw = parse_editor(str(form.get("config", "")))
            published = await asyncio.to_thread(
                configs.add_version,
                self.game,
                raw,
                actor_id=staff.id,
                ip=client_of(self).ip,
                reason=str(form.get("reason", "")),
            )
        except AppError as exc:
            self.publish_error, self.reasons = publish_error(exc), reason_rows(exc)
            return None
        await self._reload()
        self.saved = str(published.version)
        return None
