"""The economy configuration: starter gold and the daily check-in reward, as versioned, audited data.

Same shape as the games' odds tables (``services/games/configs.py``): staff add a
complete new version (validated, audited with before, after and the reason) and it
becomes active for everyone at once; old versions stay for history and are never
edited. Version 1 is ``DEFAULT_ECONOMY``, inserted by the migration (and by
``ensure_default`` into a database that lost it). ``docs/economy.md`` explains the
numbers and ``python -m casino_app.cli economy-sim`` shows what they do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlmodel import Session, select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.models.economy import EconomyConfigRow
from casino_app.services import audit

__all__ = ["DEFAULT_ECONOMY", "ActiveEconomy", "EconomyConfig", "active", "add_version", "parse", "versions"]
_TABLE_LOCK = 7011  # advisory lock id: one writer of economy versions at a time


class EconomyConfig(BaseModel):
    """Gold a new player starts with, and the daily reward ``min(base + per_day × streak, cap)`` (gold and XP)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    starter_gold: int = Field(ge=0, le=1_000_000)
    daily_gold_base: int = Field(ge=0, le=1_000_000)
    daily_gold_per_streak_day: int = Field(ge=0, le=100_000)
    daily_gold_cap: int = Field(ge=0, le=1_000_000)
    daily_xp_base: int = Field(ge=0, le=100_000)
    daily_xp_per_streak_day: int = Field(ge=0, le=10_000)
    daily_xp_cap: int = Field(ge=0, le=100_000)

    @model_validator(mode="after")
    def _caps(self) -> EconomyConfig:
        # The first day of a streak (s = 1) is never cut by the cap: a cap below it would hide the formula.
        if self.daily_gold_cap < self.daily_gold_base + self.daily_gold_per_streak_day:
            raise ValueError("daily_gold_cap must be at least the first day's gold (base + per_day)")
        if self.daily_xp_cap < self.daily_xp_base + self.daily_xp_per_streak_day:
            raise ValueError("daily_xp_cap must be at least the first day's XP (base + per_day)")
        return self

    def daily_gold(self, streak: int) -> int:
        """Gold for day ``streak`` (≥ 1) of a check-in streak."""
        return min(self.daily_gold_base + self.daily_gold_per_streak_day * streak, self.daily_gold_cap)

    def daily_xp(self, streak: int) -> int:
        """XP for day ``streak`` (≥ 1) of a check-in streak."""
        return min(self.daily_xp_base + self.daily_xp_per_streak_day * streak, self.daily_xp_cap)


# Version 1, tuned with the simulator (docs/economy.md): the migration inserts exactly this.
DEFAULT_ECONOMY = EconomyConfig(
    starter_gold=1_000,
    daily_gold_base=1_000,
    daily_gold_per_streak_day=200,
    daily_gold_cap=1_800,
    daily_xp_base=50,
    daily_xp_per_streak_day=25,
    daily_xp_cap=800,
)


@dataclass(frozen=True)
class ActiveEconomy:
    """The economy configuration in force and its version."""

    version: int
    config: EconomyConfig
    reason: str
    created_by: int | None
    created_at: datetime | None


def parse(raw: dict[str, Any]) -> EconomyConfig:
    """Validate a complete raw configuration (422 ``ECONOMY_CONFIG_INVALID`` with the reasons)."""
    try:
        return EconomyConfig.model_validate(raw)
    except ValidationError as exc:
        reasons = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        raise ValidationFailed(code="ECONOMY_CONFIG_INVALID", details={"reasons": reasons}) from None


def _active_row(db: Session) -> EconomyConfigRow | None:
    return db.exec(select(EconomyConfigRow).where(EconomyConfigRow.is_active.is_(True))).first()  # type: ignore[attr-defined]


def _of(row: EconomyConfigRow | None) -> ActiveEconomy:
    if row is None:  # only a database emptied behind the migration's back (tests): the shipped version 1
        return ActiveEconomy(1, DEFAULT_ECONOMY, "", None, None)
    return ActiveEconomy(row.version, parse(row.config), row.reason, row.created_by, row.created_at)


def active() -> ActiveEconomy:
    """The configuration in force (one indexed read; signup and the daily check-in use it)."""
    with session_scope() as db:
        return _of(_active_row(db))


def ensure_default(db: Session) -> None:
    """Insert version 1 (``DEFAULT_ECONOMY``) into an empty table, in the caller's transaction."""
    if db.exec(select(EconomyConfigRow.id)).first() is None:
        db.add(
            EconomyConfigRow(
                version=1,
                config=DEFAULT_ECONOMY.model_dump(mode="json"),
                is_active=True,
                reason="shipped default",
                created_at=clock.now(),
            )
        )
        db.flush()


def add_version(raw: dict[str, Any], *, reason: str, actor_id: int, ip: str = "") -> ActiveEconomy:
    """Validate and activate a new version for everyone (audited: who, before, after, why; old versions stay)."""
    parsed = parse(raw)
    why = reason.strip()
    if not why:
        raise ValidationFailed(code="REASON_REQUIRED", details={"field": "reason"})
    with session_scope() as db:
        db.execute(sa.select(sa.func.pg_advisory_xact_lock(_TABLE_LOCK)))
        ensure_default(db)
        before = _of(_active_row(db))
        latest = db.execute(sa.select(sa.func.max(EconomyConfigRow.version))).scalar() or 0
        db.execute(
            sa.update(EconomyConfigRow).where(EconomyConfigRow.is_active.is_(True)).values(is_active=False)  # type: ignore[attr-defined]
        )
        row = EconomyConfigRow(
            version=latest + 1,
            config=parsed.model_dump(mode="json"),
            is_active=True,
            reason=why,
            created_by=actor_id,
            created_at=clock.now(),
        )
        db.add(row)
        db.flush()
        audit.record(
            db,
            actor_id=actor_id,
            action="economy_config.add_version",
            target_type="economy_config",
            target_id=row.version,
            details={
                "version": row.version,
                "before": {"version": before.version, "config": before.config.model_dump(mode="json")},
                "after": row.config,
                "reason": why,
            },
            ip=ip,
        )
        return _of(row)


def versions() -> list[dict[str, Any]]:
    """Every stored version, newest first."""
    with session_scope() as db:
        ensure_default(db)
        rows = db.exec(select(EconomyConfigRow).order_by(EconomyConfigRow.version.desc())).all()  # type: ignore[attr-defined]
        return [
            {
                "version": r.version,
                "is_active": r.is_active,
                "config": r.config,
                "reason": r.reason,
                "created_by": r.created_by,
                "created_at": r.created_at,
            }
            for r in rows
        ]
