"""The mail outbox: deciding and storing mail (``email_messages``), staff triggers, reading it back.

Every mail is rendered and stored in the same transaction as the decision to send it. Status on storing:

- ``local``: no SMTP is configured; the mail stays here and staff read it in the console (``/admin/mail``);
- ``queued``: waiting for ``delivery.deliver_pending`` (SMTP configured, or marketing held back by the
  night-time rule: it leaves after 08:00 KST);
- the delivery job moves queued mail to ``sent`` or, after its last attempt, ``failed``.

Who gets nothing (counted by reason, never stored): no address (``no_email``), a disabled account
(``inactive``), and for marketing a protective flag (``skipped_flagged``) or the delivery policy
(``skipped_consent``, ``skipped_break``, ``skipped_muted``). Service mail (``account``, ``notice``) always goes.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.models.messaging import EMAIL_STATUSES, EmailMessage
from casino_app.services import audit, idempotency
from casino_app.services.messaging import policy
from casino_app.services.messaging.email import audience, smtp, templates

NO_EMAIL = "no_email"
INACTIVE = "inactive"
FLAGGED = "skipped_flagged"
DEFERRED = "deferred"
SKIP_REASONS = (NO_EMAIL, INACTIVE, FLAGGED, policy.NO_CONSENT, policy.ON_BREAK, policy.MUTED)
MAX_LIMIT = 100
_messages = EmailMessage.__table__
_users = User.__table__


@dataclass(frozen=True)
class Decision:
    """What happened for one player: the stored mail's id and status, or the reason nothing was stored."""

    user_id: int
    message_id: int | None = None
    status: str | None = None
    skipped: str | None = None

    @property
    def deferred(self) -> bool:
        """Stored, but held until the night-time window ends."""
        return self.status == "queued" and self.skipped == DEFERRED


@dataclass(frozen=True)
class TriggerResult:
    """A trigger's outcome: players matched, mails stored (deferred ones included), and skips by reason."""

    template: str
    category: str
    targeted: int
    sent: int
    deferred: int
    skipped: dict[str, int]
    message_ids: list[int]


def _decide(
    db: Session,
    recipient: audience.Recipient,
    key: str,
    category: str,
    variables: dict[str, str],
    *,
    actor_id: int | None,
    now: datetime,
) -> Decision:
    """Decide for one player and store the mail when it goes (the caller's transaction)."""
    if not recipient.active:
        return Decision(recipient.user_id, skipped=INACTIVE)
    if not recipient.email:
        return Decision(recipient.user_id, skipped=NO_EMAIL)
    deferred = False
    if category == templates.MARKETING:
        if recipient.flagged:
            return Decision(recipient.user_id, skipped=FLAGGED)
        reason = policy.blocked(db, recipient.user_id, category, campaign=True, now=now)
        if reason == policy.QUIET_HOURS:
            deferred = True
        elif reason is not None:
            return Decision(recipient.user_id, skipped=reason)
    mail = templates.render(key, recipient.locale, recipient.personal, variables, category=category)
    status = "queued" if deferred or smtp.configured() else "local"
    message_id = db.execute(
        sa.insert(_messages)
        .values(
            user_id=recipient.user_id,
            to_address=recipient.email,
            template=key,
            locale=mail.locale,
            category=category,
            subject=mail.subject,
            body_text=mail.text,
            body_html=mail.html,
            status=status,
            created_by=actor_id,
            created_at=now,
        )
        .returning(_messages.c.id)
    ).scalar_one()
    return Decision(recipient.user_id, int(message_id), status, DEFERRED if deferred else None)


def _prepared(key: str, variables: dict[str, Any] | None, now: datetime) -> dict[str, str]:
    checked = templates.check_variables(key, variables)
    if key == "password_reset_notice":
        checked.setdefault("reset_at", clock.kst_text(now))
    return checked


