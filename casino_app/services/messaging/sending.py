"""Operator messages: one player (``send``) or every active player at once (``broadcast``).

The text is the operator's, in Korean and optionally English (``{"ko": {"title", "body"}, "en": {...}}``; the
notification center falls back to Korean). The category decides the rules (``messaging.policy``): ``notice``
(service: maintenance, terms) always goes out, ``event`` can be muted, ``marketing`` needs consent, never reaches a
player on a break or with a protective care flag, and at night also needs the night consent.

A broadcast is stored as a campaign row (``target.kind = "broadcast"``, scheduled now) and delivered at once in
bounded batches by ``delivery``: one ``campaign_deliveries`` row per player makes it reach each player at most
once even when the call is retried or the process dies half way — the periodic dispatcher finishes any broadcast
left ``sending``, and marketing deferred by quiet hours goes out after 08:00 KST the same way. Every send is
audited with the operator's reason.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.models.messaging import Campaign
from casino_app.services import audit, notifications
from casino_app.services.accounts import identity
from casino_app.services.messaging import audience, delivery, policy

OPERATOR_CATEGORIES = ("notice", "event", "marketing")
TITLE_MAX = 60
BODY_MAX = 500
REASON_MAX = 200
LOCALES = ("ko", "en")

_users = User.__table__
_campaigns = Campaign.__table__


@dataclass(frozen=True)
class Outcome:
    """What a send did: players targeted, sent, skipped by reason, and not reached yet (deferred or queued)."""

    targeted: int
    sent: int
    skipped: dict[str, int] = field(default_factory=dict)
    pending: int = 0
    broadcast_id: int | None = None


def _invalid(where: str) -> ValidationFailed:
    return ValidationFailed(code="MESSAGE_INVALID", details={"field": where})


def clean_line(value: Any, where: str, *, max_length: int, multiline: bool = False) -> str:
    """NFC, trimmed, 1..``max_length`` characters, no control characters (line breaks only where ``multiline``)."""
    if not isinstance(value, str) or len(value) > max_length * 4:
        raise _invalid(where)
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    allowed = {"\n"} if multiline else set()
    bad = any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} and ch not in allowed for ch in text)
    if bad or not 1 <= len(text) <= max_length:
        raise _invalid(where)
    return text


def clean_message(message: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The stored form of an operator message: ``ko`` required, ``en`` optional (both title and body, or none).

    Titles 1–60 characters, bodies 1–500 (line breaks allowed); 422 ``MESSAGE_INVALID`` names the field.
    """
    if not isinstance(message, dict) or set(message) - set(LOCALES):
        raise _invalid("message")
    clean: dict[str, dict[str, str]] = {}
    for locale in LOCALES:
        part = message.get(locale)
        if part is None and locale != "ko":
            continue
        if not isinstance(part, dict) or set(part) != {"title", "body"}:
            raise _invalid(locale)
        clean[locale] = {
            "title": clean_line(part["title"], f"{locale}.title", max_length=TITLE_MAX),
            "body": clean_line(part["body"], f"{locale}.body", max_length=BODY_MAX, multiline=True),
        }
    return clean


def clean_category(category: str) -> str:
    """An operator may send ``notice``, ``event`` or ``marketing`` (422 ``CATEGORY_NOT_ALLOWED``)."""
    if category not in OPERATOR_CATEGORIES:
        raise ValidationFailed(code="CATEGORY_NOT_ALLOWED", details={"allowed": ", ".join(OPERATOR_CATEGORIES)})
    return category


def clean_reason(reason: Any) -> str:
    """Why the operator sends it (1–200 characters, audited)."""
    return audit.clean_reason(reason)


def find_player(*, user_id: int | None = None, site_id: str | None = None) -> int:
    """The id of an active player by id or site id (404 ``PLAYER_NOT_FOUND``; 409 ``RECIPIENT_INACTIVE``)."""
    if (user_id is None) == (site_id is None):
        raise ValidationFailed(code="RECIPIENT_REQUIRED")
    where = _users.c.id == user_id if user_id is not None else _users.c.site_id == str(site_id).strip().lower()
    with session_scope() as db:
        row = db.execute(sa.select(_users.c.id, _users.c.staff_role, _users.c.is_active).where(where)).first()
    if row is None or row.staff_role is not None:
        raise NotFound(code="PLAYER_NOT_FOUND")
    if not row.is_active:
        raise Conflict(code="RECIPIENT_INACTIVE")
    return int(row.id)


