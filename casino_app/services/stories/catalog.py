"""The character stories as data: key, art, texts per stage and locale, and what opens stages 2 and 3.

Stage 1 (the title, a blurred teaser picture and the opening lines) is open to every verified adult and never
stored. Stage 2 shows the first half with the finished art, stage 3 the whole story. The teaser is its own file,
obscured in the file itself (``assets/stories/teaser_<key>.svg``, public); the finished art lives in this package
(``art/<key>.svg``, never under ``assets/``) and is only served through the gated ``GET /api/unlock/{key}/art``.

Each of stages 2 and 3 lists one or more requirements; meeting **any one** opens it. A requirement is
deterministic — reach a level (``users.level``), reach a tier of the current battle-pass season, unlock an
achievement (by key), or hold a content pack item bought in the shop (``PACK_ITEMS``; holding it is enough, it is
never used up). There is no random draw anywhere. Every stage can also be opened without buying anything
(``check`` enforces it), and the requirements are listed free ways first, so a stage opened by both records the
free one.

The texts live in ``i18n/<locale>/stories.py`` (``STORIES``, outside the UI catalog so they never reach a
browser except through the age-gated gallery).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casino_app.i18n.en import stories as en_texts
from casino_app.i18n.ko import stories as ko_texts

KINDS = ("level", "battlepass", "achievement", "pack")
STAGES = (1, 2, 3)
UNLOCKABLE = (2, 3)
STORY_PACK = "story_pack_1"
PACK_ITEMS: frozenset[str] = frozenset({STORY_PACK})  # inventory items that are content packs
ART_DIR = Path(__file__).with_name("art")  # the finished art: package data, not a public asset
ART_URL = "/api/unlock/{key}/art"  # served from ART_DIR to players with stage 2 open (api/routes/stories.py)
TEASER_URL = "/stories/teaser_{key}.svg"  # assets/stories/teaser_<key>.svg: public, blurred in the file
ACCENTS = ("pink", "cyan", "violet", "gold", "success")  # palette names (components/theme.py)
TEXT_FIELDS = ("title", "character", "stage1", "stage2", "stage3")
TEXTS: dict[str, dict[str, dict[str, str]]] = {"ko": ko_texts.STORIES, "en": en_texts.STORIES}
MAX_TARGET = 1_000


@dataclass(frozen=True)
class Requirement:
    """One way to open a stage: ``kind`` (``KINDS``) and its target (a level or tier, an achievement key, a pack)."""

    kind: str
    target: int | str


def level(n: int) -> Requirement:
    """Reach level ``n``."""
    return Requirement("level", n)


def battlepass(tier: int) -> Requirement:
    """Reach tier ``tier`` in the current battle-pass season."""
    return Requirement("battlepass", tier)


def achievement(key: str) -> Requirement:
    """Have unlocked the achievement ``key``."""
    return Requirement("achievement", key)


def pack(item: str) -> Requirement:
    """Hold the content pack ``item`` (from the shop; not used up)."""
    return Requirement("pack", item)


@dataclass(frozen=True)
class Story:
    """A story: its key (also the art's file name), the card's accent colour and what opens stages 2 and 3."""

    key: str
    accent: str
    stage2: tuple[Requirement, ...]
    stage3: tuple[Requirement, ...]

    @property
    def art_url(self) -> str:
        """The gated route that serves the finished art (to players with stage 2 open)."""
        return ART_URL.format(key=self.key)

    @property
    def art_path(self) -> Path:
        """The finished art's file (package data; read only by the gated route)."""
        return ART_DIR / f"{self.key}.svg"

    @property
    def teaser_url(self) -> str:
        """The public stage-1 picture: a separate file, blurred and simplified in the file itself."""
        return TEASER_URL.format(key=self.key)

    def requirements(self, stage: int) -> tuple[Requirement, ...]:
        """The requirements of stage 2 or 3, any one of which opens it (none for stage 1)."""
        return {1: (), 2: self.stage2, 3: self.stage3}[stage]

    def text(self, field: str, locale: str) -> str:
        """One text field in ``locale`` (Korean for an unknown locale)."""
        return TEXTS.get(locale, TEXTS["ko"])[self.key][field]

    def paragraphs(self, locale: str, stage: int) -> list[str]:
        """What a reader sees with ``stage`` open: the opening lines, the first half, or the whole story."""
        fields = {1: ("stage1",), 2: ("stage2",), 3: ("stage2", "stage3")}[stage]
        return [p.strip() for field in fields for p in self.text(field, locale).split("\n\n") if p.strip()]


STORIES: tuple[Story, ...] = (
    Story(
        "dealer",
        "pink",
        stage2=(level(2), achievement("profile_completed")),
        stage3=(achievement("verifier"), pack(STORY_PACK)),
    ),
    Story(
        "bartender",
        "gold",
        stage2=(level(3),),
        stage3=(battlepass(3), level(8), pack(STORY_PACK)),
    ),
    Story(
        "dj",
        "cyan",
        stage2=(achievement("first_follow"), level(4)),
        stage3=(battlepass(5), level(10), pack(STORY_PACK)),
    ),
)
BY_KEY: dict[str, Story] = {story.key: story for story in STORIES}


def get(key: str) -> Story | None:
    """The story ``key``, or None."""
    return BY_KEY.get(key)


def problems(stories: tuple[Story, ...] = STORIES) -> list[str]:
    """Everything wrong with the catalog's data (an empty list when it is consistent)."""
    found: list[str] = []
    if len({s.key for s in stories}) != len(stories):
        found.append("duplicate story keys")
    for story in stories:
        where = story.key
        if not story.key.isascii() or not story.key.replace("_", "").isalnum() or len(story.key) > 40:
            found.append(f"{where}: key must be a short lower-case identifier")
        if story.accent not in ACCENTS:
            found.append(f"{where}: unknown accent {story.accent!r}")
        if not story.art_path.is_file():
            found.append(f"{where}: no art file {story.art_path.name}")
        for stage in UNLOCKABLE:
            requirements = story.requirements(stage)
            if not requirements:
                found.append(f"{where}: stage {stage} has no requirement")
            if all(r.kind == "pack" for r in requirements):
                found.append(f"{where}: stage {stage} can only be bought")
            found += [f"{where}: stage {stage}: {p}" for r in requirements if (p := _requirement_problem(r))]
        for locale, texts in TEXTS.items():
            fields = texts.get(story.key, {})
            found += [f"{where}: no {locale} {f}" for f in TEXT_FIELDS if not fields.get(f, "").strip()]
            if fields.get("stage1") and not fields.get("stage2", "").startswith(fields["stage1"]):
                found.append(f"{where}: the {locale} first half does not open with the teaser lines")
    for locale, texts in TEXTS.items():
        found += [f"{key}: {locale} text without a story" for key in texts if key not in {s.key for s in stories}]
    return found


def _requirement_problem(requirement: Requirement) -> str | None:
    kind, target = requirement.kind, requirement.target
    if kind not in KINDS:
        return f"unknown kind {kind!r}"
    if kind in ("level", "battlepass"):
        return None if type(target) is int and 1 <= target <= MAX_TARGET else f"bad {kind} target {target!r}"
    if kind == "pack":
        return None if target in PACK_ITEMS else f"unknown pack {target!r}"
    return None if isinstance(target, str) and target else f"bad achievement key {target!r}"


if _problems := problems():  # bad data must never ship: fail at import, not in front of a player
    raise ValueError(f"story catalog: {_problems}")
