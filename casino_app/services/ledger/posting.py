"""Posting transfers: the only code that changes a balance.

A transfer is one business action (one idempotency key) made of one or more
legs; each leg moves a positive integer amount from one account to another
and becomes two entries (−amount, +amount), so every transfer sums to zero.
User balances change only through conditional updates
(``… WHERE balance >= :amount RETURNING balance``) on rows locked in ascending
id order, inside the caller's transaction.

A transfer that touches one player's wallet (bets, wins, rewards, purchases —
nearly all of them) is posted by one statement (``one_wallet``); transfers
between several wallets take the general path below.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import after_commit, run, session_scope
from casino_app.models.ledger import LedgerAccount, LedgerEntry, LedgerTransfer
from casino_app.services import outbox, realtime
from casino_app.services.ledger import accounts
from casino_app.services.ledger.errors import IdempotencyConflict, InsufficientFunds, UnknownAccount

MAX_AMOUNT = 10**15
KEY_MAX = 160


@dataclass(frozen=True)
class Leg:
    """Move ``amount`` gold from ``source`` to ``target`` (account codes); ``kind`` labels it (BET, WIN…)."""

    source: str
    target: str
    amount: int
    kind: str

    def validate(self) -> None:
        """Amounts are positive integers (never floats, never bools); an account never pays itself."""
        if type(self.amount) is not int or not 0 < self.amount <= MAX_AMOUNT:
            raise ValueError(f"leg amount must be a positive integer, got {self.amount!r}")
        if self.source == self.target:
            raise ValueError("a leg cannot move gold from an account to itself")
        if not self.kind or len(self.kind) > 30:
            raise ValueError("a leg needs a kind of at most 30 characters")


@dataclass(frozen=True)
class Entry:
    """One side of a leg as stored."""

    id: int
    leg: int
    account: str
    kind: str
    amount: int
    balance_after: int | None


@dataclass(frozen=True)
class Posting:
    """The outcome of ``post``; ``replayed`` when the key had already been posted with the same request."""

    transfer_id: int
    kind: str
    reference: str
    entries: list[Entry]
    replayed: bool
    balances: dict[str, int] = field(default_factory=dict)

    def balance(self, account: str) -> int:
        """The user account's balance after this transfer."""
        return self.balances[account]

    def version(self, account: str) -> int:
        """The wallet's version after this transfer (its newest entry id; higher is newer)."""
        return max(e.id for e in self.entries if e.account == account)

    def net(self, account: str) -> int:
        """Sum of this transfer's entries on ``account`` (e.g. win − bet for a player)."""
        return sum(e.amount for e in self.entries if e.account == account)


