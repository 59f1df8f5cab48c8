"""Seasons in the console: create and edit drafts, set their tiers in one go, publish (admins; all audited).

A season is edited only while it is a draft: once published, players' pass XP and claims depend on its
window, amounts and tiers. Publishing checks the whole season: a window that has not ended, tiers numbered
1..n with strictly rising pass XP, and a premium product when any tier has a premium reward (whose sunset, if
set, is no later than the season's end plus the claim grace); published windows never overlap, so one season
runs at a time. Season dates lie within the years 2000-2100 (a far-future end would overflow the claim
deadline). Every change writes an audit record with before and after.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.battlepass import REWARD_KINDS, BattlePassSeason, BattlePassTier
from casino_app.models.shop import ShopProduct
from casino_app.services import audit
from casino_app.services.battlepass import errors, rewards, seasons

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{2,39}$")
MAX_TIERS = 100
MAX_XP_PER_ACTION = 100_000
MAX_TIER_XP = 10**9
SEASON_FIELDS = (
    "key",
    "name_ko",
    "name_en",
    "starts_at",
    "ends_at",
    "xp_per_round",
    "xp_per_checkin",
    "xp_per_mission",
    "premium_product_id",
)
YEARS = clock.SCHEDULE_YEARS  # season dates outside are refused (as an event's)
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('battlepass:seasons'))"


@dataclass
class SeasonInput:
    """A season's editable fields (times timezone-aware; the console enters them in KST)."""

    key: str
    name_ko: str
    name_en: str
    starts_at: datetime
    ends_at: datetime
    xp_per_round: int = 10
    xp_per_checkin: int = 100
    xp_per_mission: int = 50
    premium_product_id: int | None = None


@dataclass(frozen=True)
class TierInput:
    """One tier: its level, the pass XP that reaches it, and each track's reward (None: nothing)."""

    level: int
    xp_required: int
    free: rewards.Reward | None = None
    premium: rewards.Reward | None = None


@dataclass(frozen=True)
class SeasonSummary:
    """A season as the console lists it."""

    season: BattlePassSeason
    tiers: list[BattlePassTier]


def _bad(field: str, **details: Any) -> errors.SeasonInvalid:
    return errors.SeasonInvalid(details={"field": field, **details})


def _int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def validate_season(values: dict[str, Any]) -> dict[str, Any]:
    """Check a full set of season fields; 422 ``BATTLEPASS_SEASON_INVALID`` naming the first bad field."""
    values = {**values, "key": str(values["key"]).strip().lower()}
    if not KEY.fullmatch(values["key"]):
        raise _bad("key")
    for name in ("name_ko", "name_en"):
        values[name] = str(values[name]).strip()
        if not 1 <= len(values[name]) <= 80:
            raise _bad(name)
    for name in ("starts_at", "ends_at"):
        if not isinstance(values[name], datetime) or values[name].tzinfo is None:
            raise _bad(name)
        if not YEARS[0] <= values[name].year <= YEARS[1]:  # far-future ends overflow ends_at + CLAIM_GRACE
            raise _bad(name, min_year=YEARS[0], max_year=YEARS[1])
    if values["ends_at"] <= values["starts_at"]:
        raise _bad("ends_at")
    for name in ("xp_per_round", "xp_per_checkin", "xp_per_mission"):
        if not _int_in(values[name], 0, MAX_XP_PER_ACTION):
            raise _bad(name)
    product = values["premium_product_id"]
    if product is not None and not _int_in(product, 1, 2**63 - 1):
        raise _bad("premium_product_id")
    return values


def validate_reward(reward: rewards.Reward | None, field: str, level: int) -> None:
    """A reward is gold, XP or a known item, in a positive amount under its cap."""
    if reward is None:
        return
    if reward.kind not in REWARD_KINDS or not _int_in(reward.amount, 1, rewards.LIMITS.get(reward.kind, 0)):
        raise _bad(field, level=level)
    if (reward.kind == "item") != (reward.item is not None):
        raise _bad(field, level=level)
    if reward.item is not None and rewards.item_names(reward.item) is None:
        raise _bad(field, level=level, item=reward.item)


