"""``/api/unlock``: the caller's character-story gallery (verified adults only), unlocking a stage, and the
finished art of a story whose stage 2 the caller has open (the web page loads it with its session cookie)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from casino_app.api.deps import Player
from casino_app.api.errors import locale_of
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.api.security_headers import SVG_CSP
from casino_app.api.web_download import DownloadPlayer
from casino_app.i18n import t
from casino_app.services.stories import unlocks

router = APIRouter(prefix="/api/unlock", tags=["stories"])

SVG = "image/svg+xml"
# An SVG can carry script: never cached, and opened on its own it may run or load nothing.
ART_HEADERS = {"Cache-Control": "private, no-store", "Content-Security-Policy": SVG_CSP}
_ART = {"description": "The finished art (an SVG picture).", "content": {SVG: {"schema": {"type": "string"}}}}


class RequirementOut(ResponseModel):
    """One way to open a stage, with the caller's progress (any one met requirement opens the stage)."""

    kind: str = Field(description="level, battlepass (a tier of the current season), achievement or pack")
    target: str = Field(description="The level or tier, the achievement key or the pack's inventory item")
    text: str
    current: int
    goal: int
    met: bool
    available: bool = Field(description="False when it cannot be met now (no battle-pass season is current)")


class StageOut(ResponseModel):
    """A stage: unlocked, unlockable (a requirement is met: POST opens it) or locked."""

    stage: int
    state: str
    source: str | None = Field(description="What opened it: level, battlepass, achievement or pack")
    unlocked_at: datetime | None
    needs_previous: bool = Field(description="Stage 3 while stage 2 is not open yet")
    requirements: list[RequirementOut]


class StoryOut(ResponseModel):
    """A story in the request's language: the open stage's text only (stage 1 is the opening lines)."""

    key: str
    title: str
    character: str
    art_url: str = Field(
        description="The picture the caller may see: the public blurred teaser at stage 1, else the finished art "
        "(GET /api/unlock/{story}/art, with the caller's credentials)"
    )
    stage: int = Field(description="The highest open stage (1 teaser with a blurred picture, 2 half, 3 whole)")
    paragraphs: list[str]
    stages: list[StageOut]


class GalleryOut(ResponseModel):
    """Every story, with the page's legal notice."""

    notice: str
    stories: list[StoryOut]


class UnlockIn(ApiModel):
    """Which stage of which story to open (stage 1 is open to every verified adult)."""

    story: str = Field(min_length=1, max_length=40)
    stage: int = Field(ge=2, le=3)


class UnlockOut(ResponseModel):
    """The recorded unlock (the same on every repeat) and the story as it reads now."""

    story: str
    stage: int
    source: str
    unlocked_at: datetime
    view: StoryOut


def story_out(view: unlocks.StoryView, locale: str) -> StoryOut:
    """A story view in ``locale``."""
    return StoryOut(
        key=view.key,
        title=view.title(locale),
        character=view.character(locale),
        art_url=view.art_url,
        stage=view.stage,
        paragraphs=view.paragraphs(locale),
        stages=[
            StageOut(
                stage=s.stage,
                state=s.state,
                source=s.source,
                unlocked_at=s.unlocked_at,
                needs_previous=s.needs_previous,
                requirements=[
                    RequirementOut(
                        kind=r.kind,
                        target=str(r.target),
                        text=r.text(locale),
                        current=r.current,
                        goal=r.goal,
                        met=r.met,
                        available=r.available,
                    )
                    for r in s.requirements
                ],
            )
            for s in view.stages
        ],
    )


@router.get("", responses=errors(401, 403))
def gallery(request: Request, user: Player) -> GalleryOut:
    """The caller's gallery: each story's open text and every stage's state and requirements with progress.
    403 ``AGE_VERIFICATION_REQUIRED`` unless the caller is verified as an adult (``PLAYERS_ONLY`` for staff)."""
    locale = locale_of(request)
    views = unlocks.gallery(user.id)
    return GalleryOut(notice=t("stories.notice", locale), stories=[story_out(v, locale) for v in views])


@router.post("", responses=errors(401, 403, 404, 422))
def unlock(request: Request, body: UnlockIn, user: Player) -> UnlockOut:
    """Open stage 2 or 3 when one of its requirements is met; a repeat returns the same unlock. 403
    ``AGE_VERIFICATION_REQUIRED``; 403 ``STORY_LOCKED`` (``details.missing``: stage 2 first, or each requirement
    with its progress); 404 ``STORY_NOT_FOUND``; 422 for another stage. A content pack is not used up; no gold
    moves."""
    locale = locale_of(request)
    done = unlocks.unlock(user.id, body.story, body.stage)
    view = unlocks.story_view(user.id, done.story)
    return UnlockOut(
        story=done.story,
        stage=done.stage,
        source=done.source,
        unlocked_at=done.unlocked_at,
        view=story_out(view, locale),
    )


@router.get("/{story}/art", response_class=Response, responses={200: _ART, **errors(401, 403, 404, 422)})
async def art(story: Annotated[str, Path(min_length=1, max_length=40)], user: DownloadPlayer) -> Response:
    """The finished art of a story whose stage 2 the caller has open (``Cache-Control: private, no-store`` and a
    ``Content-Security-Policy`` that allows no script and no loads). Authenticated by the bearer token or, for the
    web page's picture, by the browser's session cookie. 403 ``AGE_VERIFICATION_REQUIRED``; 403 ``STORY_LOCKED``
    while stage 2 is not open (``details.missing``); 404 ``STORY_NOT_FOUND``. Stage 1 shows the public teaser."""
    body = await run_in_threadpool(unlocks.art, user.id, story)
    return Response(body, media_type=SVG, headers=ART_HEADERS)
