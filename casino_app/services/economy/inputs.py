"""What the economy simulator reads: the economy configuration, the games' odds tables, missions, achievements.

``shipped()`` is what a fresh install runs with (the version-1 economy configuration,
each registered game's default table, the default missions and achievements) and
needs no database; ``live()`` reads the versions active in the database now, so an
operator can see what a published change does. Nothing here is a copy of a number:
both read the same objects the app uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from casino_app.services.economy import config as economy_config
from casino_app.services.games import registry
from casino_app.services.games.gacha_table import GachaConfig
from casino_app.services.games.roulette_table import RouletteConfig
from casino_app.services.games.rps_table import RpsConfig
from casino_app.services.games.slot_table import SlotConfig

# Mission cadences the simulator plays (event missions depend on events staff publish; see docs/economy.md).
CADENCES = ("onboarding", "daily", "weekly")


@dataclass(frozen=True)
class MissionSpec:
    """A mission template as the simulator needs it."""

    key: str
    cadence: str
    action: str
    game: str | None
    goal: int
    reward_gold: int
    reward_xp: int
    reward_item_key: str | None
    reward_item_quantity: int


@dataclass(frozen=True)
class AchievementSpec:
    """An achievement: its requirement (``count`` / ``streak`` / ``level``) and its reward."""

    key: str
    requirements: dict[str, Any]
    reward_gold: int
    reward_xp: int


@dataclass(frozen=True)
class Inputs:
    """Everything a simulated economy depends on, and where it came from."""

    source: str
    economy_version: int
    economy: economy_config.EconomyConfig
    slot: SlotConfig
    rps: RpsConfig
    roulette: RouletteConfig
    gacha: GachaConfig
    missions: tuple[MissionSpec, ...]
    achievements: tuple[AchievementSpec, ...]


def _mission(row: Any) -> MissionSpec:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return MissionSpec(
        key=str(get("key")),
        cadence=str(get("cadence")),
        action=str(get("action")),
        game=get("game") or None,
        goal=int(get("goal")),
        reward_gold=int(get("reward_gold")),
        reward_xp=int(get("reward_xp")),
        reward_item_key=get("reward_item_key") or None,
        reward_item_quantity=int(get("reward_item_quantity") or 0),
    )


def _achievement(row: dict[str, Any]) -> AchievementSpec:
    return AchievementSpec(str(row["key"]), dict(row["requirements"]), int(row["reward_gold"]), int(row["reward_xp"]))


def shipped() -> Inputs:
    """The shipped defaults (no database needed)."""
    from casino_app.services.achievements import defaults as achievement_defaults
    from casino_app.services.missions import defaults as mission_defaults

    return Inputs(
        source="shipped defaults",
        economy_version=1,
        economy=economy_config.DEFAULT_ECONOMY,
        slot=registry.get("slot").default_config,
        rps=registry.get("rps").default_config,
        roulette=registry.get("roulette").default_config,
        gacha=registry.get("gacha").default_config,
        missions=tuple(_mission(m) for m in mission_defaults.DEFAULTS if m.cadence in CADENCES),
        achievements=tuple(_achievement(a) for a in achievement_defaults.DEFAULTS),
    )


def live() -> Inputs:
    """The versions active in the database now (economy configuration, odds tables, active missions)."""
    from casino_app.core.db import session_scope
    from casino_app.models.achievements import Achievement
    from casino_app.models.missions import MissionTemplate
    from casino_app.services.games import configs

    economy = economy_config.active()
    tables = {key: configs.active(key) for key in ("slot", "rps", "roulette", "gacha")}
    missions, achievements = MissionTemplate.__table__, Achievement.__table__
    with session_scope() as db:
        mission_rows = db.execute(
            sa.select(missions).where(missions.c.is_active, missions.c.cadence.in_(CADENCES)).order_by(missions.c.id)
        ).mappings()
        mission_specs = tuple(_mission(dict(row)) for row in mission_rows)
        achievement_rows = db.execute(sa.select(achievements).where(achievements.c.is_active)).mappings()
        achievement_specs = tuple(_achievement(dict(row)) for row in achievement_rows)
    versions = ", ".join(f"{key} v{table.version}" for key, table in tables.items())
    return Inputs(
        source=f"live (economy v{economy.version}, {versions})",
        economy_version=economy.version,
        economy=economy.config,
        slot=tables["slot"].config,
        rps=tables["rps"].config,
        roulette=tables["roulette"].config,
        gacha=tables["gacha"].config,
        missions=mission_specs,
        achievements=achievement_specs,
    )
