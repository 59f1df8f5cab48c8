"""Which season players see, and a player's pass: pass XP, tiers reached, premium, each reward's state.

A published season is *live* while ``starts_at <= now < ends_at``: only then does pass XP accrue and can its
premium pass be bought. Rewards already reached stay claimable for ``CLAIM_GRACE`` after the end, so a tier
reached in the last minutes is not lost. Published windows never overlap (``admin.publish``), so at most one
season is live at a time.

When a season starts right after the previous one, the previous season's rewards are still claimable during its
grace: ``status`` then names that season in ``previous`` with only its claimable tiers (None when nothing waits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.battlepass import BattlePassClaim, BattlePassProgress, BattlePassSeason, BattlePassTier
from casino_app.models.shop import ShopProduct
from casino_app.services.battlepass import rewards

CLAIM_GRACE = timedelta(days=7)
TRACKS = ("free", "premium")


def live(db: Session, now: datetime) -> BattlePassSeason | None:
    """The published season whose window contains ``now``."""
    return (
        db.execute(
            sa.select(BattlePassSeason)
            .where(
                BattlePassSeason.status == "published",
                BattlePassSeason.starts_at <= now,
                BattlePassSeason.ends_at > now,
            )
            .order_by(BattlePassSeason.starts_at.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def current(db: Session, now: datetime) -> BattlePassSeason | None:
    """The live season, else the latest one that ended less than ``CLAIM_GRACE`` ago (rewards still claimable)."""
    found = live(db, now)
    if found is not None:
        return found
    return (
        db.execute(
            sa.select(BattlePassSeason)
            .where(
                BattlePassSeason.status == "published",
                BattlePassSeason.ends_at <= now,
                BattlePassSeason.ends_at > now - CLAIM_GRACE,
            )
            .order_by(BattlePassSeason.ends_at.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def claimable_now(season: BattlePassSeason, now: datetime) -> bool:
    """Whether rewards of ``season`` may be claimed at ``now`` (published, started, not past the grace)."""
    return season.status == "published" and season.starts_at <= now < season.ends_at + CLAIM_GRACE


def tiers_of(db: Session, season_id: int) -> list[BattlePassTier]:
    """The season's tiers, lowest first."""
    query = sa.select(BattlePassTier).where(BattlePassTier.season_id == season_id).order_by(BattlePassTier.level)
    return list(db.execute(query).scalars())


@dataclass(frozen=True)
class Premium:
    """The product that sells a season's premium pass, as the shop sells it."""

    product_id: int
    sku: str
    name_ko: str
    name_en: str
    price_krw: int
    on_sale: bool


@dataclass(frozen=True)
class SeasonView:
    """A season as players see it; ``claim_until`` is when its rewards stop being claimable."""

    id: int
    key: str
    name_ko: str
    name_en: str
    starts_at: datetime
    ends_at: datetime
    claim_until: datetime
    ended: bool
    seconds_left: int
    xp_per_round: int
    xp_per_checkin: int
    xp_per_mission: int
    premium: Premium | None


@dataclass(frozen=True)
class TrackReward:
    """One track's reward at a tier and its state: ``claimed``, ``claimable``, ``locked`` (tier not reached) or
    ``premium`` (reached, but the premium pass is not owned)."""

    kind: str
    amount: int
    item: str | None
    item_name_ko: str | None
    item_name_en: str | None
    state: str


@dataclass(frozen=True)
class TierView:
    """A tier with both tracks (``None``: nothing on that track)."""

    id: int
    level: int
    xp_required: int
    reached: bool
    free: TrackReward | None
    premium: TrackReward | None


@dataclass(frozen=True)
class Upcoming:
    """The next published season, when none is current."""

    name_ko: str
    name_en: str
    starts_at: datetime


@dataclass(frozen=True)
class PreviousSeason:
    """The season that ended before the live one, while the player still has rewards to claim there."""

    season: SeasonView
    claimable: int
    tiers: list[TierView]  # only the tiers with a reward claimable now


@dataclass(frozen=True)
class PassStatus:
    """The player's pass: ``season`` None (and maybe ``upcoming``) when no season is current; ``previous``: the
    ended season whose rewards the player can still claim while another one is live."""

    season: SeasonView | None
    upcoming: Upcoming | None
    xp: int
    tier: int
    next_tier_xp: int | None
    premium: bool
    claimable: int
    tiers: list[TierView]
    previous: PreviousSeason | None = None


def _premium(db: Session, season: BattlePassSeason, now: datetime) -> Premium | None:
    if season.premium_product_id is None:
        return None
    product = db.get(ShopProduct, season.premium_product_id)
    if product is None:
        return None
    on_sale = product.is_active and (product.sunset_at is None or product.sunset_at > now) and season.ends_at > now
    return Premium(product.id or 0, product.sku, product.name_ko, product.name_en, product.price_krw, on_sale)


