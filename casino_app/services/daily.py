"""Daily check-in: once per business (KST) day, growing with the streak, with streak protection.

Rules (each lives here only):
- reward for streak *s*: gold ``min(base + per_day·s, cap)``, XP ``min(base + per_day·s, cap)``;
  the first day of a streak is *s* = 1 (1,200 gold and 75 XP by default);
- claiming the day after the last claim continues the streak, otherwise it restarts at 1 —
  unless a protection is held and auto-use is on, which bridges exactly one missed day;
- one protection is earned on every ``STREAK_PROTECTION_EVERY_DAYS``-th consecutive day; at most one is held.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, ValidationFailed
from casino_app.models.progression import DailyClaim, UserStreak
from casino_app.services import actions, ledger, notifications, progression
from casino_app.services.care import guard
from casino_app.services.economy import config as economy_config
from casino_app.services.economy.config import EconomyConfig
from casino_app.settings import get_settings

MAX_PROTECTIONS = 1
TRACK_DAYS = 7


class AlreadyClaimed(Conflict):
    """Today's reward was already taken."""

    code = "ALREADY_CLAIMED"


@dataclass(frozen=True)
class Reward:
    """Gold and XP for a streak day."""

    streak: int
    gold: int
    xp: int


@dataclass(frozen=True)
class Protection:
    """Streak-protection state."""

    held: int
    max_held: int
    auto_use: bool
    earned_total: int
    used_total: int
    every_days: int


@dataclass(frozen=True)
class ClaimResult:
    """What a successful check-in granted."""

    claim_date: date
    streak: int
    gold: int
    xp: int
    protection_used: bool
    protection_earned: bool
    balance: int
    balance_version: int
    level: int
    xp_total: int
    leveled_up: bool
    transfer_id: int


@dataclass(frozen=True)
class StreakStatus:
    """The check-in card: today's state and what the next claim gives."""

    today: date
    streak: int
    longest_streak: int
    claimed_today: bool
    last_claim_date: date | None
    next_reward: Reward
    next_claim_date: date
    protection: Protection
    protection_will_be_used: bool


def reward_for(streak: int, economy: EconomyConfig | None = None) -> Reward:
    """Gold and XP for day ``streak`` of a streak (capped), from ``economy`` or the active configuration."""
    economy = economy or economy_config.active().config
    return Reward(streak=streak, gold=economy.daily_gold(streak), xp=economy.daily_xp(streak))


def _continuation(row: UserStreak | None, today: date) -> tuple[int, bool]:
    """(streak if claimed ``today``, whether a protection would be consumed)."""
    if row is None or row.last_claim_date is None:
        return 1, False
    gap = (today - row.last_claim_date).days
    if gap == 1:
        return row.current_streak + 1, False
    if gap == 2 and row.protections_held > 0 and row.auto_use_protection:
        return row.current_streak + 1, True
    return 1, False


