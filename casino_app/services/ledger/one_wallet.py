"""One statement for a transfer that moves exactly one player's wallet (bets, wins, rewards, purchases).

``prepare`` builds it; ``Prepared.finish`` reads what it did. The statement
inserts the transfer row, moves the wallet with the same conditional update as
the general path (``balance >= <deepest point of the running sum>``, which also
locks the row, so the balance it returns is exact), writes the entries (only if
the wallet moved, each with its running balance, in leg order) and the outbox
event — one round trip, which the round engine pipelines with its other
statements. When the wallet did not move, ``finish`` raises and the caller's
transaction rolls back, taking the transfer row with it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, after_commit
from casino_app.services import outbox, realtime
from casino_app.services.ledger.errors import InsufficientFunds, UnknownAccount
from casino_app.services.ledger.posting import (
    USER_PREFIX,
    Entry,
    Leg,
    Posting,
    _checked,
    _insert_entries,
    _replay,
    _request_hash,
    _sides,
)

# ``t`` inserts the transfer (nothing on a repeated key); ``w`` moves the wallet by its net amount only if the
# transfer is new and the balance covers the deepest point of the running sum (the row lock it takes makes the
# returned balance exact); ``e`` writes every entry, in leg order (``position``: ids follow the running
# balances), only when ``w`` happened — the wallet's running balance is the final balance plus the entry's
# shift; each account is looked up by its unique code (``OFFSET 0`` keeps the planner, which guesses 100 rows
# for the JSON, from hashing the whole accounts table instead); ``o`` is the outbox event. The caller reads
# which of them happened and raises (its transaction rolls back) when the wallet did not move; the last column
# is the balance as this statement found it (the "available" of an InsufficientFunds; NULL: no such wallet).
_POST_ONE_WALLET = """
    WITH t AS (
        INSERT INTO ledger_transfers (id, idempotency_key, request_hash, kind, reference, actor_id, memo, created_at)
        VALUES (COALESCE(%(transfer_id)s::bigint, nextval(pg_get_serial_sequence('ledger_transfers', 'id'))),
                %(key)s, %(request_hash)s, %(kind)s, %(reference)s, %(actor_id)s::bigint, %(memo)s::jsonb, %(now)s)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
    ), w AS (
        UPDATE ledger_accounts SET balance = balance + %(net)s::bigint
        WHERE code = %(wallet)s AND balance >= %(need)s::bigint AND EXISTS (SELECT 1 FROM t)
        RETURNING id, user_id, balance
    ), e AS (
        INSERT INTO ledger_entries (transfer_id, leg, account_id, kind, amount, balance_after, created_at)
        SELECT t.id, v.leg, a.id, v.kind, v.amount, w.balance + v.shift, %(now)s
        FROM t CROSS JOIN w
        CROSS JOIN jsonb_to_recordset(%(entries)s::jsonb)
                   AS v(leg smallint, code varchar, kind varchar, amount bigint, shift bigint, position int)
        CROSS JOIN LATERAL (SELECT id FROM ledger_accounts WHERE code = v.code OFFSET 0) a
        ORDER BY v.position
        RETURNING id
    ), o AS (
        INSERT INTO outbox_events (topic, key, payload, created_at)
        SELECT %(topic)s, %(wallet)s, jsonb_build_object('transfer_id', t.id) || %(event)s::jsonb, %(now)s
        FROM t CROSS JOIN w
    )
    SELECT (SELECT id FROM t), (SELECT user_id FROM w), (SELECT balance FROM w), ARRAY(SELECT id FROM e ORDER BY id),
           (SELECT balance FROM ledger_accounts WHERE code = %(wallet)s)