def _season_view(db: Session, season: BattlePassSeason, now: datetime) -> SeasonView:
    assert season.id is not None
    return SeasonView(
        id=season.id,
        key=season.key,
        name_ko=season.name_ko,
        name_en=season.name_en,
        starts_at=season.starts_at,
        ends_at=season.ends_at,
        claim_until=season.ends_at + CLAIM_GRACE,
        ended=season.ends_at <= now,
        seconds_left=max(0, int((season.ends_at - now).total_seconds())),
        xp_per_round=season.xp_per_round,
        xp_per_checkin=season.xp_per_checkin,
        xp_per_mission=season.xp_per_mission,
        premium=_premium(db, season, now),
    )


def _track(
    tier: BattlePassTier,
    track: str,
    reached: bool,
    premium: bool,
    claimed: set[tuple[int, str]],
    names: dict[str, tuple[str, str] | None],
) -> TrackReward | None:
    reward = rewards.of(tier, track)
    if reward is None:
        return None
    if (tier.id or 0, track) in claimed:
        state = "claimed"
    elif not reached:
        state = "locked"
    elif track == "premium" and not premium:
        state = "premium"
    else:
        state = "claimable"
    if reward.item is None:
        return TrackReward(reward.kind, reward.amount, None, None, None, state)
    if reward.item not in names:
        names[reward.item] = rewards.item_names(reward.item)
    ko, en = names[reward.item] or (reward.item, reward.item)
    return TrackReward(reward.kind, reward.amount, reward.item, ko, en, state)


def _upcoming(db: Session, now: datetime) -> Upcoming | None:
    row = (
        db.execute(
            sa.select(BattlePassSeason)
            .where(BattlePassSeason.status == "published", BattlePassSeason.starts_at > now)
            .order_by(BattlePassSeason.starts_at)
            .limit(1)
        )
        .scalars()
        .first()
    )
    return Upcoming(row.name_ko, row.name_en, row.starts_at) if row is not None else None


def _claimable(views: list[TierView]) -> int:
    return sum(1 for t in views for r in (t.free, t.premium) if r is not None and r.state == "claimable")


def _pass(db: Session, season_id: int, user_id: int) -> tuple[int, bool, list[TierView]]:
    """The player's pass XP, premium and tiers (with each reward's state) in ``season_id``."""
    progress = db.get(BattlePassProgress, (season_id, user_id))
    xp = int(progress.xp) if progress is not None else 0
    premium = bool(progress.premium) if progress is not None else False
    claims = BattlePassClaim.__table__
    claimed = {
        (int(tier_id), str(track))
        for tier_id, track in db.execute(
            sa.select(claims.c.tier_id, claims.c.track).where(
                claims.c.season_id == season_id, claims.c.user_id == user_id
            )
        ).all()
    }
    views: list[TierView] = []
    names: dict[str, tuple[str, str] | None] = {}
    for tier in tiers_of(db, season_id):
        reached = xp >= tier.xp_required
        tracks = [_track(tier, track, reached, premium, claimed, names) for track in TRACKS]
        views.append(TierView(tier.id or 0, tier.level, int(tier.xp_required), reached, *tracks))
    return xp, premium, views


def _previous(db: Session, live_season: BattlePassSeason, user_id: int, now: datetime) -> PreviousSeason | None:
    """The ended season still in its grace, when the player has rewards to claim there."""
    row = (
        db.execute(
            sa.select(BattlePassSeason)
            .where(
                BattlePassSeason.status == "published",
                BattlePassSeason.id != live_season.id,
                BattlePassSeason.ends_at <= now,
                BattlePassSeason.ends_at > now - CLAIM_GRACE,
            )
            .order_by(BattlePassSeason.ends_at.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )
    if row is None or row.id is None:
        return None
    _, _, views = _pass(db, row.id, user_id)
    waiting = [t for t in views if _claimable([t])]
    if not waiting:
        return None
    return PreviousSeason(_season_view(db, row, now), _claimable(waiting), waiting)


def status(user_id: int) -> PassStatus:
    """The player's pass in the current season (see the module docstring); an empty pass when there is none."""
    now = clock.now()
    with session_scope() as db:
        season = current(db, now)
        if season is None or season.id is None:
            return PassStatus(None, _upcoming(db, now), 0, 0, None, False, 0, [])
        xp, premium, views = _pass(db, season.id, user_id)
        reached_levels = [t.level for t in views if t.reached]
        upcoming = [t.xp_required for t in views if not t.reached]
        return PassStatus(
            season=_season_view(db, season, now),
            upcoming=None,
            xp=xp,
            tier=max(reached_levels, default=0),
            next_tier_xp=min(upcoming, default=None),
            premium=premium,
            claimable=_claimable(views),
            tiers=views,
            previous=_previous(db, season, user_id, now) if season.ends_at > now else None,
        )
