"""``/api/fairness``: the player's seeds, client seed, rotation and verification."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.schemas import ERRORS, ApiModel, ResponseModel, errors
from casino_app.services.fairness import seeds
from casino_app.services.games import registry, verified, verify

router = APIRouter(prefix="/api/fairness", tags=["fairness"])
# The largest pity threshold a gacha odds table may declare: a pity count before a round is below it.
PITY_BEFORE_MAX = 1000


class RevealedSeedOut(ResponseModel):
    """A rotated (now public) seed."""

    server_seed: str
    server_seed_hash: str
    client_seed: str
    rounds: int
    revealed_at: datetime


class SeedsOut(ResponseModel):
    """The active commitment (hash only) and previously revealed seeds."""

    server_seed_hash: str
    client_seed: str
    nonce: int = Field(description="The nonce the next round will use")
    revealed: list[RevealedSeedOut]


class ClientSeedIn(ApiModel):
    """A new client seed (1–64 characters)."""

    client_seed: str = Field(min_length=1, max_length=256)


class RotationOut(ResponseModel):
    """The revealed seed (64 hex characters) and the new commitment."""

    revealed_server_seed: str
    revealed_server_seed_hash: str
    new_server_seed_hash: str


class VerifyIn(ApiModel):
    """Recompute a round from its seeds."""

    game: str = Field(pattern=registry.KEY_PATTERN, description="a registered game (GET /api/games lists them)")
    server_seed: str = Field(pattern="^[0-9a-fA-F]{64}$")
    client_seed: str = Field(min_length=1, max_length=64)
    nonce: int = Field(ge=0, le=verify.NONCE_MAX)
    config_version: int | None = Field(None, ge=1, le=2**31 - 1)
    count: Literal[1, 10] = Field(1, description="gacha: pulls in the round (1 or 10)")
    pity_before: int = Field(
        0, ge=0, le=PITY_BEFORE_MAX, description="gacha: pulls since the last Epic+ before the round"
    )
    sold_out: list[Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=20)]] = Field(
        default_factory=list,
        max_length=10,
        description="gacha: per pull, the limited item ids that were sold out (the round's recorded sold_out lists)",
    )


class VerifyOut(ResponseModel):
    """The recomputed outcome."""

    server_seed_hash: str
    floats: list[float]
    outcome: dict[str, Any]


@router.get("/seeds", responses=errors(401, 403))
def get_seeds(user: Player) -> SeedsOut:
    """The active server-seed hash, client seed, next nonce and revealed seeds."""
    return SeedsOut.model_validate(seeds.view(user.id))


@router.put("/client-seed", responses=errors(401, 403))
def put_client_seed(body: ClientSeedIn, user: Player) -> SeedsOut:
    """Set the client seed used from the next round on."""
    return SeedsOut.model_validate(seeds.set_client_seed(user.id, body.client_seed))


@router.post("/rotate", responses=errors(401, 403))
def rotate(user: Player) -> RotationOut:
    """Reveal the current server seed and commit a new one."""
    return RotationOut.model_validate(seeds.rotate(user.id))


@router.post(
    "/verify",
    responses={
        **errors(401, 403),
        404: {
            **ERRORS[404],
            "description": "GAME_UNKNOWN or CONFIG_VERSION_UNKNOWN: no such game, or no such odds-table version",
        },
    },
)
def verify_round(body: VerifyIn, user: Player) -> VerifyOut:
    """Recompute any round's outcome from a revealed seed, client seed and nonce."""
    result = verify.recompute(
        body.game,
        bytes.fromhex(body.server_seed),
        body.client_seed,
        body.nonce,
        body.config_version,
        count=body.count,
        pity_before=body.pity_before,
        sold_out=body.sold_out,
    )
    verified.mark(user.id, body.game, result.server_seed_hash, body.client_seed, body.nonce)
    return VerifyOut(server_seed_hash=result.server_seed_hash, floats=result.floats, outcome=result.outcome)
