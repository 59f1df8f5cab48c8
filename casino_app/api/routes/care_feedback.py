"""``/api/feedback``: the dealer character's honest reaction to something that just happened."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.errors import locale_of
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.care import feedback
from casino_app.services.care import feedback_catalog as catalog
from casino_app.services.games import registry

router = APIRouter(prefix="/api/feedback", tags=["care"])

ActionType = Literal[tuple(catalog.ACTION_TYPES)]  # type: ignore[valid-type]
Animation = Literal[tuple(catalog.ANIMATIONS)]  # type: ignore[valid-type]
GameKey = Literal[tuple(registry.keys())]  # type: ignore[valid-type]


def _bounded(name: str, description: str) -> Any:
    low, high = feedback.CONTEXT_INTS[name]
    return Field(None, ge=low, le=high, description=description)


class FeedbackContextIn(ApiModel):
    """What the caller knows about the moment (every field optional; nothing else is accepted)."""

    loss_streak: int | None = _bounded("loss_streak", "Rounds lost in a row (3 or more: a break suggestion)")
    win_streak: int | None = _bounded("win_streak", "Rounds won in a row")
    session_minutes: int | None = _bounded("session_minutes", "Minutes of the play session (60 or more: rest)")
    net: int | None = _bounded("net", "The round's payout minus its stake, in gold")
    level: int | None = _bounded("level", "The player's level (level_up)")
    days: int | None = _bounded("days", "Check-in days in a row (daily_checkin)")
    game: GameKey | None = Field(None, description="The registered game the moment happened in")


class FeedbackIn(ApiModel):
    """Something that just happened to the player."""

    action_type: ActionType
    context: FeedbackContextIn | None = None


class CharacterOut(ResponseModel):
    """Who speaks."""

    key: str = Field(examples=[catalog.CHARACTER_KEY])
    name: str


class FeedbackOut(ResponseModel):
    """The dealer's line in the request's language, with the animation to play."""

    message: str
    animation: Animation
    character: CharacterOut
    kind: str = Field(description="The kind of line chosen (e.g. loss_streak after three losses, even for a win "
                      "whose payout did not exceed the stake)")  # fmt: skip
    link: str | None = Field(description="A page the line points to (the care settings for rest lines), or null")


@router.post("", responses=errors(401, 403))
def react(request: Request, body: FeedbackIn, user: Player) -> FeedbackOut:
    """The dealer's reaction: varied lines (not the same one twice in a row), and context first — three losses in
    a row or a session of an hour or more get a gentle break suggestion instead of any celebration, and a "win"
    that paid back no more than the stake is told as it is. Never "almost", never "one more"."""
    locale = locale_of(request)
    context = body.context.model_dump(exclude_none=True) if body.context is not None else None
    reaction = feedback.react(user.id, body.action_type, context)
    return FeedbackOut(
        message=reaction.message(locale),
        animation=reaction.animation,
        character=CharacterOut(key=reaction.character, name=feedback.character_names()[locale]),
        kind=reaction.kind,
        link=reaction.link or None,
    )
