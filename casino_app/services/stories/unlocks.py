"""The story gallery a player sees, and unlocking a stage.

Only players verified as Korean adults see anything (403 ``AGE_VERIFICATION_REQUIRED``, the shop's gate in
``shop.limits.require_adult``). Stage 1 is open to all of them and never stored; stages 2 and 3 open when any
one of their requirements (``catalog``) is met and the player asks (``unlock``), which records a
``story_unlocks`` row with its ``source`` (level / battlepass / achievement / pack). Stage 3 needs stage 2.

An unlock is recorded once (unlocking again returns the same row) and stands for good, except one opened by a
content pack: that one stands while the player holds the pack. The pack is never used up, but a withdrawn
purchase takes it back (``shop.refunds``) and with it what it opened; the stage can then be opened again by
another requirement (the row's source and time are replaced). Unlocking moves no gold.

The finished art follows stage 2: ``art`` hands it only to a verified adult whose stage 2 of that story stands
(a lapsed pack unlock does not); everyone else sees the public teaser (``StoryView.art_url``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import NotFound
from casino_app.i18n import t
from casino_app.models.accounts import User
from casino_app.models.achievements import Achievement, UserAchievement
from casino_app.models.battlepass import BattlePassProgress, BattlePassTier
from casino_app.models.care import StoryUnlock
from casino_app.models.games import InventoryItem
from casino_app.services.battlepass import seasons
from casino_app.services.shop import limits
from casino_app.services.stories import catalog
from casino_app.services.stories.catalog import Requirement, Story
from casino_app.services.stories.errors import StageInvalid, StoryLocked, StoryNotFound

STATES = ("unlocked", "unlockable", "locked")


@dataclass(frozen=True)
class Standing:
    """What the player has now, for every kind of requirement."""

    level: int
    season: bool  # a battle-pass season is current
    tier: int  # the highest tier reached in it (0 without a season)
    achievements: frozenset[str]  # keys unlocked
    achievement_names: Mapping[str, tuple[str, str]]  # key -> (Korean, English) of the referenced ones
    achievable: frozenset[str]  # referenced keys that are active or already unlocked
    packs: Mapping[str, int]  # content pack -> quantity held


@dataclass(frozen=True)
class RequirementView:
    """One requirement with the player's progress toward it (``available``: it can be met at all right now)."""

    kind: str
    target: int | str
    current: int
    goal: int
    available: bool
    name_ko: str
    name_en: str

    @property
    def met(self) -> bool:
        """Whether the player meets it now."""
        return self.current >= self.goal

    def text(self, locale: str) -> str:
        """The requirement as a sentence in ``locale``."""
        if self.kind == "battlepass":
            key = "stories.req_battlepass" if self.available else "stories.req_battlepass_none"
            return t(key, locale, target=self.target)
        if self.kind == "level":
            return t("stories.req_level", locale, target=self.target)
        name = self.name_en if locale == "en" else self.name_ko
        return t(f"stories.req_{self.kind}", locale, name=name)


@dataclass(frozen=True)
class StageView:
    """A stage of a story for this player: ``state`` (``STATES``) and, once unlocked, how and when."""

    stage: int
    state: str
    source: str | None
    unlocked_at: datetime | None
    requirements: tuple[RequirementView, ...]
    needs_previous: bool  # stage 3 while stage 2 is not open

    def source_text(self, locale: str) -> str:
        """How the stage was opened, in ``locale`` ("" for stage 1 and stages not open)."""
        return t(f"stories.source_{self.source}", locale) if self.source in catalog.KINDS else ""


@dataclass(frozen=True)
class StoryView:
    """A story as this player sees it: the highest open ``stage`` (1–3) and each stage's state."""

    story: Story
    stage: int
    stages: tuple[StageView, ...]

    @property
    def key(self) -> str:
        """The story's key."""
        return self.story.key

    def title(self, locale: str) -> str:
        """The title in ``locale``."""
        return self.story.text("title", locale)

    def character(self, locale: str) -> str:
        """Whose story it is, in ``locale``."""
        return self.story.text("character", locale)

    def paragraphs(self, locale: str) -> list[str]:
        """The text the open stage shows (never more)."""
        return self.story.paragraphs(locale, self.stage)

    @property
    def art_url(self) -> str:
        """The picture this player may see: the public blurred teaser at stage 1, else the gated finished art."""
        return self.story.teaser_url if self.stage == 1 else self.story.art_url


@dataclass(frozen=True)
class Unlock:
    """A recorded unlock (the same one however often it is asked for)."""

    story: str
    stage: int
    source: str
    unlocked_at: datetime


def _require_adult(db: Session, user_id: int) -> int:
    """The player's level; 403 ``AGE_VERIFICATION_REQUIRED`` unless verified as an adult, 404 for no such user."""
    row = db.execute(sa.select(User.age_verified_at, User.level).where(User.id == user_id)).first()
    if row is None:
        raise NotFound()
    limits.require_adult(row.age_verified_at)
    return int(row.level)


