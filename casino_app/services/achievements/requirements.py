"""Achievement requirements as data, and the one evaluator that turns them into SQL.

A requirement is JSON, validated here::

    {"count": {"action": "round_played", "game": "slot", "at_least": 1}}   # one game's rounds
    {"count": {"action": "round_played", "game": null, "at_least": 100}}   # rounds of any game
    {"level": {"at_least": 10}}                                            # the player's level
    {"streak": {"at_least": 7}}                                            # longest daily check-in streak
    {"all": [<requirement>, ...]}                                          # every part met

Every requirement is a conjunction of *goals*: a measure of the player (a count of
``player_action_counts``, the level, the longest streak) that must reach a target.
``measure_sql`` is the only translation of a measure into SQL; the unlock statement
(``services.achievements.evaluate``) and the progress shown to the player both use
it, so what is displayed is exactly what unlocks. Counts are actions, never gold:
no requirement can ask for gold won, wagered or lost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from casino_app.services.actions import COUNTABLE, Kind

GAME_PATTERN = r"^[a-z][a-z0-9_]{1,19}$"  # the game registry's key rule
MAX_TARGET = 1_000_000_000
MAX_PARTS = 8


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


Target = Annotated[int, Field(ge=1, le=MAX_TARGET)]


class Count(_Strict):
    """How many times the player did ``action`` (in ``game``, or in every game when ``game`` is null)."""

    action: str
    game: Annotated[str, Field(pattern=GAME_PATTERN)] | None = None
    at_least: Target

    @field_validator("action")
    @classmethod
    def _countable(cls, value: str) -> str:
        if value not in {kind.value for kind in COUNTABLE}:
            raise ValueError(f"{value!r} is not a countable action")
        return value


class AtLeast(_Strict):
    """A threshold."""

    at_least: Target


class CountRequirement(_Strict):
    count: Count


class LevelRequirement(_Strict):
    level: AtLeast


class StreakRequirement(_Strict):
    streak: AtLeast


class AllRequirement(_Strict):
    all: Annotated[list[Requirement], Field(min_length=1, max_length=MAX_PARTS)]


Requirement = CountRequirement | LevelRequirement | StreakRequirement | AllRequirement
AllRequirement.model_rebuild()
_ADAPTER: TypeAdapter[Requirement] = TypeAdapter(Requirement)


class RequirementInvalid(ValueError):
    """The requirement data does not follow the schema."""


def parse(data: Any) -> Requirement:
    """Validate requirement data (a JSON object); raises ``RequirementInvalid``."""
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise RequirementInvalid(str(exc)) from None


def dump(requirement: Requirement) -> dict[str, Any]:
    """The requirement as JSON data (what the ``requirements`` column stores)."""
    return _ADAPTER.dump_python(requirement, mode="json")


@dataclass(frozen=True)
class Measure:
    """Something countable about a player: ``count`` of an action (``game`` None = all games), ``level``, ``streak``."""

    source: str
    action: str | None = None
    game: str | None = None

    @property
    def changed_by(self) -> Kind:
        """The action after which this measure may have grown."""
        if self.source == "count":
            return Kind(self.action)
        return Kind.LEVEL_REACHED if self.source == "level" else Kind.DAILY_CHECKIN

    def moves_with(self, kind: Kind, game: str | None) -> bool:
        """Whether an action of ``kind`` in ``game`` may grow this measure."""
        return self.changed_by == kind and (self.game is None or self.game == game)


@dataclass(frozen=True)
class Goal:
    """One part of a requirement: ``measure`` must reach ``target``."""

    measure: Measure
    target: int


def goals(requirement: Requirement) -> tuple[Goal, ...]:
    """The requirement as the goals that must all be met."""
    return tuple(_goals(requirement))


def _goals(requirement: Requirement) -> Iterator[Goal]:
    match requirement:
        case CountRequirement(count=c):
            yield Goal(Measure("count", c.action, c.game), c.at_least)
        case LevelRequirement(level=t):
            yield Goal(Measure("level"), t.at_least)
        case StreakRequirement(streak=t):
            yield Goal(Measure("streak"), t.at_least)
        case AllRequirement(all=parts):
            for part in parts:
                yield from _goals(part)


def measure_sql(measure: Measure, params: dict[str, Any], name: str) -> str:
    """``measure`` of the player ``%(user_id)s`` as a scalar SQL expression; its parameters go into ``params``
    under names starting with ``name``."""
    if measure.source == "level":
        return "(SELECT level FROM users WHERE id = %(user_id)s)"
    if measure.source == "streak":
        return "COALESCE((SELECT longest_streak FROM user_streaks WHERE user_id = %(user_id)s), 0)"
    # Only parameter *names* are formatted into the text; every value is a bound parameter.
    params[f"{name}_action"] = measure.action
    if measure.game is None:
        return (
            "(SELECT COALESCE(SUM(total), 0) FROM player_action_counts"  # noqa: S608
            f" WHERE user_id = %(user_id)s AND action = %({name}_action)s)"
        )
    params[f"{name}_game"] = measure.game
    return (
        "COALESCE((SELECT total FROM player_action_counts"  # noqa: S608
        f" WHERE user_id = %(user_id)s AND action = %({name}_action)s AND game = %({name}_game)s), 0)"
    )


def condition_sql(requirement: Requirement, params: dict[str, Any], name: str) -> str:
    """Whether the player ``%(user_id)s`` meets ``requirement``, as a SQL boolean (parameters into ``params``)."""
    parts = []
    for i, goal in enumerate(goals(requirement)):
        params[f"{name}_{i}_target"] = goal.target
        parts.append(f"{measure_sql(goal.measure, params, f'{name}_{i}')} >= %({name}_{i}_target)s")
    return "(" + " AND ".join(parts) + ")"


def progress(requirement: Requirement, values: Mapping[Measure, int]) -> tuple[int, int]:
    """(current, target) toward ``requirement`` from measured ``values``; each goal counts up to its target."""
    parts = goals(requirement)
    return sum(min(values.get(g.measure, 0), g.target) for g in parts), sum(g.target for g in parts)
