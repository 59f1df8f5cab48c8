"""Reading the ledger: balances, a player's history (keyset paginated), reconciliation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, session_scope
from casino_app.models.ledger import LedgerAccount, LedgerEntry, LedgerTransfer
from casino_app.services import cursors
from casino_app.services.ledger.accounts import user_account

logger = logging.getLogger(__name__)


def balance_of(user_id: int) -> int:
    """The player's authoritative gold balance (0 before their account exists)."""
    table = LedgerAccount.__table__
    with session_scope() as db:
        balance = db.execute(sa.select(table.c.balance).where(table.c.code == user_account(user_id))).scalar()
    return int(balance or 0)


@dataclass(frozen=True)
class WalletSnapshot:
    """A balance and the wallet version it belongs to (the newest entry id; 0 before any movement)."""

    gold: int
    version: int


def wallet_snapshot(user_id: int, db: Session | None = None) -> WalletSnapshot:
    """The balance together with its version, read in one statement so the two always agree.

    Displays use the version to ignore a balance older than one already shown
    (pushes and responses can arrive out of order). Reads in ``db``'s transaction when given.
    """
    if db is None:
        with session_scope() as own:
            return wallet_snapshot(user_id, own)
    accounts, entries = LedgerAccount.__table__, LedgerEntry.__table__
    newest = sa.select(sa.func.max(entries.c.id)).where(entries.c.account_id == accounts.c.id).scalar_subquery()
    query = sa.select(accounts.c.balance, newest).where(accounts.c.code == user_account(user_id))
    row = db.execute(query).one_or_none()
    return WalletSnapshot(int(row[0] or 0), int(row[1] or 0)) if row else WalletSnapshot(0, 0)


_SNAPSHOT = """
    SELECT a.balance, (SELECT max(e.id) FROM ledger_entries e WHERE e.account_id = a.id)
    FROM ledger_accounts a WHERE a.code = %(code)s
"""


def snapshot_statement(user_id: int) -> Sql:
    """``wallet_snapshot`` as one statement for a pipeline; read it with ``snapshot_of``."""
    return Sql(_SNAPSHOT, {"code": user_account(user_id)})


def snapshot_of(statement: Sql) -> WalletSnapshot:
    """The snapshot an executed ``snapshot_statement`` read."""
    row = statement.first()
    return WalletSnapshot(int(row[0] or 0), int(row[1] or 0)) if row else WalletSnapshot(0, 0)


@dataclass(frozen=True)
class HistoryItem:
    """One movement on a player's wallet."""

    id: int
    kind: str
    amount: int
    balance_after: int
    reference: str
    created_at: datetime


@dataclass(frozen=True)
class HistoryPage:
    """A page of history, newest first; ``next_cursor`` is ``None`` on the last page."""

    items: list[HistoryItem]
    next_cursor: str | None


def history(user_id: int, *, limit: int = 20, cursor: str | None = None) -> HistoryPage:
    """The player's own entries, newest first, ``limit`` per page."""
    limit = max(1, min(limit, 100))
    entries, accounts, transfers = LedgerEntry.__table__, LedgerAccount.__table__, LedgerTransfer.__table__
    query = (
        sa.select(
            entries.c.id,
            entries.c.kind,
            entries.c.amount,
            entries.c.balance_after,
            transfers.c.reference,
            entries.c.created_at,
        )
        .join(accounts, accounts.c.id == entries.c.account_id)
        .join(transfers, transfers.c.id == entries.c.transfer_id)
        .where(accounts.c.code == user_account(user_id))
        .order_by(entries.c.id.desc())
        .limit(limit + 1)
    )
    if cursor:
        query = query.where(entries.c.id < cursors.decode("e", cursor))
    with session_scope() as db:
        rows = db.execute(query).all()
    items = [HistoryItem(*row) for row in rows[:limit]]
    next_cursor = cursors.encode("e", items[-1].id) if len(rows) > limit and items else None
    return HistoryPage(items, next_cursor)


@dataclass(frozen=True)
class Reconciliation:
    """Ledger health: every currency sums to zero and every cached balance equals its entries."""

    sums: dict[str, int]
    mismatched_accounts: int
    unbalanced_transfers: int
    checked_at: datetime

    @property
    def ok(self) -> bool:
        """All invariants hold."""
        return (
            all(v == 0 for v in self.sums.values()) and not self.mismatched_accounts and not self.unbalanced_transfers
        )


def reconcile() -> Reconciliation:
    """Check the ledger invariants over all data (the reconciliation job and an admin endpoint use this)."""
    entries, accounts = LedgerEntry.__table__, LedgerAccount.__table__
    with session_scope() as db:
        sums = dict(
            db.execute(
                sa.select(accounts.c.currency, sa.func.coalesce(sa.func.sum(entries.c.amount), 0))
                .select_from(entries.join(accounts, accounts.c.id == entries.c.account_id))
                .group_by(accounts.c.currency)
            ).all()
        )
        per_account = (
            sa.select(entries.c.account_id, sa.func.sum(entries.c.amount).label("total"))
            .group_by(entries.c.account_id)
            .subquery()
        )
        mismatched = db.execute(
            sa.select(sa.func.count())
            .select_from(accounts.outerjoin(per_account, per_account.c.account_id == accounts.c.id))
            .where(accounts.c.kind == "user", accounts.c.balance != sa.func.coalesce(per_account.c.total, 0))
        ).scalar_one()
        unbalanced = db.execute(
            sa.select(sa.func.count()).select_from(
                sa.select(entries.c.transfer_id)
                .group_by(entries.c.transfer_id)
                .having(sa.func.sum(entries.c.amount) != 0)
                .subquery()
            )
        ).scalar_one()
    return Reconciliation(
        sums={currency: int(total) for currency, total in sums.items()} or {"GOLD": 0},
        mismatched_accounts=int(mismatched),
        unbalanced_transfers=int(unbalanced),
        checked_at=clock.now(),
    )


def check_and_report() -> Reconciliation:
    """The reconciliation job: check the invariants, log loudly if they break, export a gauge."""
    from casino_app.core import metrics

    result = reconcile()
    metrics.LEDGER_OK.set(1 if result.ok else 0)
    if not result.ok:
        logger.error(
            "ledger reconciliation failed",
            extra={
                "sums": result.sums,
                "mismatched": result.mismatched_accounts,
                "unbalanced": result.unbalanced_transfers,
            },
        )
    return result