def _tier(db: Session, user_id: int) -> tuple[bool, int]:
    """Whether a battle-pass season is current, and the highest tier the player reached in it."""
    season = seasons.current(db, clock.now())
    if season is None or season.id is None:
        return False, 0
    xp = sa.func.coalesce(
        sa.select(BattlePassProgress.xp)
        .where(BattlePassProgress.season_id == season.id, BattlePassProgress.user_id == user_id)
        .scalar_subquery(),
        0,
    )
    top = db.execute(
        sa.select(sa.func.max(BattlePassTier.level)).where(
            BattlePassTier.season_id == season.id, BattlePassTier.xp_required <= xp
        )
    ).scalar_one()
    return True, int(top or 0)


def _standing(db: Session, user_id: int, level: int, stories: tuple[Story, ...]) -> Standing:
    wanted = [r for s in stories for stage in catalog.UNLOCKABLE for r in s.requirements(stage)]
    keys = sorted({str(r.target) for r in wanted if r.kind == "achievement"})
    packs = sorted({str(r.target) for r in wanted if r.kind == "pack"})
    names: dict[str, tuple[str, str]] = {}
    achieved: frozenset[str] = frozenset()
    achievable: frozenset[str] = frozenset()
    if keys:
        columns = (Achievement.key, Achievement.name_ko, Achievement.name_en, Achievement.is_active)
        rows = db.execute(
            sa.select(*columns, UserAchievement.user_id)
            .outerjoin(
                UserAchievement,
                sa.and_(UserAchievement.achievement_id == Achievement.id, UserAchievement.user_id == user_id),
            )
            .where(Achievement.key.in_(keys))
        ).all()
        names = {row.key: (row.name_ko, row.name_en) for row in rows}
        achieved = frozenset(row.key for row in rows if row.user_id is not None)
        achievable = achieved | {row.key for row in rows if row.is_active}
    held: dict[str, int] = {}
    if packs:
        items = InventoryItem.__table__
        found = db.execute(
            sa.select(items.c.item_id, items.c.quantity).where(items.c.user_id == user_id, items.c.item_id.in_(packs))
        ).all()
        held = {str(item): int(quantity) for item, quantity in found}
    season, tier = _tier(db, user_id) if any(r.kind == "battlepass" for r in wanted) else (False, 0)
    return Standing(level, season, tier, achieved, names, achievable, held)


def _measure(requirement: Requirement, standing: Standing) -> RequirementView:
    kind, target = requirement.kind, requirement.target
    names = (str(target), str(target))
    if kind == "level":
        current, goal, available = standing.level, int(target), True
    elif kind == "battlepass":
        current, goal, available = standing.tier, int(target), standing.season
    elif kind == "achievement":
        names = standing.achievement_names.get(str(target), names)
        current, goal = (1 if target in standing.achievements else 0), 1
        available = str(target) in standing.achievable
    else:
        names = (t(f"stories.pack_{target}", "ko"), t(f"stories.pack_{target}", "en"))
        current, goal, available = min(standing.packs.get(str(target), 0), 1), 1, True
    return RequirementView(kind, target, current, goal, available, *names)


def _stands(row: tuple[str, datetime] | None, story: Story, stage: int, standing: Standing) -> bool:
    """Whether a recorded unlock stands: always, except a pack's while the pack is no longer held."""
    if row is None:
        return False
    if row[0] != "pack":
        return True
    return any(r.kind == "pack" and standing.packs.get(str(r.target), 0) > 0 for r in story.requirements(stage))


def _rows(db: Session, user_id: int, story: str | None = None) -> dict[tuple[str, int], tuple[str, datetime]]:
    table = StoryUnlock.__table__
    query = sa.select(table.c.story, table.c.stage, table.c.source, table.c.unlocked_at).where(
        table.c.user_id == user_id
    )
    if story is not None:
        query = query.where(table.c.story == story)
    return {(r.story, int(r.stage)): (r.source, r.unlocked_at) for r in db.execute(query).all()}


def _view(story: Story, rows: Mapping[tuple[str, int], tuple[str, datetime]], standing: Standing) -> StoryView:
    open_ = {1: True} | {s: _stands(rows.get((story.key, s)), story, s, standing) for s in catalog.UNLOCKABLE}
    stages = [StageView(1, "unlocked", None, None, (), False)]
    for stage in catalog.UNLOCKABLE:
        views = tuple(_measure(r, standing) for r in story.requirements(stage))
        blocked = not open_[stage - 1]
        if open_[stage] and not blocked:
            source, at = rows[(story.key, stage)]
            stages.append(StageView(stage, "unlocked", source, at, views, False))
        else:
            state = "unlockable" if not blocked and any(v.met for v in views) else "locked"
            stages.append(StageView(stage, state, None, None, views, blocked))
    highest = max(s.stage for s in stages if s.state == "unlocked")
    return StoryView(story, highest, tuple(stages))


