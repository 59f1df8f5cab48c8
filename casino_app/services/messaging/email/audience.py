"""Who a mail is for: one player (by id or site ID) or a segment, and what the mail may say about each.

Segments are the care groups of the nightly run (``services.care.segments.GROUPS``) and ``all`` (every active
player). A player with a protective flag (``player_segments.flags``) gets no marketing from a segment or a
single trigger alike: the segments module keeps flagged players out of every campaign, and so does this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.models.care import PlayerSegment
from casino_app.models.ledger import LedgerAccount
from casino_app.services.care import segments
from casino_app.services.ledger.accounts import user_account
from casino_app.services.messaging.email.templates import Personal
from casino_app.settings import get_settings

ALL = "all"
SEGMENTS: tuple[str, ...] = (ALL, *segments.GROUPS)
MAX_ID = 2**63 - 1
_users = User.__table__
_segments = PlayerSegment.__table__
_accounts = LedgerAccount.__table__


@dataclass(frozen=True)
class Target:
    """Exactly one of: a player's id, a player's site ID, or a segment."""

    user_id: int | None = None
    site_id: str | None = None
    segment: str | None = None

    def describe(self) -> dict[str, object]:
        """The target as the audit row records it."""
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class Recipient:
    """A targeted player: where to write, in which language, whether they may get marketing, and their data."""

    user_id: int
    email: str | None
    locale: str
    active: bool
    flagged: bool
    personal: Personal


def _player_ids(db: Session, target: Target) -> list[int]:
    given = [v for v in (target.user_id, target.site_id, target.segment) if v is not None]
    if len(given) != 1:
        raise ValidationFailed(code="EMAIL_TARGET_REQUIRED")
    players = _users.c.staff_role.is_(None)
    if target.segment is not None:
        if target.segment not in SEGMENTS:
            raise ValidationFailed(
                code="EMAIL_SEGMENT_UNKNOWN", details={"segment": target.segment[:40], "known": ", ".join(SEGMENTS)}
            )
        query = sa.select(_users.c.id).where(players, _users.c.is_active)
        if target.segment != ALL:
            query = query.join(_segments, _segments.c.user_id == _users.c.id).where(
                _segments.c.rfm_group == target.segment
            )
        return [int(uid) for uid in db.execute(query.order_by(_users.c.id)).scalars()]
    if target.user_id is not None:
        if not 0 < target.user_id <= MAX_ID:
            raise NotFound(details={"user_id": target.user_id})
        where = _users.c.id == target.user_id
    else:
        where = _users.c.site_id == str(target.site_id).strip().lower()[:20]
    found = db.execute(sa.select(_users.c.id).where(where, players)).scalar()
    if found is None:
        raise NotFound(details=target.describe())
    return [int(found)]


def recipients(db: Session, target: Target, now: datetime) -> list[Recipient]:
    """The targeted players with their data, ascending by id.

    404 ``NOT_FOUND`` for an unknown player or a staff account; 422 for no or several targets, or an unknown segment.
    """
    ids = _player_ids(db, target)
    if not ids:
        return []
    rows = db.execute(
        sa.select(
            _users.c.id,
            _users.c.email,
            _users.c.locale,
            _users.c.is_active,
            _users.c.nickname,
            _users.c.site_id,
            _users.c.level,
            _users.c.rank,
            _users.c.last_login_at,
            _users.c.created_at,
            sa.func.coalesce(sa.func.cardinality(_segments.c.flags), 0).label("flags"),
        )
        .select_from(_users)
        .outerjoin(_segments, _segments.c.user_id == _users.c.id)
        .where(_users.c.id.in_(ids))
        .order_by(_users.c.id)
    ).all()
    codes = {user_account(uid): uid for uid in ids}
    balances = {
        codes[code]: int(balance)
        for code, balance in db.execute(
            sa.select(_accounts.c.code, _accounts.c.balance).where(_accounts.c.code.in_(list(codes)))
        ).all()
    }
    url = get_settings().resolved_public_url
    result: list[Recipient] = []
    for row in rows:
        last_seen = row.last_login_at or row.created_at
        personal = Personal(
            nickname=row.nickname,
            site_id=row.site_id,
            level=int(row.level),
            rank=row.rank,
            gold=balances.get(int(row.id), 0),
            days_away=max(0, (now - last_seen).days),
            site_url=url,
        )
        result.append(Recipient(int(row.id), row.email, row.locale, bool(row.is_active), row.flags > 0, personal))
    return result