def queue(
    db: Session,
    user_id: int,
    key: str,
    variables: dict[str, Any] | None = None,
    *,
    actor_id: int | None = None,
    category: str | None = None,
    now: datetime | None = None,
) -> Decision:
    """Mail template ``key`` to one player inside the caller's transaction (for other services' actions).

    E.g. a staff password reset calls ``queue(db, user_id, "password_reset_notice", actor_id=staff.id)``; the
    mail commits or rolls back with the reset. Same rules as a trigger; returns the decision.
    """
    at = now or clock.now()
    category = templates.category_of(key, category)
    checked = _prepared(key, variables, at)
    (recipient,) = audience.recipients(db, audience.Target(user_id=user_id), at)
    decision = _decide(db, recipient, key, category, checked, actor_id=actor_id, now=at)
    return decision


def trigger(
    key: str,
    target: audience.Target,
    variables: dict[str, Any] | None = None,
    *,
    actor_id: int,
    category: str | None = None,
    ip: str = "",
) -> TriggerResult:
    """A staff member mails template ``key`` to one player or a segment: one transaction, one audit row.

    ``targeted`` counts the players matched, ``sent`` the mails stored for delivery (including ``deferred``
    ones held until 08:00 KST), ``skipped`` the rest by reason. 422 for an unknown template, segment or
    variable; 404 for an unknown player.
    """
    now = clock.now()
    category = templates.category_of(key, category)
    checked = _prepared(key, variables, now)
    with session_scope() as db:
        players = audience.recipients(db, target, now)
        decisions = [_decide(db, r, key, category, checked, actor_id=actor_id, now=now) for r in players]
        stored = [d for d in decisions if d.message_id is not None]
        skipped = dict(sorted(Counter(d.skipped for d in decisions if d.message_id is None and d.skipped).items()))
        result = TriggerResult(
            template=key,
            category=category,
            targeted=len(players),
            sent=len(stored),
            deferred=sum(1 for d in stored if d.deferred),
            skipped=skipped,
            message_ids=[d.message_id for d in stored if d.message_id is not None],
        )
        audit.record(
            db,
            actor_id=actor_id,
            action="email.trigger",
            target_type="email_template",
            target_id=key,
            details={
                "target": target.describe(),
                "category": category,
                "variables": sorted(checked),
                "targeted": result.targeted,
                "sent": result.sent,
                "deferred": result.deferred,
                "skipped": skipped,
            },
            ip=ip,
        )
    return result


def trigger_once(
    request_key: str,
    key: str,
    target: audience.Target,
    variables: dict[str, Any] | None = None,
    *,
    actor_id: int,
    category: str | None = None,
    ip: str = "",
) -> TriggerResult:
    """``trigger`` at most once per (staff member, ``request_key``): a repeat answers the first result and mails
    nobody again (the console's send; the REST route does the same with its ``Idempotency-Key``). The same key
    with other parameters is 409 ``IDEMPOTENCY_KEY_REUSED``."""
    params = {"template": key, "target": target.describe(), "variables": variables or {}, "category": category}
    text = json.dumps(params, ensure_ascii=False, sort_keys=True)
    request_hash = hashlib.sha256(f"email.trigger\n{text}".encode()).hexdigest()

    def action() -> tuple[int, TriggerResult]:
        return 200, trigger(key, target, variables, actor_id=actor_id, category=category, ip=ip)

    def encode(result: TriggerResult) -> str:
        return json.dumps(asdict(result), ensure_ascii=False)

    done = idempotency.run_once(actor_id, f"console-mail:{request_key}"[:100], request_hash, action, encode)
    return TriggerResult(**json.loads(done.body))


@dataclass(frozen=True)
class Preview:
    """A mail as it would be rendered for one player now, and whether it would go (nothing is stored)."""

    user_id: int
    site_id: str
    to_address: str | None
    blocked: str | None
    mail: templates.Rendered


