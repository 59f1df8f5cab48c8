"""Versioned odds tables: one active version per game, the same for every player.

Tables are data: staff add a version (validated by the game's model, audited,
never edited in place) and it becomes active for everyone; every round records
the version it used. The declared RTP is computed exactly from the table by the
game (fractions, no floating point), checked against the game's RTP rule and
published with it. Which games exist, their models and defaults come from the
registry.
"""

from __future__ import annotations

import functools
import json
import time
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session, select

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.games import GameConfig, GameKey
from casino_app.services import audit
from casino_app.services.games import registry

__all__ = ["ActiveConfig", "active", "add_version", "by_version", "ensure_defaults", "versions"]
_TABLE_LOCK = 7002  # advisory lock id: one writer of odds tables at a time
REASON_MAX = 500  # characters of a publishing reason


def __getattr__(name: str) -> BaseModel:
    """``configs.DEFAULT_<GAME>``: the built-in version-1 table of a registered game."""
    if name.startswith("DEFAULT_") and registry.is_game(name.removeprefix("DEFAULT_").lower()):
        return registry.get(name.removeprefix("DEFAULT_").lower()).default_config
    raise AttributeError(name)


def parse(game: str, raw: dict[str, Any]) -> BaseModel:
    """Validate a raw table for ``game`` (422 ``CONFIG_INVALID`` with the reasons)."""
    model = registry.get(game).config_model
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        reasons = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        raise ValidationFailed(code="CONFIG_INVALID", details={"reasons": reasons}) from None


def declared_rtp(game: str, config: BaseModel) -> Fraction:
    """The RTP published with a table (the game's exact formula)."""
    return registry.get(game).rtp(config)


def _check_rtp(game: str, rtp: Fraction) -> None:
    bounds = registry.get(game).rtp_range()
    if bounds is not None and not bounds[0] <= rtp <= bounds[1]:
        raise ValidationFailed(
            code="RTP_OUT_OF_RANGE", details={"rtp": float(rtp), "min": float(bounds[0]), "max": float(bounds[1])}
        )


class ActiveConfig(BaseModel):
    """The table in force for a game."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    game: str
    version: int
    config: Any
    declared_rtp: float
    created_at: Any


@functools.lru_cache(maxsize=64)
def _cached(game: str, version: int, raw_json: str) -> BaseModel:
    return parse(game, json.loads(raw_json))


_ACTIVE_TTL_SECONDS = 1.0
_active_cache: dict[str, tuple[float, ActiveConfig]] = {}


def active(game: str) -> ActiveConfig:
    """The active table of ``game`` (re-read at most every second; rounds record the version they used)."""
    registry.get(game)  # 404 GAME_UNKNOWN
    cached = _active_cache.get(game)
    if cached is not None and time.monotonic() - cached[0] < _ACTIVE_TTL_SECONDS:
        return cached[1]
    table = _load_active(game)
    _active_cache[game] = (time.monotonic(), table)
    return table


def forget_active() -> None:
    """Drop cached active tables (after publishing a version; tests)."""
    _active_cache.clear()


def _active_row(db: Session, game: str) -> GameConfig | None:
    return db.exec(select(GameConfig).where(GameConfig.game == game, GameConfig.is_active.is_(True))).first()  # type: ignore[attr-defined]


def _load_active(game: str) -> ActiveConfig:
    with session_scope() as db:
        row = _active_row(db, game)
    if row is None:
        ensure_defaults()
        with session_scope() as db:
            row = _active_row(db, game)
    assert row is not None
    parsed = _cached(game, row.version, json.dumps(row.config, sort_keys=True))
    return ActiveConfig(
        game=game, version=row.version, config=parsed, declared_rtp=float(row.declared_rtp), created_at=row.created_at
    )


def by_version(game: str, version: int) -> BaseModel:
    """A specific stored version of a game's table (404 ``CONFIG_VERSION_UNKNOWN``)."""
    registry.get(game)
    with session_scope() as db:
        row = db.exec(select(GameConfig).where(GameConfig.game == game, GameConfig.version == version)).first()
    if row is None:
        if version == 1:
            ensure_defaults()
            with session_scope() as db:
                row = db.exec(select(GameConfig).where(GameConfig.game == game, GameConfig.version == 1)).first()
        if row is None:
            raise NotFound(code="CONFIG_VERSION_UNKNOWN", details={"game": game, "version": version})
    return _cached(game, row.version, json.dumps(row.config, sort_keys=True))