def _locked_streak(db: Session, user_id: int) -> UserStreak:
    db.execute(insert(UserStreak.__table__).values(user_id=user_id).on_conflict_do_nothing(index_elements=["user_id"]))
    row = db.get(UserStreak, user_id, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


def claim(user_id: int) -> ClaimResult:
    """Take today's reward: gold through the ledger, XP, streak and protection — one transaction.

    A second claim on the same KST day is ``AlreadyClaimed`` (409) and grants
    nothing, even when sent concurrently (the streak row is locked, and a
    unique key on (user, day) plus the ledger's idempotency key back it up).
    """
    settings = get_settings()
    with session_scope() as db:
        guard.ensure_open(db, user_id)  # no reward claims during a cool-off or self-exclusion
        today = clock.business_date()
        row = _locked_streak(db, user_id)
        if row.last_claim_date == today:
            raise AlreadyClaimed(details={"claim_date": today.isoformat()})
        streak, use_protection = _continuation(row, today)
        reward = reward_for(streak)
        posting = ledger.reward(
            db,
            "rewards:daily",
            user_id,
            reward.gold,
            kind="DAILY_REWARD",
            key=f"daily:{user_id}:{today.isoformat()}",
            reference=f"daily:{today.isoformat()}",
        )
        db.add(
            DailyClaim(
                user_id=user_id,
                claim_date=today,
                streak=streak,
                gold=reward.gold,
                xp=reward.xp,
                protection_used=use_protection,
                transfer_id=posting.transfer_id,
                created_at=clock.now(),
            )
        )
        if use_protection:
            row.protections_held -= 1
            row.protections_used += 1
        earned = streak % settings.streak_protection_every_days == 0 and row.protections_held < MAX_PROTECTIONS
        if earned:
            row.protections_held += 1
            row.protections_earned += 1
            notifications.notify(db, user_id, "protection_earned", streak=streak)
        row.current_streak = streak
        row.longest_streak = max(row.longest_streak, streak)
        row.last_claim_date = today
        level = progression.add_xp(db, user_id, reward.xp, "daily")
        actions.record(db, actions.Action(user_id, actions.Kind.DAILY_CHECKIN))
        return ClaimResult(
            claim_date=today,
            streak=streak,
            gold=reward.gold,
            xp=reward.xp,
            protection_used=use_protection,
            protection_earned=earned,
            balance=posting.balance(ledger.user_account(user_id)),
            balance_version=posting.version(ledger.user_account(user_id)),
            level=level.level,
            xp_total=level.xp,
            leveled_up=level.leveled_up,
            transfer_id=posting.transfer_id,
        )


def _protection(row: UserStreak | None) -> Protection:
    every = get_settings().streak_protection_every_days
    if row is None:
        return Protection(0, MAX_PROTECTIONS, True, 0, 0, every)
    return Protection(
        row.protections_held,
        MAX_PROTECTIONS,
        row.auto_use_protection,
        row.protections_earned,
        row.protections_used,
        every,
    )


def status(user_id: int) -> StreakStatus:
    """Today's check-in state and the next reward."""
    today = clock.business_date()
    with session_scope() as db:
        row = db.get(UserStreak, user_id)
        claimed_today = row is not None and row.last_claim_date == today
        if claimed_today:
            assert row is not None
            active, next_streak, will_use = row.current_streak, row.current_streak + 1, False
            next_date = date.fromordinal(today.toordinal() + 1)
        else:
            next_streak, will_use = _continuation(row, today)
            active = next_streak - 1 if row is not None and next_streak > 1 else 0
            next_date = today
        return StreakStatus(
            today=today,
            streak=active,
            longest_streak=row.longest_streak if row else 0,
            claimed_today=claimed_today,
            last_claim_date=row.last_claim_date if row else None,
            next_reward=reward_for(next_streak),
            next_claim_date=next_date,
            protection=_protection(row),
            protection_will_be_used=will_use,
        )


@dataclass(frozen=True)
class TrackDay:
    """One day of the 7-day reward track: its streak day, what claiming it grants, and where the player is."""

    streak: int
    gold: int
    xp: int
    claimed: bool
    today: bool


def track(
    state: StreakStatus, economy: EconomyConfig | None = None, granted: Mapping[int, tuple[int, int]] | None = None
) -> list[TrackDay]:
    """The ``TRACK_DAYS`` streak days of the cycle that holds today's claim (days 1–7, then 8–14, …).

    Today is the streak day today's claim has (or had) — after a break that is day 1 again; the days before it
    in the cycle are claimed, today is claimed once taken, the rest lie ahead. A claimed day shows what its claim
    granted (``granted``: streak day → (gold, XP), from ``daily_claims``), the others ``reward_for`` — exactly
    what each claim will grant.
    """
    current = state.streak if state.claimed_today else state.next_reward.streak
    first = (current - 1) // TRACK_DAYS * TRACK_DAYS + 1
    economy = economy or economy_config.active().config
    granted = granted or {}
    days = []
    for day in range(first, first + TRACK_DAYS):
        claimed = day < current or (day == current and state.claimed_today)
        if claimed and day in granted:
            gold, xp = granted[day]
        else:
            reward = reward_for(day, economy)
            gold, xp = reward.gold, reward.xp
        days.append(TrackDay(day, gold, xp, claimed, day == current))
    return days


def badge_due(user_id: int) -> bool:
    """Whether the page reminds the player of today's reward (the check-in dot): not claimed yet, and no cool-off
    or self-exclusion in force — a player on a break cannot claim and gets no nudges."""
    with session_scope() as db:
        row = db.get(UserStreak, user_id)
        if row is not None and row.last_claim_date == clock.business_date():
            return False
        return guard.on_break(db, user_id) is None


def week_track(user_id: int, state: StreakStatus | None = None) -> list[TrackDay]:
    """The player's 7-day reward track (see ``track``), claimed days at the amounts their claims granted;
    ``state`` is the player's ``status`` when the caller has just read it."""
    state = state or status(user_id)
    return track(state, granted=_granted_in_streak(user_id, state))


def _granted_in_streak(user_id: int, state: StreakStatus) -> dict[int, tuple[int, int]]:
    """Streak day → (gold, XP) of the running streak's latest claims (newest first, while the streak days run
    back one by one: an older streak's claims are not this one's; ``track`` shows those of its cycle)."""
    expected = state.streak  # 0 once the streak has broken
    if expected <= 0:
        return {}
    table = DailyClaim.__table__
    with session_scope() as db:
        rows = db.execute(
            sa.select(table.c.streak, table.c.gold, table.c.xp)
            .where(table.c.user_id == user_id)
            .order_by(table.c.claim_date.desc())
            .limit(TRACK_DAYS)
        ).all()
    granted: dict[int, tuple[int, int]] = {}
    for streak, gold, xp in rows:
        if streak != expected:
            break
        granted[streak] = (int(gold), int(xp))
        expected -= 1
    return granted


def protection(user_id: int) -> Protection:
    """Streak-protection state."""
    with session_scope() as db:
        return _protection(db.get(UserStreak, user_id))


def set_auto_use(user_id: int, enabled: bool) -> Protection:
    """Turn automatic use of a held protection on or off."""
    with session_scope() as db:
        row = _locked_streak(db, user_id)
        row.auto_use_protection = enabled
        db.flush()
        return _protection(row)


def claimed_dates(user_id: int, year: int, month: int) -> list[date]:
    """Days of ``year``-``month`` on which the player checked in (for the calendar)."""
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationFailed(code="MONTH_INVALID", details={"field": "month"})
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    table = DailyClaim.__table__
    with session_scope() as db:
        rows = db.execute(
            sa.select(table.c.claim_date)
            .where(table.c.user_id == user_id, table.c.claim_date.between(first, last))
            .order_by(table.c.claim_date)
        ).scalars()
        return list(rows)