def _request_hash(kind: str, reference: str, legs: Sequence[Leg], memo: dict[str, Any] | None) -> str:
    request: dict[str, Any] = {
        "kind": kind,
        "reference": reference,
        "legs": [[leg.source, leg.target, leg.amount, leg.kind] for leg in legs],
    }
    if memo:  # part of the request: the same key with another reason is a different request
        request["memo"] = memo
    canonical = json.dumps(request, separators=(",", ":"), sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def post(
    db: Session | None,
    *,
    key: str,
    kind: str,
    legs: Sequence[Leg],
    reference: str = "",
    actor_id: int | None = None,
    memo: dict[str, Any] | None = None,
) -> Posting:
    """Post a transfer atomically in ``db``'s transaction (or a new one when ``db`` is None).

    Idempotent by ``key``: the same key with the same request returns the first
    result (``replayed=True``) without moving anything; with a different
    request it raises ``IdempotencyConflict``. A concurrent post with the same
    key waits for the first to commit (unique index) and then replays it.
    Raises ``InsufficientFunds`` (nothing posted) or ``UnknownAccount``.
    """
    if db is None:
        with session_scope() as own:
            return post(own, key=key, kind=kind, legs=legs, reference=reference, actor_id=actor_id, memo=memo)
    from casino_app.services.ledger.one_wallet import prepare

    prepared = prepare(key=key, kind=kind, legs=legs, reference=reference, actor_id=actor_id, memo=memo)
    if prepared is not None:
        run(db, prepared.statement)
        return prepared.finish(db)
    request_hash = _request_hash(kind, reference, legs, memo)
    now = clock.now()

    transfers = LedgerTransfer.__table__
    transfer_id = db.execute(
        insert(transfers)
        .values(
            idempotency_key=key,
            request_hash=request_hash,
            kind=kind,
            reference=reference[:100],
            actor_id=actor_id,
            memo=memo or {},
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(transfers.c.id)
    ).scalar_one_or_none()
    if transfer_id is None:
        return _replay(db, key, request_hash)

    sides = _sides(legs)
    user_codes = sorted(code for code in sides if code.startswith(USER_PREFIX))
    if len(user_codes) > 1:  # several wallets in one transfer: lock them in ascending id order first
        table = LedgerAccount.__table__
        db.execute(sa.select(table.c.id).where(table.c.code.in_(user_codes)).order_by(table.c.id).with_for_update())
    finals = {code: _apply(db, code, sides[code]) for code in user_codes}

    rows = _entry_rows(transfer_id, legs, sides, finals, now)
    ids = _insert_entries(db, rows)
    result = Posting(
        transfer_id=transfer_id,
        kind=kind,
        reference=reference,
        entries=[
            Entry(
                ids[(row["leg"], row["amount"] > 0)],
                row["leg"],
                row["code"],
                row["kind"],
                row["amount"],
                row["balance_after"],
            )
            for row in rows
        ],
        replayed=False,
        balances={code: balance for code, (_, balance) in finals.items()},
    )
    outbox.emit(
        db,
        outbox.LEDGER_TRANSFERS,
        user_codes[0] if user_codes else kind,
        {
            "transfer_id": transfer_id,
            "kind": kind,
            "reference": reference,
            "legs": [{"source": g.source, "target": g.target, "amount": g.amount, "kind": g.kind} for g in legs],
        },
    )
    for code, (user_id, balance) in finals.items():
        version = result.version(code)
        after_commit(db, lambda u=user_id, b=balance, v=version: realtime.to_user(u, "balance", gold=b, version=v))
    return result


USER_PREFIX = "user:"


def reward(db: Session, source: str, user_id: int, amount: int, *, kind: str, key: str, reference: str) -> Posting:
    """Pay ``amount`` gold from the system account ``source`` to the player: one leg of ``kind``, idempotent by ``key``.

    The one shape of every reward (check-in, mission, achievement, battle-pass tier, referral).
    """
    leg = Leg(source, USER_PREFIX + str(user_id), amount, kind)
    return post(db, key=key, kind=kind, legs=[leg], reference=reference)


def _checked(key: str, legs: Sequence[Leg]) -> None:
    if not legs:
        raise ValueError("a transfer needs at least one leg")
    if not key or len(key) > KEY_MAX:
        raise ValueError("an idempotency key of 1-160 characters is required")
    for leg in legs:
        leg.validate()


def _sides(legs: Sequence[Leg]) -> dict[str, list[int]]:
    """Each account's signed movements, in leg order."""
    sides: dict[str, list[int]] = {}
    for leg in legs:
        sides.setdefault(leg.source, []).append(-leg.amount)
        sides.setdefault(leg.target, []).append(leg.amount)
    return sides


def _apply(db: Session, code: str, moves: list[int]) -> tuple[int, int]:
    """Apply a wallet's whole movement in one conditional UPDATE; return (user id, final balance).

    The balance must cover the deepest point of the running sum (a bet before
    its win), so no intermediate balance is ever negative. The statement locks
    the row, so the final balance it returns is exact.
    """
    running, deepest = 0, 0
    for move in moves:
        running += move
        deepest = min(deepest, running)
    table = LedgerAccount.__table__
    row = db.execute(
        sa.update(table)
        .where(table.c.code == code, table.c.balance >= -deepest)
        .values(balance=table.c.balance + running)
        .returning(table.c.user_id, table.c.balance)
    ).one_or_none()
    if row is None:
        available = db.execute(sa.select(table.c.balance).where(table.c.code == code)).scalar_one_or_none()
        if available is None:
            raise UnknownAccount(details={"accounts": [code]})
        raise InsufficientFunds(details={"needed": -deepest, "available": int(available)})
    return int(row.user_id), int(row.balance)


def _entry_rows(
    transfer_id: int,
    legs: Sequence[Leg],
    sides: dict[str, list[int]],
    finals: dict[str, tuple[int, int]],
    now: datetime,
) -> list[dict[str, Any]]:
    """Two entries per leg, each wallet's running balance derived from its exact final balance."""
    running = {code: final - sum(sides[code]) for code, (_, final) in finals.items()}
    rows: list[dict[str, Any]] = []
    for index, leg in enumerate(legs):
        for code, amount in ((leg.source, -leg.amount), (leg.target, leg.amount)):
            after = None
            if code in running:
                running[code] += amount
                after = running[code]
            rows.append(
                {
                    "transfer_id": transfer_id,
                    "leg": index,
                    "code": code,
                    "kind": leg.kind,
                    "amount": amount,
                    "balance_after": after,
                    "created_at": now,
                }
            )
    return rows


# Rows are inserted in the order they were built (leg by leg, debit before credit), so entry ids
# follow the order the running balances were computed in and the newest entry shows the balance.
# Without ORDER BY the join may emit them in any order (a hash join reverses them).
_INSERT_ENTRIES = sa.text(
    """
    INSERT INTO ledger_entries (transfer_id, leg, account_id, kind, amount, balance_after, created_at)
    SELECT v.transfer_id, v.leg, a.id, v.kind, v.amount, v.balance_after, v.created_at
    FROM unnest(CAST(:transfer_ids AS bigint[]), CAST(:legs AS smallint[]), CAST(:codes AS varchar[]),
                CAST(:kinds AS varchar[]), CAST(:amounts AS bigint[]), CAST(:balances AS bigint[]),
                CAST(:times AS timestamptz[]))
         WITH ORDINALITY AS v(transfer_id, leg, code, kind, amount, balance_after, created_at, position)
    JOIN ledger_accounts a ON a.code = v.code
    ORDER BY v.position
    RETURNING id, leg, amount
    """
)


def _insert_entries(db: Session, rows: list[dict[str, Any]], *, replace: bool = False) -> dict[tuple[int, bool], int]:
    """Insert every entry in one statement (accounts resolved by code); ``(leg, is_credit) -> entry id``.

    ``replace``: the transfer's entries were already (partly) written by ``prepare``'s statement.
    """
    if replace:
        entries = LedgerEntry.__table__
        db.execute(sa.delete(entries).where(entries.c.transfer_id == rows[0]["transfer_id"]))
    params = {
        "transfer_ids": [r["transfer_id"] for r in rows],
        "legs": [r["leg"] for r in rows],
        "codes": [r["code"] for r in rows],
        "kinds": [r["kind"] for r in rows],
        "amounts": [r["amount"] for r in rows],
        "balances": [r["balance_after"] for r in rows],
        "times": [r["created_at"] for r in rows],
    }
    inserted = db.execute(_INSERT_ENTRIES, params).all()
    if len(inserted) != len(rows):  # a system account is used for the first time (or a code is unknown)
        table = LedgerAccount.__table__
        known = set(db.execute(sa.select(table.c.code).where(table.c.code.in_(set(params["codes"])))).scalars())
        missing = set(params["codes"]) - known
        unknown = sorted(code for code in missing if code not in accounts.SYSTEM_ACCOUNTS)
        if unknown:
            raise UnknownAccount(details={"accounts": unknown})
        entries = LedgerEntry.__table__
        db.execute(sa.delete(entries).where(entries.c.transfer_id == rows[0]["transfer_id"]))
        accounts.ensure_system_accounts(db, sorted(missing))
        inserted = db.execute(_INSERT_ENTRIES, params).all()
    return {(leg, amount > 0): entry_id for entry_id, leg, amount in inserted}


def _replay(db: Session, key: str, request_hash: str) -> Posting:
    transfers = LedgerTransfer.__table__
    row = db.execute(
        sa.select(transfers.c.id, transfers.c.request_hash, transfers.c.kind, transfers.c.reference).where(
            transfers.c.idempotency_key == key
        )
    ).one()
    transfer_id, stored_hash, kind, reference = row
    if stored_hash != request_hash:
        raise IdempotencyConflict(details={"idempotency_key": key})
    entries = LedgerEntry.__table__
    table = LedgerAccount.__table__
    stored = db.execute(
        sa.select(entries.c.id, entries.c.leg, table.c.code, entries.c.kind, entries.c.amount, entries.c.balance_after)
        .join(table, table.c.id == entries.c.account_id)
        .where(entries.c.transfer_id == transfer_id)
        .order_by(entries.c.leg, entries.c.amount > 0)  # the order the running balances were computed in
    ).all()
    items = [Entry(*entry) for entry in stored]
    balances = {e.account: e.balance_after for e in items if e.balance_after is not None}
    return Posting(transfer_id, kind, reference, items, replayed=True, balances=balances)  # type: ignore[arg-type]
