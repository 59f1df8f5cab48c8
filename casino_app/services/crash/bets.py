"""The player's side of crash: place a bet in the betting phase, cash it out in flight.

A bet is one transaction: care checks (a break, a due reality check, the limits), the stake debited from the
player to ``house:crash`` (one ledger transfer, ``Idempotency-Key``), the bet row (at most one open bet per
player: a partial unique index), the care counters, and last the round's totals — only while the round is
still taking bets by the database's clock, so a bet that loses the race with the flight's start leaves
nothing behind. A cash-out pays the multiplier at the moment the server takes the bet (the database clock),
never above the crash point (it can equal it in the flight's last millisecond: a target equal to the crash point
wins); an auto cash-out target below it caps the multiplier (the server would have cashed the bet there).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import Sql, run, session_scope
from casino_app.core.errors import Conflict, NotFound, ValidationFailed
from casino_app.services import ledger
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.care import play as care_play
from casino_app.services.crash import chain, live, settle
from casino_app.services.crash.game import CRASH, TRANSFER_BET, CrashBetRequest
from casino_app.services.crash.table import AUTO_CASHOUT_MIN, CrashConfig
from casino_app.services.fairness import seeds, vault
from casino_app.services.games import configs
from casino_app.services.ledger.errors import IdempotencyConflict


class BettingClosed(Conflict):
    """The round is not taking bets (409; ``details.next_round_ms`` when the next round's start is known)."""

    code = "CRASH_BETTING_CLOSED"


class BetActive(Conflict):
    """The player already has an open bet (409)."""

    code = "CRASH_BET_ACTIVE"


class RoundFull(Conflict):
    """The round's stakes have reached its payout cap: it takes no more bets (409)."""

    code = "CRASH_ROUND_FULL"


class NotFlying(Conflict):
    """A cash-out before the flight started (409)."""

    code = "CRASH_NOT_FLYING"


class BetNotActive(NotFound):
    """No open bet with that id for this player: never placed, someone else's, cashed out or lost (404)."""

    code = "CRASH_BET_NOT_ACTIVE"


@dataclass(frozen=True)
class Placed:
    """A placed bet (``game_id`` is the bet's id)."""

    game_id: int
    round_id: int
    round_number: int
    bet_amount: int
    auto_cashout: int | None
    balance: int
    replayed: bool = False


def auto_cashout_x100(value: float | None, config: CrashConfig) -> int | None:
    """An auto cash-out target in hundredths (422 ``AUTO_CASHOUT_INVALID`` outside 1.01× … the maximum, or
    with more than two decimals)."""
    if value is None:
        return None
    exact = Decimal(str(value))
    hundredths = int((exact * 100).to_integral_value(rounding=ROUND_DOWN))
    if hundredths != exact * 100 or not AUTO_CASHOUT_MIN <= hundredths <= config.max_multiplier_x100:
        raise ValidationFailed(
            code="AUTO_CASHOUT_INVALID",
            details={"field": "auto_cashout", "min": 1.01, "max": config.max_multiplier_x100 / 100},
        )
    return hundredths


def _check_bet(amount: int, config: CrashConfig) -> None:
    if not config.min_bet <= amount <= config.max_bet:
        raise ValidationFailed(
            code="BET_NOT_ALLOWED", details={"field": "bet_amount", "min": config.min_bet, "max": config.max_bet}
        )


def _closed(snapshot: dict[str, Any]) -> BettingClosed:
    return BettingClosed(details={"phase": snapshot.get("phase"), "next_round_ms": snapshot.get("next_round_ms")})


_FIND = """SELECT b.id, b.round_id, r.number, b.bet_amount, b.auto_cashout, b.user_id
           FROM crash_bets b JOIN crash_rounds r ON r.id = b.round_id WHERE b.request_key = :key"""
_INSERT = """
    INSERT INTO crash_bets (round_id, user_id, bet_amount, auto_cashout, status, request_key, stake_transfer_id,
                            created_at)
    VALUES (%(round)s, %(user)s, %(amount)s, %(auto)s, 'active', %(key)s, %(transfer)s, %(now)s)
    ON CONFLICT DO NOTHING
    RETURNING id
"""
_TAKE = """
    UPDATE crash_rounds SET total_bet = total_bet + %(amount)s, players = players + 1
    WHERE id = %(round)s AND status = 'betting' AND clock_timestamp() < betting_ends_at
    RETURNING number, total_bet <= %(cap)s
"""


def _replay(user: AuthUser, request: CrashBetRequest, auto: int | None, key: str, request_key: str) -> Placed | None:
    """The bet an earlier request with this key placed (409 when the key placed a different bet)."""
    with session_scope() as db:
        found = db.execute(sa.text(_FIND), {"key": key}).first()
        if found is None:
            return None
        if found[5] != user.id or found[3] != request.bet_amount or found[4] != auto:
            raise IdempotencyConflict(details={"idempotency_key": request_key})
        balance = ledger.wallet_snapshot(user.id, db).gold
        return Placed(found[0], found[1], found[2], found[3], found[4], balance, replayed=True)


def place(user: AuthUser, request: CrashBetRequest, request_key: str) -> Placed:
    """Bet on the round in its betting phase (a retry with ``request_key`` returns the same bet).

    Raises 422 ``BET_NOT_ALLOWED`` / ``AUTO_CASHOUT_INVALID`` outside the table, 503 ``CRASH_UNAVAILABLE``
    when the live store or the loop is down, 409 ``CRASH_BETTING_CLOSED`` outside the betting phase, 409
    ``CRASH_BET_ACTIVE`` for a second open bet, 409 ``CRASH_ROUND_FULL`` when the round's stakes would pass its
    payout cap, the care refusals, and ``InsufficientFunds``; nothing is
    debited in any of these cases.
    """
    active = configs.active(CRASH.key)
    config: CrashConfig = active.config  # type: ignore[assignment]
    _check_bet(request.bet_amount, config)
    auto = auto_cashout_x100(request.auto_cashout, config)
    key = f"crash:{user.id}:{request_key}"
    replayed = _replay(user, request, auto, key, request_key)  # a retry is answered even while the loop is down
    if replayed is not None:
        return replayed
    snapshot = live.require()
    version = snapshot.get("config_version")
    if version and int(version) != active.version:  # the round settles under its own table: check against it
        config = configs.by_version(CRASH.key, int(version))  # type: ignore[assignment]
        _check_bet(request.bet_amount, config)
        auto = auto_cashout_x100(request.auto_cashout, config)
    with session_scope() as db:
        if snapshot.get("phase") != "betting" or not snapshot.get("round_id"):
            raise _closed(snapshot)
        round_id = int(snapshot["round_id"])
        now = clock.now()
        seeds.lock_active(db, user.id)  # the player's round lock: care counters below are the committed ones
        care = care_play.read(db, user.id, now)
        care_play.check_before(db, user.id, care)
        care_play.check_stake(care, request.bet_amount)
        account = ledger.user_account(user.id)
        posting = ledger.post(
            db,
            key=f"crash:bet:{key}",
            kind=TRANSFER_BET,
            legs=[ledger.Leg(account, CRASH.house, request.bet_amount, "BET")],
            reference=f"crash:{round_id}",
        )
        inserted = Sql(
            _INSERT,
            {
                "round": round_id,
                "user": user.id,
                "amount": request.bet_amount,
                "auto": auto,
                "key": key,
                "transfer": posting.transfer_id,
                "now": now,
            },
        )
        run(db, inserted, care_play.count(user.id, care, request.bet_amount, 0))
        if not inserted.rows:
            raise BetActive(details={"round_id": round_id})
        taken = Sql(_TAKE, {"amount": request.bet_amount, "round": round_id, "cap": config.round_payout_cap})
        run(db, taken)
        if not taken.rows:
            raise _closed(snapshot)
        if not taken.rows[0][1]:  # the round's stakes would pass its payout cap: it takes no more
            raise RoundFull(details={"round_id": round_id, "round_payout_cap": config.round_payout_cap})
        return Placed(
            int(inserted.rows[0][0]),
            round_id,
            int(taken.rows[0][0]),
            request.bet_amount,
            auto,
            posting.balance(account),
        )


# Lock the player's bet and take the database clock's flight time in one statement.
_TAKE_BET = """
    SELECT b.status, b.auto_cashout, r.id, r.number, r.chain_id, r.commitment, r.config_version, r.status,
           r.hash_sealed, EXTRACT(EPOCH FROM (clock_timestamp() - r.started_at)) * 1000
    FROM crash_bets b JOIN crash_rounds r ON r.id = b.round_id
    WHERE b.id = :bet AND b.user_id = :user
    FOR UPDATE OF b
"""


def cash_out(user: AuthUser, game_id: int) -> settle.Paid:
    """Cash the player's open bet out at the multiplier now (the auto target if that is lower).

    Raises 404 ``CRASH_BET_NOT_ACTIVE`` for a bet that is not this player's open bet (never placed, someone
    else's, already cashed out, or lost: the round crashed first) and 409 ``CRASH_NOT_FLYING`` before the
    flight starts.
    """
    with session_scope() as db:
        row = db.execute(sa.text(_TAKE_BET), {"bet": game_id, "user": user.id}).first()
        if row is None or row[0] != "active":
            raise BetNotActive(details={"game_id": game_id})
        _status, auto, round_id, number, chain_id, commitment, version, round_status, sealed, elapsed = row
        if round_status == "betting" or elapsed is None:
            raise NotFlying(details={"game_id": game_id})
        config: CrashConfig = configs.by_version(CRASH.key, version)  # type: ignore[assignment]
        point = chain.crash_point(vault.unseal(sealed).hex(), config.house_edge_bp, config.max_multiplier_x100)
        if round_status != "flying" or float(elapsed) >= chain.flight_ms(point, config.growth_per_ms):
            raise BetNotActive(details={"game_id": game_id, "reason": "crashed"})
        multiplier = min(chain.multiplier_at(float(elapsed), config.growth_per_ms), point)
        if auto is not None:
            multiplier = min(multiplier, int(auto))
        ref = settle.RoundRef(round_id, number, chain_id, commitment, version)
        paid = settle.cash_out(db, ref, game_id, multiplier)
        if paid is None:
            raise BetNotActive(details={"game_id": game_id})
        return paid


def latest(user_id: int) -> dict[str, Any] | None:
    """The player's own latest bet (any status), as the bets listing shows it; ``None`` before their first."""
    from casino_app.services.crash import admin

    found = admin.sessions(user_id=user_id, limit=1)
    return found[0] if found else None