"""


@dataclass
class Prepared:
    """A one-wallet transfer ready to send (``statement``); ``finish`` reads what it did."""

    key: str
    kind: str
    reference: str
    legs: Sequence[Leg]
    wallet: str
    need: int
    request_hash: str
    rows: list[dict[str, Any]]
    statement: Sql

    def refused(self) -> None:
        """Raise ``InsufficientFunds`` / ``UnknownAccount`` if the statement ran and the wallet did not move.

        Also usable after a pipeline failed on a later statement: a refused debit is the answer then.
        """
        if not self.statement.rows:
            return
        transfer_id, _, balance, _, available = self.statement.rows[0]
        if transfer_id is None or balance is not None:
            return
        if available is None:
            raise UnknownAccount(details={"accounts": [self.wallet]})
        raise InsufficientFunds(details={"needed": self.need, "available": int(available)})

    def finish(self, db: Session) -> Posting:
        """The posting, or ``InsufficientFunds`` / ``UnknownAccount`` / ``IdempotencyConflict`` (roll back then)."""
        self.refused()
        transfer_id, user_id, balance, entry_ids, _ = self.statement.rows[0]
        if transfer_id is None:  # the key was posted before
            return _replay(db, self.key, self.request_hash)
        for row in self.rows:
            row["transfer_id"] = transfer_id
            row["balance_after"] = None if row["shift"] is None else balance + row["shift"]
        if len(entry_ids) != len(self.rows):  # a system account is used for the first time (or is unknown)
            ids = _insert_entries(db, self.rows, replace=True)
            entry_ids = [ids[(row["leg"], row["amount"] > 0)] for row in self.rows]
        entries = [
            Entry(entry_id, row["leg"], row["code"], row["kind"], row["amount"], row["balance_after"])
            for entry_id, row in zip(entry_ids, self.rows, strict=True)
        ]
        result = Posting(transfer_id, self.kind, self.reference, entries, False, {self.wallet: int(balance)})
        version = result.version(self.wallet)
        after_commit(
            db, lambda u=int(user_id), b=int(balance), v=version: realtime.to_user(u, "balance", gold=b, version=v)
        )
        return result


def prepare(
    *,
    key: str,
    kind: str,
    legs: Sequence[Leg],
    reference: str = "",
    actor_id: int | None = None,
    memo: dict[str, Any] | None = None,
    transfer_id: int | None = None,
) -> Prepared | None:
    """The one-statement form of ``post`` for a transfer that moves exactly one player's wallet, else ``None``.

    ``transfer_id`` (a value reserved from the transfers' sequence) lets other
    statements of the same pipeline reference the transfer.
    """
    _checked(key, legs)
    sides = _sides(legs)
    wallets = [code for code in sides if code.startswith(USER_PREFIX)]
    if len(wallets) != 1:
        return None
    wallet = wallets[0]
    running, deepest = 0, 0
    for move in sides[wallet]:
        running += move
        deepest = min(deepest, running)
    net, cumulative, rows = running, 0, []
    for index, leg in enumerate(legs):
        for code, amount in ((leg.source, -leg.amount), (leg.target, leg.amount)):
            shift = None
            if code == wallet:
                cumulative += amount
                shift = cumulative - net  # balance after this entry = final balance + shift
            rows.append({"leg": index, "code": code, "kind": leg.kind, "amount": amount, "shift": shift})
    now = clock.now()
    request_hash = _request_hash(kind, reference, legs, memo)
    event = {
        "kind": kind,
        "reference": reference,
        "legs": [{"source": g.source, "target": g.target, "amount": g.amount, "kind": g.kind} for g in legs],
    }
    params = {
        "transfer_id": transfer_id,
        "key": key,
        "request_hash": request_hash,
        "kind": kind,
        "reference": reference[:100],
        "actor_id": actor_id,
        "memo": json.dumps(memo or {}),
        "now": now,
        "net": net,
        "need": -deepest,
        "wallet": wallet,
        # One JSON text rather than five arrays: psycopg adapts a list element by element in Python.
        "entries": json.dumps([{**r, "position": position} for position, r in enumerate(rows)]),
        "topic": outbox.LEDGER_TRANSFERS,
        "event": json.dumps(event),
    }
    for row in rows:
        row["created_at"] = now
    return Prepared(key, kind, reference, legs, wallet, -deepest, request_hash, rows, Sql(_POST_ONE_WALLET, params))
