"""Ledger account codes: ``user:<id>`` per player and the named system accounts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.models.accounts import User
from casino_app.models.ledger import LedgerAccount

# Every system account that may appear in a transfer. Sources (rewards, promo) go negative as gold is issued.
# Games add their house account when they are registered (``allow_system_account``).
SYSTEM_ACCOUNTS: set[str] = {
    "house:crash",
    "shop:sales",
    "rewards:daily",
    "rewards:missions",
    "rewards:events",
    "promo",
    "admin:adjust",
}


def allow_system_account(code: str) -> None:
    """Let transfers use the system account ``code`` (a game's ``house:<key>``, registered with the game)."""
    if not code or code.startswith("user:"):
        raise ValueError(f"{code!r} cannot be a system account")
    SYSTEM_ACCOUNTS.add(code)


def user_account(user_id: int) -> str:
    """The account code of a player's gold wallet."""
    return f"user:{user_id}"


def ensure_user_account(db: Session, user_id: int) -> None:
    """Open the player's gold account (balance 0) if it does not exist yet."""
    db.execute(
        insert(LedgerAccount.__table__)
        .values(
            code=user_account(user_id), kind="user", currency="GOLD", user_id=user_id, balance=0, created_at=clock.now()
        )
        .on_conflict_do_nothing(index_elements=["code"])
    )


def ensure_system_accounts(db: Session, codes: list[str]) -> None:
    """Create the named system accounts if missing (no cached balance)."""
    rows = [{"code": code, "kind": "system", "currency": "GOLD", "created_at": clock.now()} for code in codes]
    if rows:
        db.execute(insert(LedgerAccount.__table__).values(rows).on_conflict_do_nothing(index_elements=["code"]))


def lock_player(db: Session, user_id: int) -> None:
    """Lock the player's gold account (opened if needed), then their user row: the order every round takes.

    A business action that may both move the player's gold and change their user row (XP, level, profile) takes
    these locks first, so it can never wait on a round crosswise (deadlock). ``FOR NO KEY UPDATE`` on the user
    row, like the XP update itself, leaves rows that merely reference the player unblocked.
    """
    ensure_user_account(db, user_id)
    accounts, users = LedgerAccount.__table__, User.__table__
    db.execute(sa.select(accounts.c.id).where(accounts.c.code == user_account(user_id)).with_for_update())
    db.execute(sa.select(users.c.id).where(users.c.id == user_id).with_for_update(key_share=True))
