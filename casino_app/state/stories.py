"""The story gallery screen: each story's open text and art, every stage's state, requirements and progress.

Everything shown comes from ``services.stories.unlocks.gallery`` (which refuses players not verified as adults:
the page then explains the age check instead); an unlock calls ``unlocks.unlock``, which decides, and the
gallery is read again. The stories are fixed in code, so the page is laid out per story key (``STORY_KEYS``)
and this state fills per-key entries (``"<key>"`` and ``"<key>-<stage>"``); texts come in both languages.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.shop.errors import AgeVerificationRequired
from casino_app.services.stories import catalog, unlocks
from casino_app.state.auth import AuthState, bilingual_error, require_player

STORY_KEYS: tuple[str, ...] = tuple(story.key for story in catalog.STORIES)
STAGE_KEYS: tuple[str, ...] = tuple(f"{key}-{stage}" for key in STORY_KEYS for stage in catalog.UNLOCKABLE)


def card_fields(view: unlocks.StoryView) -> dict[str, str]:
    """A story's header in both languages: title, character, accent, the open stage and its picture (the public
    teaser at stage 1, else the finished art's gated route, which the browser fetches with its session cookie)."""
    fields = {
        "key": view.key,
        "art": view.art_url,
        "accent": f"var(--cc-{view.story.accent})",
        "stage": str(view.stage),
        "blurred": "1" if view.stage == 1 else "",
    }
    for locale in LOCALES:
        character = view.character(locale)
        fields[f"title_{locale}"] = view.title(locale)
        fields[f"character_{locale}"] = character
        fields[f"alt_{locale}"] = t("stories.art_alt", locale, character=character)
    return fields


def stage_fields(stage: unlocks.StageView) -> dict[str, str]:
    """A stage's state (unlocked / unlockable / locked) and, once open, how and when (flags are "1" or "")."""
    return {
        "state": stage.state,
        "unlocked": "1" if stage.state == "unlocked" else "",
        "unlockable": "1" if stage.state == "unlockable" else "",
        "needs_previous": "1" if stage.needs_previous else "",
        **{
            f"opened_{locale}": t(
                "stories.unlocked_at", locale, source=stage.source_text(locale), at=clock.kst_text(stage.unlocked_at)
            )
            if stage.state == "unlocked"
            else ""
            for locale in LOCALES
        },
    }


def requirement_rows(stage: unlocks.StageView) -> list[dict[str, str]]:
    """A stage's requirements with progress, in both languages."""
    return [
        {
            "kind": r.kind,
            "text_ko": r.text("ko"),
            "text_en": r.text("en"),
            "progress": f"{min(r.current, r.goal):,} / {r.goal:,}",
            "percent": str(min(100, r.current * 100 // r.goal) if r.goal else 0),
            "met": "1" if r.met else "",
        }
        for r in stage.requirements
    ]


class StoriesState(rx.State):
    """The gallery as the page shows it (display strings only; the server decides every unlock)."""

    loaded: bool = False
    adult: bool = False
    cards: dict[str, dict[str, str]] = {key: {} for key in STORY_KEYS}
    text_ko: dict[str, list[str]] = {key: [] for key in STORY_KEYS}
    text_en: dict[str, list[str]] = {key: [] for key in STORY_KEYS}
    stages: dict[str, dict[str, str]] = {key: {} for key in STAGE_KEYS}
    requirements: dict[str, list[dict[str, str]]] = {key: [] for key in STAGE_KEYS}
    busy: str = ""
    result: dict[str, str] = {}
    error: dict[str, str] = {}

    def _fill(self, views: list[unlocks.StoryView]) -> None:
        self.cards = {v.key: card_fields(v) for v in views}
        self.text_ko = {v.key: v.paragraphs("ko") for v in views}
        self.text_en = {v.key: v.paragraphs("en") for v in views}
        stages = [(f"{v.key}-{s.stage}", s) for v in views for s in v.stages if s.stage in catalog.UNLOCKABLE]
        self.stages = {key: stage_fields(s) for key, s in stages}
        self.requirements = {key: requirement_rows(s) for key, s in stages}
        self.adult, self.loaded = True, True

    def _gate(self) -> None:
        """Not verified as an adult: nothing of the gallery stays in the tab."""
        self.cards = {key: {} for key in STORY_KEYS}
        self.text_ko = {key: [] for key in STORY_KEYS}
        self.text_en = {key: [] for key in STORY_KEYS}
        self.stages = {key: {} for key in STAGE_KEYS}
        self.requirements = {key: [] for key in STAGE_KEYS}
        self.adult, self.loaded = False, True

    async def _read(self, user_id: int) -> None:
        try:
            self._fill(await asyncio.to_thread(unlocks.gallery, user_id))
        except AgeVerificationRequired:
            self._gate()

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The gallery (players only; the age check is the service's)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.result, self.error, self.busy = {}, {}, ""
        await self._read(user.id)
        return None

    @rx.event
    async def unlock(self, story: str, stage: str) -> rx.event.EventSpec | None:
        """Open a stage of a story (the service checks the age and the requirements and records it once)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        key, wanted = str(story)[:40], str(stage)[:2]
        if self.busy or key not in STORY_KEYS or wanted not in ("2", "3"):
            return None
        self.busy, self.result, self.error = f"{key}-{wanted}", {}, {}
        try:
            done = await asyncio.to_thread(unlocks.unlock, user.id, key, int(wanted))
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            title = catalog.BY_KEY[done.story].text
            self.result = {
                locale: t("stories.unlocked_result", locale, title=title("title", locale), stage=done.stage)
                for locale in LOCALES
            }
        finally:
            self.busy = ""
        await self._read(user.id)
        return None
