"""Wallet operations around the ledger: welcome grant, staff adjustments, the economy view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.accounts import User
from casino_app.models.ledger import LedgerAccount, LedgerEntry
from casino_app.services import audit, ledger, notifications
from casino_app.services.economy import config as economy_config
from casino_app.settings import get_settings

REASON_MAX = audit.REASON_MAX  # characters of a staff action's reason (kept on the audit row)
WELCOME_KEY = "welcome:{user_id}"  # the starter gold's transfer (services.welcome reads it back)


def open_wallet(db: Session, user_id: int) -> None:
    """Open the player's gold account and grant the starter gold, in the caller's transaction (signup)."""
    ledger.ensure_user_account(db, user_id)
    amount = economy_config.active().config.starter_gold
    if amount > 0:
        ledger.post(
            db,
            key=WELCOME_KEY.format(user_id=user_id),
            kind="WELCOME",
            legs=[ledger.Leg("promo", ledger.user_account(user_id), amount, "WELCOME")],
            reference="welcome",
        )


@dataclass(frozen=True)
class Adjustment:
    """A staff gold adjustment as posted."""

    transfer_id: int
    user_id: int
    amount: int
    balance: int
    replayed: bool


def adjust(user_id: int, amount: int, reason: str, *, actor_id: int, key: str, ip: str = "") -> Adjustment:
    """Credit (positive) or debit (negative) a player's gold; audited with the staff id; idempotent by ``key``.

    A debit can never take the player below zero (``InsufficientFunds``). The reason (1–200 characters) and
    the balance before and after are kept on the audit row.
    """
    if type(amount) is not int or amount == 0:
        raise ValidationFailed(code="AMOUNT_INVALID", details={"field": "amount"})
    reason = audit.clean_reason(reason)
    account = ledger.user_account(user_id)
    with session_scope() as db:
        user = db.get(User, user_id)
        if user is None or user.staff_role is not None:
            raise NotFound(details={"user_id": user_id})
        ledger.ensure_user_account(db, user_id)
        leg = (
            ledger.Leg("admin:adjust", account, amount, "ADMIN_ADJUST")
            if amount > 0
            else ledger.Leg(account, "admin:adjust", -amount, "ADMIN_ADJUST")
        )
        posting = ledger.post(
            db,
            key=f"admin-adjust:{key}",
            kind="ADMIN_ADJUST",
            legs=[leg],
            reference=f"admin:{actor_id}",
            actor_id=actor_id,
            memo={"reason": reason},
        )
        if not posting.replayed:
            after = posting.balance(account)
            audit.record(
                db,
                actor_id=actor_id,
                action="gold.adjust",
                target_type="user",
                target_id=user_id,
                details={"amount": amount, "transfer_id": posting.transfer_id},
                ip=ip,
                before={"balance": after - amount},
                after={"balance": after},
                reason=reason,
            )
            notifications.notify(db, user_id, "gold_adjusted", amount=amount)
        return Adjustment(posting.transfer_id, user_id, amount, posting.balance(account), posting.replayed)


@dataclass(frozen=True)
class EconomyDay:
    """Gold entering (sources) and leaving (sinks) player wallets on one KST day, by kind."""

    day: date
    sources: dict[str, int]
    sinks: dict[str, int]

    @property
    def net(self) -> int:
        """Sources minus sinks."""
        return sum(self.sources.values()) - sum(self.sinks.values())


@dataclass(frozen=True)
class Economy:
    """The operators' view of the gold economy."""

    days: int
    circulation: int
    players_with_gold: int
    daily: list[EconomyDay]
    net_injection: int
    net_injection_pct: float
    inflation_alert: bool
    alert_threshold_pct: float


def economy(days: int = 7) -> Economy:
    """Circulation, per-day sources and sinks by kind, and the net-injection alert over ``days`` KST days."""
    if not 1 <= days <= 366:
        raise ValidationFailed(code="DAYS_INVALID", details={"field": "days"})
    tz = clock.business_tz().key
    first_day = clock.business_date() - timedelta(days=days - 1)
    since = clock.start_of_business_day(first_day)
    entries, accounts = LedgerEntry.__table__, LedgerAccount.__table__
    day = sa.func.date(sa.func.timezone(tz, entries.c.created_at)).label("day")
    with session_scope() as db:
        circulation, holders = db.execute(
            sa.select(
                sa.func.coalesce(sa.func.sum(accounts.c.balance), 0), sa.func.count().filter(accounts.c.balance > 0)
            ).where(accounts.c.kind == "user")
        ).one()
        rows = db.execute(
            sa.select(
                day,
                entries.c.kind,
                sa.func.coalesce(sa.func.sum(entries.c.amount).filter(entries.c.amount > 0), 0),
                sa.func.coalesce(-sa.func.sum(entries.c.amount).filter(entries.c.amount < 0), 0),
            )
            .select_from(entries.join(accounts, accounts.c.id == entries.c.account_id))
            .where(accounts.c.kind == "user", entries.c.created_at >= since)
            .group_by(day, entries.c.kind)
        ).all()
    by_day = {first_day + timedelta(days=i): EconomyDay(first_day + timedelta(days=i), {}, {}) for i in range(days)}
    for d, kind, inflow, outflow in rows:
        bucket = by_day.get(d)
        if bucket is None:
            continue
        if inflow:
            bucket.sources[kind] = int(inflow)
        if outflow:
            bucket.sinks[kind] = int(outflow)
    net = sum(b.net for b in by_day.values())
    pct = round(net * 100 / circulation, 2) if circulation else (100.0 if net > 0 else 0.0)
    threshold = get_settings().economy_inflation_alert_pct
    return Economy(
        days=days,
        circulation=int(circulation),
        players_with_gold=int(holders),
        daily=sorted(by_day.values(), key=lambda b: b.day),
        net_injection=net,
        net_injection_pct=pct,
        inflation_alert=pct > threshold,
        alert_threshold_pct=threshold,
    )