def validate_tiers(tiers: list[TierInput]) -> list[TierInput]:
    """Levels 1..n, strictly rising pass XP, valid rewards; returns the tiers by level."""
    if len(tiers) > MAX_TIERS:
        raise _bad("tiers", max=MAX_TIERS)
    ordered = sorted(tiers, key=lambda t: t.level if type(t.level) is int else 0)
    previous = -1
    for expected, tier in enumerate(ordered, start=1):
        if tier.level != expected:
            raise _bad("level", level=expected)
        if not _int_in(tier.xp_required, 0, MAX_TIER_XP) or tier.xp_required <= previous:
            raise _bad("xp_required", level=tier.level)
        previous = tier.xp_required
        validate_reward(tier.free, "free", tier.level)
        validate_reward(tier.premium, "premium", tier.level)
    return ordered


def _snapshot(season: BattlePassSeason) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name in (*SEASON_FIELDS, "status")
        for value in [getattr(season, name)]
    }


def _tier_snapshot(tier: BattlePassTier | TierInput) -> dict[str, Any]:
    if isinstance(tier, TierInput):
        return {
            "level": tier.level,
            "xp_required": tier.xp_required,
            "free": asdict(tier.free) if tier.free else None,
            "premium": asdict(tier.premium) if tier.premium else None,
        }
    reward = {track: rewards.of(tier, track) for track in seasons.TRACKS}
    return {
        "level": tier.level,
        "xp_required": int(tier.xp_required),
        **{track: asdict(r) if r else None for track, r in reward.items()},
    }


def _key_taken(db: Session, key: str, other_than: int | None = None) -> bool:
    query = sa.select(BattlePassSeason.id).where(BattlePassSeason.key == key)
    if other_than is not None:
        query = query.where(BattlePassSeason.id != other_than)
    return db.execute(query).first() is not None


def _check_product(db: Session, product_id: int | None, season: BattlePassSeason | None = None) -> None:
    """The premium product exists; at publishing (``season``), its sunset (if any) is no later than the
    season's claim deadline, so the shop never lists it past the season."""
    product = db.get(ShopProduct, product_id) if product_id is not None else None
    if product_id is not None and product is None:
        raise _bad("premium_product_id")
    sunset = product.sunset_at if product is not None else None
    if season is not None and sunset is not None and sunset > season.ends_at + seasons.CLAIM_GRACE:
        raise _bad("premium_product_id", rule="sunset")


def _draft(db: Session, season_id: int) -> BattlePassSeason:
    season = db.get(BattlePassSeason, season_id, with_for_update=True, populate_existing=True)
    if season is None:
        raise errors.SeasonNotFound(details={"season_id": season_id})
    if season.status != "draft":
        raise errors.SeasonLocked(details={"status": season.status})
    return season


def create_season(data: SeasonInput, *, actor_id: int, ip: str = "") -> BattlePassSeason:
    """Add a draft season (audited ``battlepass.season.create``); 409 ``BATTLEPASS_KEY_TAKEN``."""
    values = validate_season(asdict(data))
    now = clock.now()
    with session_scope() as db:
        db.execute(sa.text(_LOCK))
        if _key_taken(db, values["key"]):
            raise errors.SeasonKeyTaken(details={"season_key": values["key"]})
        _check_product(db, values["premium_product_id"])
        season = BattlePassSeason(**values, status="draft", created_at=now, updated_at=now)
        db.add(season)
        db.flush()
        audit.record(
            db,
            actor_id=actor_id,
            action="battlepass.season.create",
            target_type="battlepass_season",
            target_id=season.id or 0,
            details={"after": _snapshot(season)},
            ip=ip,
        )
        return season


