"""The registry is the only list of games: a fifth game defined in this test alone is accepted everywhere.

The coin flip below exists only in this module. Registering it (and building
the API afterwards, as the app does at start-up) must be enough for the play
route, odds, the games list, history filters, stats and verification to accept
it — with no change anywhere else.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
import uuid
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, StrictInt

from casino_app.api.app import create_api
from casino_app.core.errors import ValidationFailed
from casino_app.services.fairness import rng
from casino_app.services.games import registry
from casino_app.services.games.registry import Credit, Settlement, Table
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio


class CoinTable(BaseModel):
    """Bet options and the multiplier a right guess pays."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bet_options: list[int] = [10, 20]
    pays: str = "1.9"


class Guess(BaseModel):
    """HEADS or TAILS, and a bet."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    side: Literal["HEADS", "TAILS"]
    bet_amount: StrictInt


def _side(unit: rng.Unit) -> str:
    return ("HEADS", "TAILS")[rng.pick([1, 1], unit)]


class CoinFlip(registry.Game):
    """A toy game: float 0 decides the side."""

    key = "coin"
    action = "flip"
    transfer_kind = "COIN_FLIP"
    config_model = CoinTable
    request_model = Guess
    default_config = CoinTable()

    def check_request(self, request: Any, table: Table, user: Any) -> None:
        if request.bet_amount not in table.config.bet_options:
            raise ValidationFailed(code="BET_NOT_ALLOWED", details={"field": "bet_amount"})

    def resolve(
        self, db: Any, user: Any, request: Any, table: Table, context: Any, units: list[rng.Unit]
    ) -> Settlement:
        side = _side(units[0])
        won = side == request.side
        paid = int(request.bet_amount * Fraction(table.config.pays)) if won else 0
        return Settlement(
            stake=request.bet_amount,
            credits=(Credit(paid, "WIN"),) if paid else (),
            outcome={"side": side, "guess": request.side},
        )

    def recompute(self, units: list[rng.Unit], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        return {"side": _side(units[0])}

    def rtp(self, config: Any) -> Fraction:
        return Fraction(config.pays) / 2

    def summary(self, outcome: Mapping[str, Any]) -> str:
        return str(outcome.get("side", ""))


@pytest.fixture
def coin_game() -> Iterator[CoinFlip]:
    game = registry.register(CoinFlip())
    try:
        yield game
    finally:
        registry.unregister(game.key)


def _first_float(seed: bytes, client_seed: str, nonce: int) -> Fraction:
    digest = hmac.new(seed, f"{client_seed}:{nonce}:0".encode(), hashlib.sha256).digest()
    return Fraction(struct.unpack(">I", digest[:4])[0], 2**32)


async def test_a_game_defined_only_here_is_accepted_everywhere(coin_game: CoinFlip) -> None:
    pair = new_player()
    fund(pair.user.id, 1_000)
    headers = bearer(pair.access_token)
    async with api_client(create_api()) as client:  # built after registering, as the app is at start-up
        listed = (await client.get("/api/games")).json()
        assert "coin" in [g["key"] for g in listed]
        odds = (await client.get("/api/games/coin/odds")).json()
        assert odds["declared_rtp"] == pytest.approx(0.95)
        played = []
        for side in ("HEADS", "TAILS", "HEADS"):
            answer = await client.post(
                "/api/games/coin/flip",
                json={"side": side, "bet_amount": 10},
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            )
            assert answer.status_code == 200, answer.text
            played.append(answer.json())
        refused = await client.post(
            "/api/games/coin/flip",
            json={"side": "EDGE", "bet_amount": 10},
            headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert_envelope(refused, 422)

        history = (await client.get("/api/games/history?game_type=coin", headers=headers)).json()["items"]
        assert sorted(r["id"] for r in history) == sorted(p["round_id"] for p in played)
        stats = (await client.get("/api/games/stats/me", headers=headers)).json()
        assert stats["game_breakdown"]["coin"]["total_bets"] == 3
        one = (await client.get("/api/games/stats/coin", headers=headers)).json()
        assert one["total_wagered"] == 30

        seed = (await client.post("/api/fairness/rotate", headers=headers)).json()["revealed_server_seed"]
        for recorded in history:
            verified = await client.post(
                "/api/fairness/verify",
                headers=headers,
                json={
                    "game": "coin",
                    "server_seed": seed,
                    "client_seed": recorded["client_seed"],
                    "nonce": recorded["nonce"],
                },
            )
            assert verified.status_code == 200, verified.text
            assert verified.json()["outcome"]["side"] == recorded["outcome"]["side"]
            # ... and the toy's own published mapping, recomputed independently.
            f = _first_float(bytes.fromhex(seed), recorded["client_seed"], recorded["nonce"])
            assert recorded["outcome"]["side"] == ("HEADS" if f < Fraction(1, 2) else "TAILS")


async def test_an_unregistered_game_is_refused_by_every_surface(coin_game: CoinFlip) -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    async with api_client(create_api()) as client:
        assert_envelope(await client.get("/api/games/dice/odds"), 404, "GAME_UNKNOWN")
        assert_envelope(await client.get("/api/games/stats/dice", headers=headers), 404, "GAME_UNKNOWN")
        assert_envelope(await client.get("/api/games/history?game_type=dice", headers=headers), 422, "GAME_UNKNOWN")
        body = {"game": "dice", "server_seed": "0" * 64, "client_seed": "c", "nonce": 0}
        assert_envelope(await client.post("/api/fairness/verify", headers=headers, json=body), 404, "GAME_UNKNOWN")
        flip = await client.post(
            "/api/games/dice/roll", json={}, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}
        )
        assert_envelope(flip, 404)
