"""Helpers to give test players gold accounts with a known balance."""

from __future__ import annotations

import itertools

from casino_app.core.db import session_scope
from casino_app.services import ledger
from casino_app.services.accounts import sessions, users

_seq = itertools.count(1)


def fund(user_id: int, amount: int) -> None:
    """Credit ``amount`` gold from ``promo`` (the account is opened if needed)."""
    with session_scope() as db:
        ledger.ensure_user_account(db, user_id)
        if amount:
            ledger.post(
                db,
                key=f"test-fund:{user_id}:{next(_seq)}",
                kind="TEST_FUND",
                legs=[ledger.Leg("promo", ledger.user_account(user_id), amount, "TEST_FUND")],
            )


def player_with_gold(amount: int) -> int:
    """A fresh player whose balance is exactly ``amount`` (welcome gold removed)."""
    return session_with_gold(amount).user.id


def session_with_gold(amount: int) -> sessions.TokenPair:
    """A fresh player, signed in (its tokens), whose balance is exactly ``amount`` (welcome gold removed)."""
    from tests.support.accounts import new_player

    pair = new_player()
    current = ledger.balance_of(pair.user.id)
    if current != amount:
        with session_scope() as db:
            if current > amount:
                ledger.post(
                    db,
                    key=f"test-trim:{pair.user.id}:{next(_seq)}",
                    kind="TEST_FUND",
                    legs=[ledger.Leg(ledger.user_account(pair.user.id), "promo", current - amount, "TEST_FUND")],
                )
            else:
                ledger.post(
                    db,
                    key=f"test-fund:{pair.user.id}:{next(_seq)}",
                    kind="TEST_FUND",
                    legs=[ledger.Leg("promo", ledger.user_account(pair.user.id), amount - current, "TEST_FUND")],
                )
    return pair


__all__ = ["fund", "player_with_gold", "session_with_gold", "users"]