def update_season(season_id: int, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> BattlePassSeason:
    """Edit a draft season's fields (audited with the fields before and after); 409 once published."""
    unknown = set(changes) - set(SEASON_FIELDS)
    if unknown:
        raise _bad(sorted(unknown)[0])
    with session_scope() as db:
        db.execute(sa.text(_LOCK))
        season = _draft(db, season_id)
        before = _snapshot(season)
        values = validate_season({**{name: getattr(season, name) for name in SEASON_FIELDS}, **changes})
        if _key_taken(db, values["key"], other_than=season_id):
            raise errors.SeasonKeyTaken(details={"season_key": values["key"]})
        _check_product(db, values["premium_product_id"])
        for name, value in values.items():
            setattr(season, name, value)
        after = _snapshot(season)
        changed = sorted(name for name in SEASON_FIELDS if before[name] != after[name])
        if changed:
            season.updated_at = clock.now()
            audit.record(
                db,
                actor_id=actor_id,
                action="battlepass.season.update",
                target_type="battlepass_season",
                target_id=season_id,
                details={
                    "changed": changed,
                    "before": {n: before[n] for n in changed},
                    "after": {n: after[n] for n in changed},
                },
                ip=ip,
            )
        db.flush()
        return season


def _reward_columns(track: str, reward: rewards.Reward | None) -> dict[str, Any]:
    if reward is None:
        return {f"{track}_kind": None, f"{track}_item": None, f"{track}_amount": None}
    return {f"{track}_kind": reward.kind, f"{track}_item": reward.item, f"{track}_amount": reward.amount}


def set_tiers(season_id: int, tiers: list[TierInput], *, actor_id: int, ip: str = "") -> list[BattlePassTier]:
    """Replace a draft season's tiers with ``tiers`` (audited ``battlepass.season.tiers``, before and after)."""
    ordered = validate_tiers(tiers)
    with session_scope() as db:
        _draft(db, season_id)
        table = BattlePassTier.__table__
        before = [_tier_snapshot(t) for t in seasons.tiers_of(db, season_id)]
        db.execute(sa.delete(table).where(table.c.season_id == season_id))
        if ordered:
            db.execute(
                sa.insert(table),
                [
                    {
                        "season_id": season_id,
                        "level": t.level,
                        "xp_required": t.xp_required,
                        **_reward_columns("free", t.free),
                        **_reward_columns("premium", t.premium),
                    }
                    for t in ordered
                ],
            )
        after = [_tier_snapshot(t) for t in ordered]
        audit.record(
            db,
            actor_id=actor_id,
            action="battlepass.season.tiers",
            target_type="battlepass_season",
            target_id=season_id,
            details={"before": before, "after": after},
            ip=ip,
        )
        db.expire_all()
        return seasons.tiers_of(db, season_id)


def publish(season_id: int, *, actor_id: int, ip: str = "") -> BattlePassSeason:
    """Publish a draft season after checking it whole (see the module docstring); audited."""
    now = clock.now()
    with session_scope() as db:
        db.execute(sa.text(_LOCK))  # the overlap check and the publish are one step
        season = _draft(db, season_id)
        if season.ends_at <= now:
            raise _bad("ends_at", rule="ended")
        tiers = seasons.tiers_of(db, season_id)
        if not tiers:
            raise _bad("tiers", rule="empty")
        if any(rewards.of(t, "premium") for t in tiers) and season.premium_product_id is None:
            raise _bad("premium_product_id", rule="required")
        _check_product(db, season.premium_product_id, season)
        other = db.execute(
            sa.select(BattlePassSeason.key).where(
                BattlePassSeason.status == "published",
                BattlePassSeason.id != season_id,
                BattlePassSeason.starts_at < season.ends_at,
                BattlePassSeason.ends_at > season.starts_at,
            )
        ).scalar()
        if other is not None:
            raise errors.SeasonOverlap(details={"other": other})
        before = _snapshot(season)
        season.status, season.published_at, season.updated_at = "published", now, now
        db.flush()
        audit.record(
            db,
            actor_id=actor_id,
            action="battlepass.season.publish",
            target_type="battlepass_season",
            target_id=season_id,
            details={"before": {"status": before["status"]}, "after": {"status": "published"}, "tiers": len(tiers)},
            ip=ip,
        )
        return season


def list_seasons() -> list[SeasonSummary]:
    """Every season, newest window first, with its tiers (staff)."""
    with session_scope() as db:
        rows = db.execute(sa.select(BattlePassSeason).order_by(BattlePassSeason.starts_at.desc())).scalars().all()
        return [SeasonSummary(s, seasons.tiers_of(db, s.id or 0)) for s in rows]


def get_season(season_id: int) -> SeasonSummary:
    """One season with its tiers (staff); 404 ``BATTLEPASS_SEASON_NOT_FOUND``."""
    with session_scope() as db:
        season = db.get(BattlePassSeason, season_id)
        if season is None:
            raise errors.SeasonNotFound(details={"season_id": season_id})
        return SeasonSummary(season, seasons.tiers_of(db, season_id))
