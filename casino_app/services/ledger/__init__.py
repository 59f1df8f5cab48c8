"""The gold ledger: double-entry, integer amounts, conditional debits, idempotent transfers.

Public surface: ``Leg``, ``post`` (and ``prepare``, its one-statement form for a
pipeline), ``user_account``, ``SYSTEM_ACCOUNTS``, ``balance_of``,
``wallet_snapshot`` (and ``snapshot_statement``), ``history``, ``reconcile`` and
the typed errors.
"""

from casino_app.services.ledger.accounts import SYSTEM_ACCOUNTS, ensure_user_account, lock_player, user_account
from casino_app.services.ledger.errors import IdempotencyConflict, InsufficientFunds, UnknownAccount
from casino_app.services.ledger.one_wallet import Prepared, prepare
from casino_app.services.ledger.posting import Entry, Leg, Posting, post, reward
from casino_app.services.ledger.queries import (
    HistoryPage,
    WalletSnapshot,
    balance_of,
    check_and_report,
    history,
    reconcile,
    snapshot_of,
    snapshot_statement,
    wallet_snapshot,
)

__all__ = [
    "SYSTEM_ACCOUNTS",
    "Entry",
    "HistoryPage",
    "IdempotencyConflict",
    "InsufficientFunds",
    "Leg",
    "Posting",
    "Prepared",
    "UnknownAccount",
    "WalletSnapshot",
    "balance_of",
    "check_and_report",
    "ensure_user_account",
    "history",
    "lock_player",
    "post",
    "prepare",
    "reconcile",
    "reward",
    "snapshot_of",
    "snapshot_statement",
    "user_account",
    "wallet_snapshot",
]
