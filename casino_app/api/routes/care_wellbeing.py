"""``/api/mood`` and ``/api/quiz``: the optional daily mood check-in and the play-style quiz."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.errors import locale_of
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.core import clock
from casino_app.i18n import t
from casino_app.services.care import mood, quiz, settings

router = APIRouter(tags=["care"])

Mood = Literal[tuple(mood.MOODS)]  # type: ignore[valid-type]
Suggestion = Literal[tuple(mood.SUGGESTIONS)]  # type: ignore[valid-type]
Style = Literal[tuple(quiz.STYLES)]  # type: ignore[valid-type]
SessionAnswer = Literal[tuple(quiz.QUESTIONS["session"])]  # type: ignore[valid-type]
BudgetAnswer = Literal[tuple(quiz.QUESTIONS["budget"])]  # type: ignore[valid-type]
EnjoyAnswer = Literal[tuple(quiz.QUESTIONS["enjoy"])]  # type: ignore[valid-type]
AfterLossAnswer = Literal[tuple(quiz.QUESTIONS["after_loss"])]  # type: ignore[valid-type]
TimeAnswer = Literal[tuple(quiz.QUESTIONS["time"])]  # type: ignore[valid-type]


class MoodIn(ApiModel):
    """Today's mood."""

    mood: Mood


class MoodOut(ResponseModel):
    """A day's mood and the suggestion it got (texts in the request's language)."""

    day: date = Field(description="The KST business day")
    mood: Mood
    mood_label: str
    suggestion: Suggestion = Field(description="Never more or riskier play: rest, lower_bet, free_roulette or enjoy")
    message: str
    link: str | None = Field(
        description="Where the suggestion points: the care settings (rest, lower_bet) or the free roulette; never a "
        "staked game"
    )


class MoodTodayOut(ResponseModel):
    """Whether the player answered today, and the moods on offer."""

    day: date
    checkin: MoodOut | None
    moods: list[Mood]


def _mood_out(check: mood.MoodCheck, locale: str) -> MoodOut:
    return MoodOut(
        day=check.day,
        mood=check.mood,
        mood_label=t(f"mood.choice.{check.mood}", locale),
        suggestion=check.suggestion,
        message=t(f"mood.suggest.{check.suggestion}", locale),
        link=check.link or None,
    )


@router.get("/api/mood", responses=errors(401, 403))
def mood_today(request: Request, user: Player) -> MoodTodayOut:
    """Today's (KST) mood answer, or null when the player has not answered (answering is optional)."""
    found = mood.today(user.id)
    return MoodTodayOut(
        day=clock.business_date(),
        checkin=_mood_out(found, locale_of(request)) if found is not None else None,
        moods=list(mood.MOODS),
    )


@router.post("/api/mood", responses=errors(401, 403, 409))
def mood_checkin(request: Request, body: MoodIn, user: Player) -> MoodOut:
    """Answer today's mood: at most once per KST day (409 ``MOOD_ALREADY_TODAY`` after). The suggestion is a
    rest for tired, down or stressed (and for any mood during a break or with a daily limit used up), the free
    roulette for okay (or, without a free spin left, advice to keep the bet at its lowest with a link to the care
    settings), and a plain "have fun within your limits" for a good mood. No suggestion links to a staked game."""
    return _mood_out(mood.checkin(user.id, body.mood), locale_of(request))


class QuizAnswersIn(ApiModel):
    """One option per question (all five are required)."""

    session: SessionAnswer = Field(description="How long a session usually lasts")
    budget: BudgetAnswer = Field(description="How gold and purchases are planned")
    enjoy: EnjoyAnswer = Field(description="What the player enjoys most (decides the style)")
    after_loss: AfterLossAnswer = Field(description="How a few losses in a row feel")
    time: TimeAnswer = Field(description="When the player usually plays")


class QuizIn(ApiModel):
    """The quiz answers."""

    answers: QuizAnswersIn


class QuizGameOut(ResponseModel):
    """A game that suits the style."""

    game: str
    name: str
    note: Literal["", "free", "lowest_bet"] = Field(
        description='free: no stake; "": a staked game; lowest_bet: a staked game, best kept at its lowest bet'
    )


class QuizIntervalOut(ResponseModel):
    """The reality-check interval the quiz suggested, and whether it was applied (only ever made shorter)."""

    suggested: int
    previous: int
    applied: bool


class QuizLimitsOut(ResponseModel):
    """Daily limits the quiz suggests, never above the player's limits in force; the player applies them (or not)
    on the care settings page."""

    time_limit_min: int
    loss_limit_gold: int


class QuizLimitAdviceOut(ResponseModel):
    """The advice for one daily limit, measured against the limit in force when the result is read."""

    name: Literal[tuple(settings.LIMITS)]  # type: ignore[valid-type]
    value: int = Field(description="The suggested limit; never above current")
    current: int | None = Field(description="The limit in force (null: none)")
    action: Literal["set", "lower", "keep"] = Field(
        description="set: no limit in force; lower: the suggestion is below the current limit; keep: the current "
        "limit is already as low or lower (the quiz never raises or removes a limit)"
    )


class QuizResultOut(ResponseModel):
    """A quiz result (texts in the request's language)."""

    id: int
    style: Style
    style_name: str
    style_about: str
    answers: dict[str, str]
    games: list[QuizGameOut]
    reality_interval: QuizIntervalOut
    suggested_limits: QuizLimitsOut
    limit_advice: list[QuizLimitAdviceOut]
    created_at: datetime


def _quiz_out(view: quiz.QuizView, locale: str) -> QuizResultOut:
    result = view.result
    return QuizResultOut(
        id=view.id,
        style=view.style,
        style_name=t(f"quiz.style.{view.style}", locale),
        style_about=t(f"quiz.style.{view.style}.about", locale),
        answers=view.answers,
        games=[
            QuizGameOut(game=g["game"], name=t(f"games.name.{g['game']}", locale), note=g["note"])
            for g in result["games"]
        ],
        reality_interval=QuizIntervalOut(**result["reality_interval"]),
        suggested_limits=QuizLimitsOut(**result["suggested_limits"]),
        limit_advice=[
            QuizLimitAdviceOut(name=a.name, value=a.value, current=a.current, action=a.action) for a in view.limits
        ],
        created_at=view.created_at,
    )


@router.get("/api/quiz", responses=errors(401, 403))
def quiz_latest(request: Request, user: Player) -> QuizResultOut | None:
    """The player's latest play-style quiz result, or null before the first one."""
    found = quiz.latest(user.id)
    return _quiz_out(found, locale_of(request)) if found is not None else None


@router.post("/api/quiz/submit", responses=errors(401, 403))
def quiz_submit(request: Request, body: QuizIn, user: Player) -> QuizResultOut:
    """Score the quiz: a style, games that suit it (free ones first; free or lowest-stake ones when losses weigh on
    the player), suggested daily limits (stored, not applied, never above the limits in force: "keep" then) and a
    reality-check interval that is applied only when it is shorter than the player's current one. No risk score is
    computed or stored."""
    answers = body.answers.model_dump()
    return _quiz_out(quiz.submit(user.id, answers), locale_of(request))
