"""The games on offer and their published odds tables; staff publish new versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Path
from pydantic import Field

from casino_app.api.deps import Admin, Client, Support
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.games import configs, registry

router = APIRouter(tags=["games"])
# The schema names the registered games, so ``/api/games/achievements/…`` is never read as a game.
GamePath = Path(
    pattern=registry.KEY_PATTERN,
    max_length=20,
    description="a registered game (see GET /api/games)",
    json_schema_extra={"enum": list(registry.keys())},
)


class GameOut(ResponseModel):
    """A game on offer: its key, the action that plays it, its declared RTP (none without a stake)."""

    key: str
    action: str
    play_path: str
    wagered: bool
    config_version: int
    declared_rtp: float | None
    expected_value: dict[str, float]


class OddsOut(ResponseModel):
    """The active odds table of a game, the same for every player."""

    game: str
    version: int
    declared_rtp: float | None
    expected_value: dict[str, float]
    config: dict[str, Any]
    published_at: datetime


class ConfigVersionIn(ApiModel):
    """A complete new odds table (validated; becomes active for everyone)."""

    config: dict[str, Any]
    reason: str | None = Field(None, max_length=500, description="why this version (kept in the audit log)")


class ConfigVersionOut(ResponseModel):
    """A stored version."""

    version: int
    is_active: bool
    declared_rtp: float
    created_by: int | None
    created_at: datetime


def _rtp(game: registry.Game, table: configs.ActiveConfig) -> float | None:
    return table.declared_rtp if game.wagered else None


def _expected(game: registry.Game, table: configs.ActiveConfig) -> dict[str, float]:
    return {kind: float(value) for kind, value in game.expected_value(table.config).items()}


def _odds(table: configs.ActiveConfig) -> OddsOut:
    game = registry.get(table.game)
    return OddsOut(
        game=table.game,
        version=table.version,
        declared_rtp=_rtp(game, table),
        expected_value=_expected(game, table),
        config=table.config.model_dump(mode="json"),
        published_at=table.created_at,
    )


@router.get("/api/games")
def list_games() -> list[GameOut]:
    """Every game on offer with its active table's version and declared RTP (public)."""
    out = []
    for game in registry.games():
        table = configs.active(game.key)
        out.append(
            GameOut(
                key=game.key,
                action=game.action,
                play_path=f"/api/games/{game.key}/{game.action}",
                wagered=game.wagered,
                config_version=table.version,
                declared_rtp=_rtp(game, table),
                expected_value=_expected(game, table),
            )
        )
    return out


@router.get("/api/games/{game}/odds", responses=errors(404))
def odds(game: str = GamePath) -> OddsOut:
    """The active, published odds table and declared RTP (public, no login needed)."""
    return _odds(configs.active(game))


@router.post("/api/admin/games/{game}/configs", status_code=201, tags=["admin"], responses=errors(401, 403, 404))
def add_config_version(body: ConfigVersionIn, staff: Admin, client: Client, game: str = GamePath) -> OddsOut:
    """Publish a new version of a game's odds table (admins only; audited; the game's RTP rule applies)."""
    return _odds(configs.add_version(game, body.config, actor_id=staff.id, ip=client.ip, reason=body.reason))


@router.get("/api/admin/games/{game}/configs", tags=["admin"], responses=errors(401, 403, 404))
def list_config_versions(staff: Support, game: str = GamePath) -> list[ConfigVersionOut]:
    """Every version of a game's table (support and up may read; publishing needs an admin)."""
    return [ConfigVersionOut.model_validate(v) for v in configs.versions(game)]