def sync_games(db: Session) -> None:
    """Make the database know every registered game (the ``games`` rows odds tables and rounds reference)."""
    keys = registry.keys()
    db.execute(
        insert(GameKey.__table__)
        .values([{"key": key, "created_at": clock.now()} for key in keys])
        .on_conflict_do_nothing(index_elements=["key"])
    )


def ensure_defaults() -> None:
    """Register every game in the database and insert version 1 of any game that has no table (idempotent)."""
    with session_scope() as db:
        db.execute(sa.select(sa.func.pg_advisory_xact_lock(_TABLE_LOCK)))
        sync_games(db)
        for game in registry.games():
            if db.exec(select(GameConfig.id).where(GameConfig.game == game.key)).first() is None:
                db.add(
                    GameConfig(
                        game=game.key,
                        version=1,
                        config=game.default_config.model_dump(mode="json"),
                        declared_rtp=float(round(game.rtp(game.default_config), 6)),
                        is_active=True,
                        created_at=clock.now(),
                    )
                )


def _reason(reason: str | None) -> str:
    """The trimmed reason (none given: ""); given but blank or too long is refused."""
    if reason is None:
        return ""
    why = reason.strip()
    if not why:
        raise ValidationFailed(code="REASON_REQUIRED", details={"field": "reason"})
    if len(why) > REASON_MAX:
        raise ValidationFailed(code="CONFIG_REASON_TOO_LONG", details={"field": "reason", "max": REASON_MAX})
    return why


def add_version(
    game: str, raw: dict[str, Any], *, actor_id: int, ip: str = "", reason: str | None = None
) -> ActiveConfig:
    """Validate and activate a new version of ``game``'s table (audited; old versions stay for history).

    ``reason`` (the console requires one) is kept in the audit row with the version it replaced.
    """
    parsed = parse(game, raw)
    why = _reason(reason)
    rtp = declared_rtp(game, parsed)
    _check_rtp(game, rtp)
    ensure_defaults()
    with session_scope() as db:
        db.execute(sa.select(sa.func.pg_advisory_xact_lock(_TABLE_LOCK)))
        replaced = _active_row(db, game)
        before = {"version": replaced.version, "declared_rtp": float(replaced.declared_rtp)} if replaced else None
        latest = db.execute(sa.select(sa.func.max(GameConfig.version)).where(GameConfig.game == game)).scalar() or 0
        db.execute(
            sa.update(GameConfig).where(GameConfig.game == game, GameConfig.is_active.is_(True)).values(is_active=False)  # type: ignore[attr-defined]
        )
        row = GameConfig(
            game=game,
            version=latest + 1,
            config=parsed.model_dump(mode="json"),
            declared_rtp=float(round(rtp, 6)),
            is_active=True,
            created_by=actor_id,
            created_at=clock.now(),
        )
        db.add(row)
        db.flush()
        after_commit(db, forget_active)  # every process re-reads within a second; this one at once
        audit.record(
            db,
            actor_id=actor_id,
            action="game_config.add_version",
            target_type="game",
            target_id=game,
            details={"version": row.version, "declared_rtp": float(rtp)},
            before=before,
            after={"version": row.version, "declared_rtp": float(rtp)},
            reason=why,
            ip=ip,
        )
    return active(game)


def versions(game: str) -> list[dict[str, Any]]:
    """Every version of a game's table, newest first."""
    registry.get(game)
    with session_scope() as db:
        rows = db.exec(select(GameConfig).where(GameConfig.game == game).order_by(GameConfig.version.desc())).all()  # type: ignore[attr-defined]
        return [
            {
                "version": r.version,
                "is_active": r.is_active,
                "declared_rtp": float(r.declared_rtp),
                "created_by": r.created_by,
                "created_at": r.created_at,
            }
            for r in rows
        ]