def preview(
    key: str, target: audience.Target, variables: dict[str, Any] | None = None, *, category: str | None = None
) -> Preview:
    """Render template ``key`` for one player (by id or site ID) without storing anything (staff console)."""
    if target.segment is not None:
        raise ValidationFailed(code="EMAIL_TARGET_REQUIRED")
    now = clock.now()
    category = templates.category_of(key, category)
    checked = _prepared(key, variables, now)
    with session_scope() as db:
        (recipient,) = audience.recipients(db, target, now)
        blocked: str | None = None
        if not recipient.active:
            blocked = INACTIVE
        elif not recipient.email:
            blocked = NO_EMAIL
        elif category == templates.MARKETING:
            blocked = FLAGGED if recipient.flagged else policy.blocked(db, recipient.user_id, category, now=now)
    mail = templates.render(key, recipient.locale, recipient.personal, checked, category=category)
    return Preview(recipient.user_id, recipient.personal.site_id, recipient.email, blocked, mail)


def count_targets(target: audience.Target) -> int:
    """How many players ``target`` matches now (before any skip)."""
    with session_scope() as db:
        return len(audience.recipients(db, target, clock.now()))


# --- reading the outbox -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxItem:
    """A stored mail as the outbox list shows it."""

    id: int
    user_id: int | None
    site_id: str | None
    nickname: str | None
    to_address: str
    template: str
    locale: str
    category: str
    subject: str
    status: str
    attempts: int
    error: str
    created_by: int | None
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class OutboxMessage(OutboxItem):
    """One stored mail in full: its text and its HTML (show the HTML only sandboxed, never as markup)."""

    body_text: str = ""
    body_html: str = ""


@dataclass(frozen=True)
class OutboxPage:
    """Mail newest first; ``next_cursor`` (an id) continues the list, None when nothing is left."""

    items: list[OutboxItem]
    next_cursor: int | None


_LIST_COLUMNS = (
    _messages.c.id,
    _messages.c.user_id,
    _users.c.site_id,
    _users.c.nickname,
    _messages.c.to_address,
    _messages.c.template,
    _messages.c.locale,
    _messages.c.category,
    _messages.c.subject,
    _messages.c.status,
    _messages.c.attempts,
    _messages.c.error,
    _messages.c.created_by,
    _messages.c.created_at,
    _messages.c.sent_at,
)


def outbox_page(
    *, status: str | None = None, user_id: int | None = None, limit: int = 50, cursor: int | None = None
) -> OutboxPage:
    """Stored mail newest first, optionally of one status and/or one player, keyset-paged by id (staff)."""
    if status is not None and status not in EMAIL_STATUSES:
        raise ValidationFailed(code="EMAIL_STATUS_UNKNOWN", details={"status": str(status)[:20]})
    limit = max(1, min(limit, MAX_LIMIT))
    query = sa.select(*_LIST_COLUMNS).select_from(_messages.outerjoin(_users, _users.c.id == _messages.c.user_id))
    if status is not None:
        query = query.where(_messages.c.status == status)
    if user_id is not None:
        query = query.where(_messages.c.user_id == user_id)
    if cursor is not None:
        query = query.where(_messages.c.id < cursor)
    with session_scope() as db:
        rows = db.execute(query.order_by(_messages.c.id.desc()).limit(limit + 1)).all()
    items = [OutboxItem(**row._mapping) for row in rows[:limit]]
    return OutboxPage(items, items[-1].id if len(rows) > limit else None)


def message(message_id: int) -> OutboxMessage:
    """One stored mail with its bodies (404 when there is none)."""
    query = (
        sa.select(*_LIST_COLUMNS, _messages.c.body_text, _messages.c.body_html)
        .select_from(_messages.outerjoin(_users, _users.c.id == _messages.c.user_id))
        .where(_messages.c.id == message_id)
    )
    with session_scope() as db:
        row = db.execute(query).first()
    if row is None:
        raise NotFound(details={"message_id": message_id})
    return OutboxMessage(**row._mapping)
