"""Who an operator message is for: every active player (a broadcast) or a campaign's target group.

A target narrows the players by rank, level range, RFM segment (``services.care.segments``) and days since the
last login; an empty target means every player. Staff and disabled accounts are never in an audience. Players
with a protective flag (``player_segments.flags``) are left out of every campaign and of marketing broadcasts:
segments may only ever give a player *more* protection. Consent, mutes, breaks and quiet hours are not decided
here but per player by ``messaging.policy`` when the message goes out (so skips are counted, not hidden) — except
that between 21:00 and 08:00 KST a marketing delivery does not even visit the players it would only defer (marketing
consent without the night consent): they stay pending, untouched, until 08:00 KST.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.errors import ValidationFailed
from casino_app.models.accounts import RANKS, User
from casino_app.models.care import PlayerSegment
from casino_app.models.messaging import CampaignDelivery, NotificationPreference
from casino_app.services.care.segments_rfm import GROUPS
from casino_app.services.messaging import policy

LEVEL_MAX = 10_000
INACTIVE_DAYS_MAX = 365
BROADCAST = "broadcast"  # ``campaigns.target.kind`` of an immediate broadcast (see ``sending``)
FLAGGED = "skipped_flagged"  # why one player got no marketing (reported, never a ``campaign_deliveries`` outcome)

_users = User.__table__
_segments = PlayerSegment.__table__
_deliveries = CampaignDelivery.__table__
_preferences = NotificationPreference.__table__


@dataclass(frozen=True)
class Target:
    """A campaign's target group (None: not filtered on that field)."""

    rank: str | None = None
    min_level: int | None = None
    max_level: int | None = None
    segment: str | None = None
    inactive_days: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The stored form (``campaigns.target``): only the fields that filter."""
        return {key: value for key, value in asdict(self).items() if value is not None}


def _bounded(value: Any, field: str, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationFailed(code="TARGET_INVALID", details={"field": field})
    return value


def parse_target(raw: dict[str, Any] | None) -> Target:
    """A target from its JSON form; 422 ``TARGET_INVALID`` naming the first bad field.

    ``rank`` is one of the ranks, ``segment`` one of the RFM groups, levels 1–10,000 with min ≤ max,
    ``inactive_days`` 1–365 (no login for at least that many days).
    """
    raw = {k: v for k, v in (raw or {}).items() if k != "kind"}
    unknown = sorted(set(raw) - {"rank", "min_level", "max_level", "segment", "inactive_days"})
    if unknown:
        raise ValidationFailed(code="TARGET_INVALID", details={"field": unknown[0]})
    rank, segment = raw.get("rank") or None, raw.get("segment") or None
    if rank is not None and rank not in RANKS:
        raise ValidationFailed(code="TARGET_INVALID", details={"field": "rank"})
    if segment is not None and segment not in GROUPS:
        raise ValidationFailed(code="TARGET_INVALID", details={"field": "segment"})
    low = _bounded(raw.get("min_level"), "min_level", 1, LEVEL_MAX)
    high = _bounded(raw.get("max_level"), "max_level", 1, LEVEL_MAX)
    if low is not None and high is not None and low > high:
        raise ValidationFailed(code="TARGET_INVALID", details={"field": "max_level"})
    days = _bounded(raw.get("inactive_days"), "inactive_days", 1, INACTIVE_DAYS_MAX)
    return Target(rank=rank, min_level=low, max_level=high, segment=segment, inactive_days=days)


def is_broadcast(target: dict[str, Any]) -> bool:
    """Whether a stored ``campaigns.target`` is an immediate broadcast's (everyone, not a campaign)."""
    return target.get("kind") == BROADCAST


def _flagged() -> Any:
    return sa.exists().where(_segments.c.user_id == _users.c.id, sa.func.cardinality(_segments.c.flags) > 0)


def is_flagged(db: Session, user_id: int) -> bool:
    """Whether the player has a protective flag (such players get no marketing, not even one by one)."""
    return bool(db.execute(sa.select(_flagged()).select_from(_users).where(_users.c.id == user_id)).scalar())


def conditions(stored: dict[str, Any], category: str, now: datetime) -> list[Any]:
    """The WHERE conditions on ``users`` for a stored target (a broadcast's or a campaign's)."""
    where: list[Any] = [_users.c.staff_role.is_(None), _users.c.is_active]
    broadcast = is_broadcast(stored)
    if not broadcast or category == "marketing":
        where.append(~_flagged())
    if broadcast:
        return where
    target = parse_target(stored)
    if target.rank is not None:
        where.append(_users.c.rank == target.rank)
    if target.min_level is not None:
        where.append(_users.c.level >= target.min_level)
    if target.max_level is not None:
        where.append(_users.c.level <= target.max_level)
    if target.segment is not None:
        where.append(sa.exists().where(_segments.c.user_id == _users.c.id, _segments.c.rfm_group == target.segment))
    if target.inactive_days is not None:
        seen = sa.func.coalesce(_users.c.last_login_at, _users.c.created_at)
        where.append(seen < now - timedelta(days=target.inactive_days))
    return where


def size(db: Session, stored: dict[str, Any], category: str, now: datetime) -> int:
    """How many players the target holds now (before consent, mutes and breaks)."""
    query = sa.select(sa.func.count()).select_from(_users).where(*conditions(stored, category, now))
    return int(db.execute(query).scalar_one())


def _undelivered(campaign_id: int) -> Any:
    return ~sa.exists().where(_deliveries.c.campaign_id == campaign_id, _deliveries.c.user_id == _users.c.id)


def pending(db: Session, campaign_id: int, stored: dict[str, Any], category: str, now: datetime) -> int:
    """Players of the target the campaign has not handled yet (queued, or deferred by quiet hours)."""
    where = [*conditions(stored, category, now), _undelivered(campaign_id)]
    return int(db.execute(sa.select(sa.func.count()).select_from(_users).where(*where)).scalar_one())


def _waiting_for_morning() -> Any:
    """Players whose marketing waits for 08:00 KST: they gave the marketing consent but not the night one."""
    return sa.exists().where(
        _preferences.c.user_id == _users.c.id,
        _preferences.c.marketing_consent_at.is_not(None),
        _preferences.c.night_consent_at.is_(None),
    )


def next_page(
    db: Session, campaign_id: int, stored: dict[str, Any], category: str, now: datetime, *, after: int, limit: int
) -> list[int]:
    """The next ``limit`` player ids above ``after`` (ascending) that the campaign has not handled yet.

    Marketing between 21:00 and 08:00 KST leaves out the players it could only defer, so the dispatcher does
    not walk them every run all night; they are still ``pending`` and come back at 08:00 KST.
    """
    where = [*conditions(stored, category, now), _users.c.id > after, _undelivered(campaign_id)]
    if category == policy.MARKETING and policy.is_quiet_hours(now):
        where.append(~_waiting_for_morning())
    query = sa.select(_users.c.id).where(*where).order_by(_users.c.id).limit(limit)
    return [int(uid) for uid in db.execute(query).scalars()]
