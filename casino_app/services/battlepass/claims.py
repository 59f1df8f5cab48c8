"""Claiming a tier's reward: reached, premium owned for the premium track, once per (player, tier, track).

One transaction: the player's gold account, their user row (an XP reward updates it) and then their
progress row of the season (created if missing) are locked, so a player's claims (and a withdrawal of their
premium purchase, ``premium.used_by``) queue behind each other. Wallet, then user, then progress is the order
every other path takes too (a round posts its stake, grants its XP, then sends the listeners' statements; a
payment or a refund posts before its premium statement), so none of them can deadlock with a claim. The claim
row is checked, the reward granted (gold ``rewards:battlepass → user`` with the ledger key
``battlepass:<tier>:<track>:<user>``) and the claim recorded. The unique key (user, tier, track) and the
ledger key back the lock up: a repeated or concurrent claim grants nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.battlepass import BattlePassClaim, BattlePassProgress, BattlePassSeason, BattlePassTier
from casino_app.services import ledger
from casino_app.services.battlepass import errors, rewards, seasons
from casino_app.services.care import guard


@dataclass(frozen=True)
class ClaimResult:
    """What a claim granted (``balance`` after a gold reward, ``xp_total``/``level`` after an XP reward)."""

    tier_id: int
    level: int
    track: str
    kind: str
    amount: int
    item: str | None
    balance: int | None
    xp_total: int | None
    player_level: int | None
    claimed_at: datetime


def _locked_progress(db: Session, season_id: int, user_id: int) -> BattlePassProgress:
    """The player's progress in the season, created (0 XP) if missing, locked for this transaction."""
    now = clock.now()
    db.execute(
        insert(BattlePassProgress.__table__)
        .values(season_id=season_id, user_id=user_id, xp=0, premium=False, updated_at=now)
        .on_conflict_do_nothing(index_elements=["season_id", "user_id"])
    )
    row = db.get(BattlePassProgress, (season_id, user_id), with_for_update=True, populate_existing=True)
    assert row is not None
    return row


def _claimed(db: Session, user_id: int, tier_id: int, track: str) -> bool:
    table = BattlePassClaim.__table__
    query = sa.select(table.c.id).where(table.c.user_id == user_id, table.c.tier_id == tier_id, table.c.track == track)
    return db.execute(query).first() is not None


def claim(user_id: int, tier_id: int, track: str = "free") -> ClaimResult:
    """Take the reward of tier ``tier_id`` on ``track`` (see the module docstring).

    404 ``BATTLEPASS_TIER_NOT_FOUND`` (no such tier in a published season) or ``BATTLEPASS_NO_REWARD``;
    409 ``BATTLEPASS_SEASON_CLOSED``, ``BATTLEPASS_TIER_LOCKED``, ``BATTLEPASS_PREMIUM_REQUIRED`` or
    ``BATTLEPASS_ALREADY_CLAIMED``.
    """
    if track not in seasons.TRACKS:
        raise errors.NoReward(details={"track": track})
    now = clock.now()
    with session_scope() as db:
        guard.ensure_open(db, user_id, now)  # no reward claims during a cool-off or self-exclusion
        tier = db.get(BattlePassTier, tier_id)
        season = db.get(BattlePassSeason, tier.season_id) if tier is not None else None
        if tier is None or season is None or season.status != "published":
            raise errors.TierNotFound(details={"tier_id": tier_id})
        if not seasons.claimable_now(season, now):
            raise errors.SeasonClosed(
                details={
                    "starts_at": season.starts_at.isoformat(),
                    "claim_until": (season.ends_at + seasons.CLAIM_GRACE).isoformat(),
                }
            )
        reward = rewards.of(tier, track)
        if reward is None:
            raise errors.NoReward(details={"tier_id": tier_id, "track": track})
        ledger.lock_player(db, user_id)
        progress = _locked_progress(db, tier.season_id, user_id)
        if progress.xp < tier.xp_required:
            raise errors.TierLocked(details={"xp": int(progress.xp), "xp_required": int(tier.xp_required)})
        if track == "premium" and not progress.premium:
            raise errors.PremiumRequired(details={"tier_id": tier_id})
        if _claimed(db, user_id, tier_id, track):
            raise errors.AlreadyClaimed(details={"tier_id": tier_id, "track": track})
        granted = rewards.grant(
            db,
            user_id,
            reward,
            key=f"battlepass:{tier_id}:{track}:{user_id}",
            reference=f"battlepass:{season.key}:{tier.level}:{track}"[:100],
        )
        db.execute(
            sa.insert(BattlePassClaim.__table__).values(
                season_id=tier.season_id,
                user_id=user_id,
                tier_id=tier_id,
                track=track,
                kind=reward.kind,
                item=reward.item,
                amount=reward.amount,
                transfer_id=granted.transfer_id,
                claimed_at=now,
            )
        )
        return ClaimResult(
            tier_id=tier_id,
            level=tier.level,
            track=track,
            kind=reward.kind,
            amount=reward.amount,
            item=reward.item,
            balance=granted.balance,
            xp_total=granted.xp_total,
            player_level=granted.level,
            claimed_at=now,
        )