def _missing(views: Iterable[RequirementView]) -> list[dict[str, int | str]]:
    """``STORY_LOCKED``'s ``details.missing``: each requirement with the player's progress."""
    return [{"kind": v.kind, "target": v.target, "current": v.current, "goal": v.goal} for v in views]


def gallery(user_id: int) -> list[StoryView]:
    """Every story as the player sees it: the open stage's text, and each stage unlocked, unlockable (a
    requirement is met: ``unlock`` will open it) or locked, with every requirement's progress.

    Raises 403 ``AGE_VERIFICATION_REQUIRED`` unless the player is verified as an adult.
    """
    with session_scope() as db:
        level = _require_adult(db, user_id)
        standing = _standing(db, user_id, level, catalog.STORIES)
        rows = _rows(db, user_id)
    return [_view(story, rows, standing) for story in catalog.STORIES]


def story_view(user_id: int, key: str) -> StoryView:
    """One story as the player sees it (after an unlock); 404 ``STORY_NOT_FOUND``, 403 as ``gallery``."""
    story = catalog.get(key)
    if story is None:
        raise StoryNotFound(details={"story": key[:40]})
    with session_scope() as db:
        level = _require_adult(db, user_id)
        standing = _standing(db, user_id, level, (story,))
        rows = _rows(db, user_id, story.key)
    return _view(story, rows, standing)


def unlock(user_id: int, key: str, stage: int) -> Unlock:
    """Open stage 2 or 3 of story ``key`` for the player, recording which requirement opened it.

    Checks in this order: 404 ``STORY_NOT_FOUND``; 422 ``STORY_STAGE_INVALID`` (only 2 and 3); 403
    ``AGE_VERIFICATION_REQUIRED``; 403 ``STORY_LOCKED`` when stage 3 is asked before stage 2 is open
    (``missing`` names stage 2) or when no requirement is met (``missing`` lists each with its progress).
    Idempotent: a standing unlock is returned as it was recorded; concurrent calls record one row (they are
    serialised per player and story). A content pack is only looked at, never used up; no gold moves.
    """
    story = catalog.get(key)
    if story is None:
        raise StoryNotFound(details={"story": key[:40]})
    if type(stage) is not int or stage not in catalog.UNLOCKABLE:
        raise StageInvalid(details={"allowed": list(catalog.UNLOCKABLE)})
    with session_scope() as db:
        level = _require_adult(db, user_id)
        db.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"story:{user_id}:{story.key}"))))
        rows = _rows(db, user_id, story.key)
        standing = _standing(db, user_id, level, (story,))
        current = rows.get((story.key, stage))
        if _stands(current, story, stage, standing) and current is not None:
            return Unlock(story.key, stage, current[0], current[1])
        if stage == 3 and not _stands(rows.get((story.key, 2)), story, 2, standing):
            missing = [{"kind": "stage", "target": 2, "current": 0, "goal": 1}]
            raise StoryLocked(details={"story": story.key, "stage": stage, "missing": missing})
        views = [_measure(r, standing) for r in story.requirements(stage)]
        met = next((v for v in views if v.met), None)
        if met is None:
            raise StoryLocked(details={"story": story.key, "stage": stage, "missing": _missing(views)})
        table = StoryUnlock.__table__
        now = clock.now()
        row = db.execute(
            insert(table)
            .values(user_id=user_id, story=story.key, stage=stage, source=met.kind, unlocked_at=now)
            .on_conflict_do_update(  # only a lapsed pack unlock is still there: replace how it is opened
                index_elements=["user_id", "story", "stage"], set_={"source": met.kind, "unlocked_at": now}
            )
            .returning(table.c.source, table.c.unlocked_at)
        ).one()
        return Unlock(story.key, stage, row.source, row.unlocked_at)


def art(user_id: int, key: str) -> bytes:
    """The finished art of story ``key`` (SVG bytes), for a player whose stage 2 of it is open.

    404 ``STORY_NOT_FOUND``; 403 ``AGE_VERIFICATION_REQUIRED`` unless verified as an adult; 403 ``STORY_LOCKED``
    (``details.missing``: stage 2's requirements with progress) while stage 2 is not open — never unlocked, or
    opened by a content pack that is no longer held. Stage 1 readers get the public teaser instead.
    """
    view = story_view(user_id, key)
    if view.stage < 2:
        stage2 = next(s for s in view.stages if s.stage == 2)
        raise StoryLocked(details={"story": view.key, "stage": 2, "missing": _missing(stage2.requirements)})
    return view.story.art_path.read_bytes()
