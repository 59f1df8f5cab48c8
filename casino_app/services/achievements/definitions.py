"""Achievement definitions: loaded from the database, validated, cached, grouped by the action that can unlock them.

The cache is re-read at most every ``TTL_SECONDS`` (and at once after ``forget``),
so a changed definition reaches every process within that time; the unlock
statement also checks ``is_active`` itself, so a deactivated achievement never
unlocks. A row whose requirement, reward or badge name fails validation is logged
and skipped: it can never unlock, and it cannot break the actions that evaluate it.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.db import session_scope
from casino_app.models.achievements import Achievement
from casino_app.services.achievements.requirements import Requirement, RequirementInvalid, goals, parse
from casino_app.services.actions import Kind

logger = logging.getLogger(__name__)

TTL_SECONDS = 10.0
MAX_REWARD = 100_000  # gold or XP per achievement; anything above is a data error, not a reward
BADGE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")  # the file name of ``assets/badges/<badge>.svg``


@dataclass(frozen=True)
class Definition:
    """One achievement as the code sees it."""

    id: int
    key: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    badge: str
    color: str
    requirement: Requirement
    reward_gold: int
    reward_xp: int
    sort: int
    is_active: bool

    def moves_with(self, kind: Kind, game: str | None) -> bool:
        """Whether an action of ``kind`` in ``game`` may complete this achievement."""
        return any(goal.measure.moves_with(kind, game) for goal in goals(self.requirement))


@dataclass
class Catalog:
    """The active definitions, and (computed on first use) which of them an action may unlock."""

    definitions: tuple[Definition, ...]
    _by_action: dict[tuple[Kind, str | None], tuple[Definition, ...]] = field(default_factory=dict)
    # What callers derive from these definitions (the unlock statements), dropped with the catalog.
    derived: dict[object, object] = field(default_factory=dict)

    def affected_by(self, kind: Kind, game: str | None) -> tuple[Definition, ...]:
        """The active definitions an action of ``kind`` in ``game`` may complete."""
        found = self._by_action.get((kind, game))
        if found is None:
            found = tuple(d for d in self.definitions if d.moves_with(kind, game))
            self._by_action[(kind, game)] = found
        return found


_lock = threading.Lock()
_cached: tuple[float, Catalog] | None = None


def from_row(row: sa.Row) -> Definition | None:
    """A definition from an ``achievements`` row (``None`` when its data is invalid)."""
    try:
        requirement = parse(row.requirements)
        if not (0 <= row.reward_gold <= MAX_REWARD and 0 <= row.reward_xp <= MAX_REWARD):
            raise RequirementInvalid(f"rewards out of range: {row.reward_gold} gold, {row.reward_xp} XP")
        if not BADGE_PATTERN.fullmatch(row.badge):
            raise RequirementInvalid(f"badge name {row.badge!r} is not a file name")
    except RequirementInvalid as exc:
        logger.error("achievement %s is invalid and skipped: %s", row.key, exc)
        return None
    return Definition(
        id=row.id,
        key=row.key,
        name_ko=row.name_ko,
        name_en=row.name_en,
        description_ko=row.description_ko,
        description_en=row.description_en,
        badge=row.badge,
        color=row.color,
        requirement=requirement,
        reward_gold=row.reward_gold,
        reward_xp=row.reward_xp,
        sort=row.sort,
        is_active=row.is_active,
    )


def load(db: Session, *, include_inactive: bool = False) -> list[Definition]:
    """Definitions from the database in display order (active ones only unless ``include_inactive``)."""
    table = Achievement.__table__
    query = sa.select(table).order_by(table.c.sort, table.c.id)
    if not include_inactive:
        query = query.where(table.c.is_active.is_(True))
    return [d for d in map(from_row, db.execute(query).all()) if d is not None]


def active() -> Catalog:
    """The cached catalog of active definitions (read in the caller's transaction when it must be refreshed)."""
    global _cached
    cached = _cached
    if cached is not None and time.monotonic() - cached[0] < TTL_SECONDS:
        return cached[1]
    with session_scope() as db:
        catalog = Catalog(tuple(load(db)))
    with _lock:
        _cached = (time.monotonic(), catalog)
    return catalog


def forget() -> None:
    """Drop the cached catalog (after definitions changed; tests)."""
    global _cached
    with _lock:
        _cached = None