def send(
    actor: identity.AuthUser, user_id: int, category: str, message: dict[str, Any], reason: str, *, ip: str = ""
) -> Outcome:
    """Send an operator message to one player now (operators; audited, one transaction).

    Nothing is queued for a single player: a skip (muted, no consent, on a break, quiet hours for marketing, or
    ``skipped_flagged``: marketing to a player with a protective care flag, whom no audience includes either) is
    reported as ``skipped`` with its reason and audited like a send.
    """
    identity.require_staff(actor, "operator")
    category, clean, why = clean_category(category), clean_message(message), clean_reason(reason)
    target = find_player(user_id=user_id)
    with session_scope() as db:
        flagged = category == policy.MARKETING and audience.is_flagged(db, target)
        blocked = audience.FLAGGED if flagged else policy.blocked(db, target, category, now=clock.now())
        sent = blocked is None and notifications.notify(db, target, "broadcast", category=category, **clean)
        outcome = "sent" if sent else blocked or policy.MUTED
        audit.record(
            db,
            actor_id=actor.id,
            action="messages.send",
            target_type="user",
            target_id=target,
            after={"category": category, "message": clean, "outcome": outcome},
            reason=why,
            ip=ip,
        )
    return Outcome(targeted=1, sent=int(sent), skipped={} if sent else {outcome: 1})


def broadcast_audience(actor: identity.AuthUser, category: str) -> int:
    """How many players a broadcast of ``category`` would target now (operators; for the confirmation)."""
    identity.require_staff(actor, "operator")
    category = clean_category(category)
    with session_scope() as db:
        return audience.size(db, {"kind": audience.BROADCAST}, category, clock.now())


def start_broadcast(
    actor: identity.AuthUser, category: str, message: dict[str, Any], reason: str, *, ip: str = ""
) -> int:
    """Record a broadcast to every active player (its campaign row, ``sending`` from now) and audit it.

    Returns its id; ``deliver_broadcast`` sends it. Split so a retried request resumes the same broadcast.
    """
    identity.require_staff(actor, "operator")
    category, clean, why = clean_category(category), clean_message(message), clean_reason(reason)
    now = clock.now()
    with session_scope() as db:
        broadcast_id = db.execute(
            sa.insert(_campaigns)
            .values(
                name=clean["ko"]["title"],
                category=category,
                message=clean,
                target={"kind": audience.BROADCAST},
                scheduled_at=now,
                status="sending",
                created_by=actor.id,
                created_at=now,
                started_at=now,
            )
            .returning(_campaigns.c.id)
        ).scalar_one()
        audit.record(
            db,
            actor_id=actor.id,
            action="messages.broadcast",
            target_type="campaign",
            target_id=broadcast_id,
            after={
                "category": category,
                "message": clean,
                "audience": audience.size(db, {"kind": audience.BROADCAST}, category, now),
            },
            reason=why,
            ip=ip,
        )
    return int(broadcast_id)


def deliver_broadcast(broadcast_id: int) -> Outcome:
    """Deliver a broadcast to everyone it has not reached yet and return its totals (safe to repeat)."""
    with session_scope() as db:
        row = db.execute(sa.select(_campaigns).where(_campaigns.c.id == broadcast_id)).first()
    if row is None or not audience.is_broadcast(row.target):
        raise NotFound(code="CAMPAIGN_NOT_FOUND")
    delivery.deliver(broadcast_id)
    with session_scope() as db:
        row = db.execute(sa.select(_campaigns).where(_campaigns.c.id == broadcast_id)).one()
        totals = delivery.counts(db, row, clock.now())
    return Outcome(totals.targeted, totals.sent, totals.skipped, totals.pending, broadcast_id)


def broadcast(
    actor: identity.AuthUser, category: str, message: dict[str, Any], reason: str, *, ip: str = ""
) -> Outcome:
    """Send an operator message to every active player (not staff, not disabled) now, in bounded batches.

    Each player gets it at most once; the policy applies per player (skips counted by reason; marketing at
    night without the night consent is deferred to 08:00 KST and counted as ``pending``). Audited.
    """
    return deliver_broadcast(start_broadcast(actor, category, message, reason, ip=ip))
