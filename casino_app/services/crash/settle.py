"""Settling crash bets: a cash-out (the player's, an auto target, the payout cap) and the crash itself.

Lock order, everywhere: a round's bet rows before its round row. A cash-out locks its bet, posts the payout
(``house:crash`` → the player, one ledger transfer), records the bet in ``game_rounds`` (history, stats,
export), counts it for progression and care, and adds the payout to the round's total last (so the round row
is held only until the commit). The crash locks the round's open bets (marking them lost), then the round
(revealing its hash): a cash-out that holds its bet first is paid before the crash sees it; one that comes
after finds the bet lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, run
from casino_app.services import actions, feed, ledger
from casino_app.services.care import play as care_play
from casino_app.services.crash.game import CRASH, TRANSFER_CASHOUT
from casino_app.services.fairness.seeds import RoundSeed
from casino_app.services.games import rounds
from casino_app.services.games.win_tier import is_big_win


@dataclass(frozen=True)
class RoundRef:
    """What settling needs to know about a round."""

    id: int
    number: int
    chain_id: int
    commitment: str
    config_version: int


@dataclass(frozen=True)
class Paid:
    """A settled cash-out."""

    bet_id: int
    user_id: int
    bet_amount: int
    multiplier: int
    payout: int
    balance: int


def _proof(ref: RoundRef) -> RoundSeed:
    # A crash bet has no player seed: the round's commitment (the previous hash in the chain) stands in for the
    # seed hash and the round number for the nonce; ``seed_id`` stays NULL.
    return RoundSeed(None, b"", ref.commitment, "", ref.number)  # type: ignore[arg-type]


def _outcome(ref: RoundRef, auto_cashout: int | None, multiplier: int | None, **more: Any) -> dict[str, Any]:
    return {
        "round_id": ref.id,
        "round_number": ref.number,
        "chain_id": ref.chain_id,
        "auto_cashout": auto_cashout,
        "cashout_multiplier": multiplier,
        **more,
    }


_CASH = """
    UPDATE crash_bets SET status = 'cashed', cashout_multiplier = %(m)s, payout = %(payout)s,
                          settled_at = clock_timestamp()
    WHERE id = %(bet)s AND status = 'active'
    RETURNING user_id, bet_amount, auto_cashout
"""
_ADD_PAID = "UPDATE crash_rounds SET total_paid = total_paid + %(payout)s WHERE id = %(round)s"
_LINK = "UPDATE crash_bets SET game_round_id = %(game_round)s WHERE id = %(bet)s"


def cash_out(db: Session, ref: RoundRef, bet_id: int, multiplier: int, now: datetime | None = None) -> Paid | None:
    """Cash bet ``bet_id`` out at ``multiplier`` (hundredths) in ``db``'s transaction; ``None`` if it is not open.

    The caller has checked that ``multiplier`` is below the round's crash point at the moment it stands for.
    """
    now = now or clock.now()
    row = db.execute(
        sa.text("SELECT user_id, bet_amount FROM crash_bets WHERE id = :b AND status = 'active' FOR UPDATE"),
        {"b": bet_id},
    ).first()
    if row is None:
        return None
    user_id, amount = int(row[0]), int(row[1])
    payout = amount * multiplier // 100
    taken = Sql(_CASH, {"m": multiplier, "payout": payout, "bet": bet_id})
    run(db, taken)
    auto = taken.rows[0][2]
    account = ledger.user_account(user_id)
    posting = ledger.post(
        db,
        key=f"crash:cashout:{bet_id}",
        kind=TRANSFER_CASHOUT,
        legs=[ledger.Leg(CRASH.house, account, payout, "WIN")],
        reference=f"crash:{ref.id}",
    )
    recorded = rounds.NewRound(
        user_id=user_id,
        game=CRASH.key,
        version=ref.config_version,
        seed=_proof(ref),
        bet=amount,
        payout=payout,
        outcome=_outcome(ref, auto, multiplier),
        transfer_id=posting.transfer_id,
        request_key=f"crash:{bet_id}",
        request={"bet_amount": amount, "auto_cashout": auto},
    ).statement()
    care = care_play.read(db, user_id, now)
    run(db, recorded, care_play.count(user_id, care, 0, payout))
    run(db, Sql(_LINK, {"game_round": recorded.rows[0][0], "bet": bet_id}))
    actions.record(
        db, actions.Action(user_id, actions.Kind.ROUND_PLAYED, game=CRASH.key, multiplier_bp=multiplier * 100)
    )
    if is_big_win(amount, payout):
        feed.announce(db, "big_win", user_id, game=CRASH.key, amount=payout, multiplier=f"{multiplier / 100:.2f}")
    run(db, Sql(_ADD_PAID, {"payout": payout, "round": ref.id}))
    return Paid(bet_id, user_id, amount, multiplier, payout, posting.balance(account))


_LOSE = """
    UPDATE crash_bets SET status = 'lost', settled_at = clock_timestamp()
    WHERE round_id = %(round)s AND status = 'active'
    RETURNING id, user_id, bet_amount, auto_cashout
