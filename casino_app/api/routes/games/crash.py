"""``/api/games/crash``: the live round, bets and cash-outs, the published chain, verification."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import AliasChoices, ConfigDict, Field

from casino_app.api.deps import Client, Player
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.crash import bets, chains, live, verify
from casino_app.services.crash.game import CrashBetRequest
from casino_app.services.crash.table import CrashConfig
from casino_app.services.games import configs

router = APIRouter(prefix="/api/games/crash", tags=["games"])


class CrashBetOut(ResponseModel):
    """A placed bet; ``game_id`` cashes it out. ``auto_cashout`` as × (null: manual)."""

    game_id: int
    round_id: int
    round_number: int
    bet_amount: int
    auto_cashout: float | None
    balance: int


class CashoutIn(ApiModel):
    """``{game_id}`` (``gameId`` accepted)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    game_id: int = Field(validation_alias=AliasChoices("game_id", "gameId"), ge=1, le=2**53)


class CashoutOut(ResponseModel):
    """The multiplier the bet was cashed out at (×), the gold paid and the balance after."""

    game_id: int
    multiplier: float
    payout: int
    balance: int


class ChainOut(ResponseModel):
    """The active hash chain and the published rules that turn a round hash into a crash point."""

    chain_id: int | None
    length: int | None
    terminating_hash: str | None
    rounds_played: int
    house_edge_percent: float
    rtp_percent: float
    max_multiplier: float
    round_payout_cap: int
    betting_seconds: float
    growth_per_ms: float
    formula: list[str]


class VerificationOut(ResponseModel):
    """A crashed round checked against the chain, with its crash point recomputed."""

    round_id: int
    number: int
    chain_id: int
    terminating_hash: str
    commitment: str
    hash: str
    recorded_crash_point: float
    computed_crash_point: float
    links_previous: bool
    reaches_terminating: bool | None
    valid: bool


FORMULA = [
    "h[0] = SHA-256(seed); h[k+1] = SHA-256(h[k]) (raw 32-byte digests); the terminating hash h[N] is published",
    "round i uses h[N-i]: SHA-256(round hash) = the previous round's hash (round 1: the terminating hash)",
    "u = int(first 13 hex digits of the round hash, 16); R = 1 - house edge",
    "crash point = max(1.00, floor(100 * R * 2^52 / (2^52 - u)) / 100), at most the maximum multiplier",
    "m(t) = e^(growth * t ms), rounded down to 0.01; the round crashes when m reaches the crash point",
]


@router.get("/state", responses=errors(401, 503))
def crash_state(user: Player) -> dict[str, Any]:
    """The live round as every tab sees it (phase, times in epoch ms, bets by nickname, last 20 crash points)."""
    return live.require()


@router.get("/chain")
def crash_chain() -> ChainOut:
    """The active chain's terminating hash (published before its first round) and the crash-point rules."""
    config: CrashConfig = configs.active("crash").config  # type: ignore[assignment]
    found = chains.published()
    return ChainOut(
        chain_id=found.id if found else None,
        length=found.length if found else None,
        terminating_hash=found.terminating_hash if found else None,
        rounds_played=found.rounds if found else 0,
        house_edge_percent=config.house_edge_bp / 100,
        rtp_percent=float(config.rtp * 100),
        max_multiplier=config.max_multiplier_x100 / 100,
        round_payout_cap=config.round_payout_cap,
        betting_seconds=config.betting_ms / 1000,
        growth_per_ms=config.growth_per_ms,
        formula=FORMULA,
    )


@router.post("/bet", response_model=CrashBetOut, responses=errors(400, 401, 403, 409, 422, 503))
def crash_bet(request: Request, user: Player, key: IdempotencyKey, body: CrashBetRequest) -> Response:
    """Bet on the round in its betting phase (stake debited now). `Idempotency-Key` required."""

    def action() -> tuple[int, Any]:
        placed = bets.place(user, body, f"api:{key}")
        return 200, CrashBetOut(
            game_id=placed.game_id,
            round_id=placed.round_id,
            round_number=placed.round_number,
            bet_amount=placed.bet_amount,
            auto_cashout=placed.auto_cashout / 100 if placed.auto_cashout else None,
            balance=placed.balance,
        )

    return respond_once(request, user.id, key, body, action)


@router.post("/cashout", response_model=CashoutOut, responses=errors(400, 401, 404, 409, 422))
def crash_cashout(request: Request, user: Player, key: IdempotencyKey, body: CashoutIn) -> Response:
    """Cash the open bet out at the multiplier now (never above the crash point). `Idempotency-Key` required."""

    def action() -> tuple[int, Any]:
        paid = bets.cash_out(user, body.game_id)
        return 200, CashoutOut(
            game_id=paid.bet_id, multiplier=paid.multiplier / 100, payout=paid.payout, balance=paid.balance
        )

    return respond_once(request, user.id, key, body, action)


def _verification_out(found: verify.Verification) -> VerificationOut:
    return VerificationOut(
        round_id=found.round_id,
        number=found.number,
        chain_id=found.chain_id,
        terminating_hash=found.terminating_hash,
        commitment=found.commitment,
        hash=found.hash,
        recorded_crash_point=found.recorded_crash_point / 100,
        computed_crash_point=found.computed_crash_point / 100,
        links_previous=found.links_previous,
        reaches_terminating=found.reaches_terminating,
        valid=found.valid,
    )


@router.get("/verify", responses=errors(404, 422, 429))
def crash_verify(
    client: Client,
    hash: str = Query(min_length=1, max_length=100, description="a revealed round hash (64 hex characters)"),
    full: bool = Query(False, description="also hash it down to the terminating hash (up to the chain's length)"),
) -> VerificationOut:
    """Check a revealed round hash against the chain and recompute its crash point (`full`: 6 a minute)."""
    return _verification_out(verify.verify(round_hash=hash, full=full, walker=client.ip))


@router.get("/rounds/{round_id}", responses=errors(404, 422))
def crash_round(round_id: int) -> VerificationOut:
    """A crashed round with its proof (rounds still in play are not shown)."""
    if not 1 <= round_id <= 2**62:
        raise verify.RoundUnknown(details={"round_id": round_id})
    return _verification_out(verify.verify(round_id=round_id))
