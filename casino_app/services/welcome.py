"""The welcome after signup: what the starter gift was, read back from the ledger where signup recorded it."""

from __future__ import annotations

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.models.ledger import LedgerAccount, LedgerEntry, LedgerTransfer
from casino_app.services.ledger import user_account
from casino_app.services.wallet import WELCOME_KEY


def starter_gift(user_id: int) -> int:
    """Gold the player's signup credited (their ``WELCOME`` entry); 0 when the economy gave none.

    Read from the ledger rather than the economy settings, so the welcome shows what this player actually got
    even after the starter amount is changed for later signups.
    """
    entries, accounts, transfers = LedgerEntry.__table__, LedgerAccount.__table__, LedgerTransfer.__table__
    query = (
        sa.select(sa.func.coalesce(sa.func.sum(entries.c.amount), 0))
        .join(accounts, accounts.c.id == entries.c.account_id)
        .join(transfers, transfers.c.id == entries.c.transfer_id)
        .where(
            transfers.c.idempotency_key == WELCOME_KEY.format(user_id=user_id),
            accounts.c.code == user_account(user_id),
        )
    )
    with session_scope() as db:
        return int(db.execute(query).scalar() or 0)