"""
_REVEAL_CASHED = """
    UPDATE game_rounds g SET outcome = g.outcome || %(reveal)s::jsonb
    FROM crash_bets b WHERE b.round_id = %(round)s AND b.status = 'cashed' AND g.id = b.game_round_id
"""
_CRASHED = """
    UPDATE crash_rounds SET status = 'crashed', hash = %(hash)s, crash_point = %(point)s,
                            crashed_at = clock_timestamp(), settled_epoch = %(epoch)s
    WHERE id = %(round)s AND status = 'flying'
    RETURNING id
"""


def crash(db: Session, ref: RoundRef, round_hash: str, point: int, epoch: int) -> list[int]:
    """Settle a flying round at its crash point in ``db``'s transaction: open bets lose, the hash is revealed.

    Returns the ids of the bets that lost; raises ``LookupError`` when the round is not flying (it was settled).
    """
    lost = Sql(_LOSE, {"round": ref.id})
    run(db, lost)
    reveal = {"crash_point": point, "hash": round_hash}
    for bet_id, user_id, amount, auto in lost.rows:
        recorded = rounds.NewRound(
            user_id=user_id,
            game=CRASH.key,
            version=ref.config_version,
            seed=_proof(ref),
            bet=amount,
            payout=0,
            outcome=_outcome(ref, auto, None, **reveal),
            transfer_id=None,
            request_key=f"crash:{bet_id}",
            request={"bet_amount": amount, "auto_cashout": auto},
        ).statement()
        run(db, recorded)
        run(db, Sql(_LINK, {"game_round": recorded.rows[0][0], "bet": bet_id}))
    if lost.rows:
        # Progression may pay rewards (a wallet lock) after taking its counters; rounds lock the wallet first. Lock
        # the losers' wallets now, in id order, so this transaction takes locks in the same order as theirs.
        codes = sorted({ledger.user_account(int(user_id)) for _, user_id, _, _ in lost.rows})
        db.execute(
            sa.text("SELECT id FROM ledger_accounts WHERE code = ANY(:codes) ORDER BY id FOR UPDATE"), {"codes": codes}
        )
        actions.record(
            db,
            *(
                actions.Action(int(user_id), actions.Kind.ROUND_PLAYED, game=CRASH.key, multiplier_bp=0)
                for _, user_id, _, _ in lost.rows
            ),
        )
    crashed = Sql(_CRASHED, {"round": ref.id, "hash": round_hash, "point": point, "epoch": epoch})
    run(db, Sql(_REVEAL_CASHED, {"round": ref.id, "reveal": json.dumps(reveal)}), crashed)
    if not crashed.rows:
        raise LookupError(f"crash round {ref.id} is not flying")
    return [int(r[0]) for r in lost.rows]
