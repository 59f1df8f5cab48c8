"""Claiming a completed mission's reward: gold through the ledger, XP, an item — once per period.

One transaction. Locks first, in the order every other path of the player takes them: the
player's gold account, then their user row, then the mission's progress rows (a round posts its
stake, grants XP, then its missions upsert locks progress rows; a claim that only grants XP may
post an achievement's gold after a level-up). Taking the progress lock before the wallet could
deadlock a claim with a round of the same player.

Which row pays: the mission's completed, unclaimed row of the previous period (daily: yesterday
KST; weekly: the previous KST week), else that of the current period — a mission completed just
before the reset stays claimable for one more period, and so do completed rows of a template
that was deactivated afterwards (it counts no new progress). Then the gold is posted from
``rewards:missions`` (an event's missions: ``rewards:events``) under a ledger key made of player,
mission and period, the XP and the item are granted, and the row is marked claimed. Concurrent
claims queue on the locks and then find it claimed (409); the per-period ledger key would refuse a
second transfer anyway. The new balance reaches the player's open tabs when the ledger publishes
it after commit.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.events import Event
from casino_app.models.missions import MissionProgress, MissionTemplate
from casino_app.services import ledger, progression
from casino_app.services.care import guard
from casino_app.services.games import inventory
from casino_app.services.missions import periods
from casino_app.services.missions.errors import MissionAlreadyClaimed, MissionNotCompleted, MissionNotFound

# (source account, ledger kind) by cadence: an event's missions are the event's rewards; the rest are missions'.
PAYERS = {"event": ("rewards:events", "EVENT_REWARD")}
DEFAULT_PAYER = ("rewards:missions", "MISSION_REWARD")
CLAIMABLE_EVENT_STATUSES = ("published", "ended")  # a finished event's completed missions stay claimable
KEY_MAX = 100


@dataclass(frozen=True)
class ClaimResult:
    """What a claim granted and the wallet after it (``replayed``: the same request key claimed it before)."""

    mission_id: int
    period_key: str
    gold: int
    xp: int
    item_key: str | None
    item_quantity: int | None
    balance: int
    balance_version: int
    level: int
    leveled_up: bool
    transfer_id: int | None
    replayed: bool = False


def _template(db: Session, mission_id: int, event_id: int | None) -> MissionTemplate:
    """The mission (active or not: a deactivated one still pays rows completed before; see ``claim``)."""
    template = db.get(MissionTemplate, mission_id)
    if template is None or template.event_id != event_id:
        raise MissionNotFound(details={"mission_id": mission_id})
    if template.event_id is not None:
        event = db.get(Event, template.event_id)
        if event is None or event.status not in CLAIMABLE_EVENT_STATUSES:
            raise MissionNotFound(details={"mission_id": mission_id})
    return template


def _locked_progress(db: Session, user_id: int, mission_id: int, period_keys: list[str]) -> dict[str, MissionProgress]:
    """The player's progress rows of the mission in ``period_keys`` (those that exist), locked, by period key."""
    table = MissionProgress.__table__
    query = (
        sa.select(MissionProgress)
        .where(table.c.user_id == user_id, table.c.mission_id == mission_id, table.c.period_key.in_(period_keys))
        .order_by(table.c.period_key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {row.period_key: row for row in db.execute(query).scalars()}


def _result(template: MissionTemplate, period_key: str, wallet: ledger.WalletSnapshot, **extra: object) -> ClaimResult:
    values: dict[str, object] = {
        "mission_id": template.id,
        "period_key": period_key,
        "gold": template.reward_gold,
        "xp": template.reward_xp,
        "item_key": template.reward_item_key,
        "item_quantity": template.reward_item_quantity,
        "balance": wallet.gold,
        "balance_version": wallet.version,
        **extra,
    }
    return ClaimResult(**values)  # type: ignore[arg-type]


def claim(user_id: int, mission_id: int, key: str | None = None, *, event_id: int | None = None) -> ClaimResult:
    """Take the reward of a completed mission (one transaction, at most once per period; see the module doc).

    The completed, unclaimed row of the previous period is paid first, then that of the current one.
    ``event_id`` must name the mission's event for an event mission and be None otherwise (404
    ``MISSION_NOT_FOUND`` for unknown or another event's missions, and for an inactive one with nothing left
    to claim). 409 ``MISSION_NOT_COMPLETED`` before the goal, 409 ``MISSION_ALREADY_CLAIMED`` after a claim —
    except that a repeat of the claim made with the same request ``key`` returns it again (``replayed``) and
    grants nothing.
    """
    if key is not None and not 1 <= len(key) <= KEY_MAX:
        raise ValueError(f"a claim's request key has 1-{KEY_MAX} characters")
    with session_scope() as db:
        template = _template(db, mission_id, event_id)
        now_periods = periods.at()
        current = now_periods.key(template.cadence, template.event_id)
        previous = now_periods.previous_key(template.cadence)
        keys = [current] if previous is None else [previous, current]
        ledger.lock_player(db, user_id)  # wallet, then user, before any progress row
        rows = _locked_progress(db, user_id, mission_id, keys)
        replay = next(
            (r for r in rows.values() if r.claimed_at is not None and key is not None and r.claim_key == key), None
        )
        if replay is not None:
            wallet = ledger.wallet_snapshot(user_id, db)
            level = progression.level_of(db, user_id)
            return _result(
                template,
                replay.period_key,
                wallet,
                level=level,
                leveled_up=False,
                transfer_id=replay.claim_transfer_id,
                replayed=True,
            )
        guard.ensure_open(db, user_id)  # a replay above answers as before; a new claim waits out any break
        row = next(
            (rows[k] for k in keys if k in rows and rows[k].completed_at is not None and rows[k].claimed_at is None),
            None,
        )
        if row is None:
            found = rows.get(current)
            if not template.is_active:
                raise MissionNotFound(details={"mission_id": mission_id})  # nothing completed is left to pay
            if found is not None and found.claimed_at is not None:
                raise MissionAlreadyClaimed(details={"mission_id": mission_id})
            progress, goal = (found.progress, found.goal) if found is not None else (0, template.goal)
            raise MissionNotCompleted(details={"mission_id": mission_id, "progress": progress, "goal": goal})
        period_key = row.period_key
        transfer_id, wallet = None, None
        if template.reward_gold:
            account, (source, kind) = ledger.user_account(user_id), PAYERS.get(template.cadence, DEFAULT_PAYER)
            posting = ledger.reward(
                db,
                source,
                user_id,
                template.reward_gold,
                kind=kind,
                key=f"mission:{user_id}:{mission_id}:{period_key}",  # one transfer per player, mission and period
                reference=f"mission:{template.key}:{period_key}",
            )
            transfer_id = posting.transfer_id
            wallet = ledger.WalletSnapshot(posting.balance(account), posting.version(account))
        if template.reward_item_key and template.reward_item_quantity:
            inventory.grant(db, user_id, template.reward_item_key, template.reward_item_quantity)
        change = progression.add_xp(db, user_id, template.reward_xp, "mission") if template.reward_xp else None
        now = clock.now()
        row.claimed_at, row.claim_transfer_id, row.claim_key, row.updated_at = now, transfer_id, key, now
        db.flush()
        return _result(
            template,
            period_key,
            wallet or ledger.wallet_snapshot(user_id, db),
            level=change.level if change else progression.level_of(db, user_id),
            leveled_up=bool(change and change.leveled_up),
            transfer_id=transfer_id,
        )
