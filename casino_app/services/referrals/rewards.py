"""The referrer's reward: once per referee who reaches ``rules.REWARD_LEVEL``, within a monthly cap.

The decision is taken once per referee (``referrals.qualified_at`` is set by one
conditional UPDATE, so concurrent level-ups cannot both pass), the month's count
is one conditional UPSERT (the cap holds for concurrent referees of one
referrer), and the gold moves from the system account ``rewards:referrals`` with
the idempotency key ``referral:<referee>``. Gold never comes from the referee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.social import Referral, ReferralRewardMonth
from casino_app.services import ledger, notifications
from casino_app.services.ledger.accounts import allow_system_account
from casino_app.services.referrals import codes, rules

allow_system_account(rules.REWARD_ACCOUNT)

KIND = "REFERRAL_REWARD"

_referrals = Referral.__table__
_months = ReferralRewardMonth.__table__
_users = User.__table__


@dataclass(frozen=True)
class Outcome:
    """What qualifying a referee did: ``rewarded`` gold to ``referrer_id``, or why not (``capped``)."""

    referrer_id: int
    rewarded: bool
    capped: bool
    transfer_id: int | None


@dataclass(frozen=True)
class Summary:
    """A player's referral standing (for ``GET /api/referrals/me`` and ``/friends``)."""

    code: str
    link: str
    invited: int
    rewarded: int
    rewards_this_month: int
    cap: int
    reward_gold: int
    reward_level: int
    max_signups: int


def month_of(at: datetime) -> date:
    """The first day of the KST month ``at`` falls in."""
    return clock.business_date(at).replace(day=1)


def qualify(db: Session, referee_id: int) -> Outcome | None:
    """The referee reached the reward level: decide, once, whether their referrer is rewarded.

    None when the player was not referred or was already decided. A referrer who
    is no longer an active player, or whose month is full, gets nothing.
    """
    now = clock.now()
    decided = db.execute(
        sa.update(_referrals)
        .where(_referrals.c.referee_id == referee_id, _referrals.c.qualified_at.is_(None))
        .values(qualified_at=now)
        .returning(_referrals.c.referrer_id)
    ).scalar_one_or_none()
    if decided is None:
        return None
    referrer_id = int(decided)
    eligible = db.execute(
        sa.select(_users.c.id).where(
            _users.c.id == referrer_id, _users.c.is_active.is_(True), _users.c.staff_role.is_(None)
        )
    ).first()
    if eligible is None:
        return Outcome(referrer_id, rewarded=False, capped=False, transfer_id=None)
    counted = db.execute(
        insert(_months)
        .values(referrer_id=referrer_id, month=month_of(now), rewarded=1)
        .on_conflict_do_update(
            index_elements=["referrer_id", "month"],
            set_={"rewarded": _months.c.rewarded + 1},
            where=_months.c.rewarded < rules.MONTHLY_REWARD_CAP,
        )
        .returning(_months.c.rewarded)
    ).first()
    if counted is None:
        return Outcome(referrer_id, rewarded=False, capped=True, transfer_id=None)
    ledger.ensure_user_account(db, referrer_id)  # every player has one; a missing one must not fail the level-up
    posting = ledger.reward(
        db,
        rules.REWARD_ACCOUNT,
        referrer_id,
        rules.REWARD_GOLD,
        kind=KIND,
        key=f"referral:{referee_id}",
        reference=f"referral:{referee_id}",
    )
    db.execute(
        sa.update(_referrals)
        .where(_referrals.c.referee_id == referee_id)
        .values(rewarded_at=now, reward_transfer_id=posting.transfer_id)
    )
    nickname = db.execute(sa.select(_users.c.nickname).where(_users.c.id == referee_id)).scalar_one()
    notifications.notify(
        db, referrer_id, "referral_rewarded", nickname=nickname, amount=rules.REWARD_GOLD, level=rules.REWARD_LEVEL
    )
    return Outcome(referrer_id, rewarded=True, capped=False, transfer_id=posting.transfer_id)


def summary(user_id: int) -> Summary:
    """The player's code (made on first ask), how many joined with it, rewards in total and this KST month."""
    with session_scope() as db:
        code = codes.code_of(db, user_id)
        invited, rewarded = db.execute(
            sa.select(sa.func.count(), sa.func.count(_referrals.c.rewarded_at)).where(
                _referrals.c.referrer_id == user_id
            )
        ).one()
        this_month = db.execute(
            sa.select(_months.c.rewarded).where(
                _months.c.referrer_id == user_id, _months.c.month == month_of(clock.now())
            )
        ).scalar_one_or_none()
    return Summary(
        code=code,
        link=codes.signup_link(code),
        invited=int(invited),
        rewarded=int(rewarded),
        rewards_this_month=int(this_month or 0),
        cap=rules.MONTHLY_REWARD_CAP,
        reward_gold=rules.REWARD_GOLD,
        reward_level=rules.REWARD_LEVEL,
        max_signups=rules.MAX_SIGNUPS_PER_CODE,
    )
