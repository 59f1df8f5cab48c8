"""The play-style quiz: five short questions about how a player likes to play, and what that suggests.

The result is a style (what the player enjoys most: ``relaxed``, ``collector``, ``social`` or ``quick``), games
from the registry that fit it, and protective defaults:

* a reality-check interval — set at once through ``settings.set_reality_interval``, but only when it is shorter
  than the player's current choice (the quiz never lengthens it);
* a daily play-time limit and a daily loss limit — only *suggested*, and never above the player's own limit in
  force: where that limit is already as low or lower, the advice is to keep it (``advise``). The player applies
  a suggestion (or not) on the care settings page; the quiz never raises or removes a limit.

Recommendations name games; they are not calls to play. Free games come first (the daily free roulette for every
style), then staked ones; the gacha only ever comes last, and only for the collector. Answers that show a harder
time with losses, long or late sessions, or spending beyond a plan make everything gentler: shorter checks, lower
suggested limits, and free or lowest-stake games only (no gacha). The quiz never computes a score or "propensity"
of any kind: the result holds only what was suggested, and it is never used for targeting, offers, odds or prices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.models.care import QuizResult
from casino_app.services.care import settings
from casino_app.services.games import registry

# question -> its options, in the order they are shown
QUESTIONS: dict[str, tuple[str, ...]] = {
    "session": ("short", "medium", "long", "very_long"),
    "budget": ("set_budget", "no_purchase", "no_plan", "over_sometimes"),
    "enjoy": ("collecting", "social", "fast", "relaxed"),
    "after_loss": ("calm", "stop", "upset", "make_up"),
    "time": ("morning", "daytime", "evening", "late_night"),
}
STYLES = ("relaxed", "collector", "social", "quick")
STYLE_OF_ENJOY = {"collecting": "collector", "social": "social", "fast": "quick", "relaxed": "relaxed"}
# Games that suit each style, best first (only registered ones are recommended).
# The free roulette leads every list; the gacha may only close the collector's.
STYLE_GAMES: dict[str, tuple[str, ...]] = {
    "relaxed": ("roulette", "slot"),
    "collector": ("roulette", "gacha"),
    "social": ("roulette", "rps"),
    "quick": ("roulette", "rps", "slot"),
}
SPEND_FREE_OUT = ("gacha",)  # left out when the answers call for a gentler start

TIME_LIMITS = {"short": 30, "medium": 60, "long": 90, "very_long": 120}
GENTLE_TIME_LIMIT = 60
LOSS_LIMITS = {"set_budget": 5_000, "no_purchase": 3_000, "no_plan": 3_000, "over_sometimes": 2_000}
GENTLE_LOSS_LIMIT = 2_000
MAKE_UP_LOSS_LIMIT = 1_000
SHORT_INTERVAL = 15
USUAL_INTERVAL = settings.DEFAULT_INTERVAL


class QuizInvalid(ValidationFailed):
    """A missing, unknown or out-of-list answer (``details``: question, allowed)."""

    code = "QUIZ_INVALID"


@dataclass(frozen=True)
class Recommendation:
    """A game that fits the style (named, not a call to play); ``note``: ``free`` (no stake), ``lowest_bet`` (a
    staked game, with the advice to keep the bet at its lowest) or "" (a staked game)."""

    game: str
    note: str


@dataclass(frozen=True)
class Outcome:
    """What the answers suggest (computed without touching the database)."""

    style: str
    games: tuple[Recommendation, ...]
    reality_interval: int
    time_limit_min: int
    loss_limit_gold: int


@dataclass(frozen=True)
class LimitAdvice:
    """What the quiz says about one daily limit (``name``: ``time_limit_min`` or ``loss_limit_gold``).

    ``action``: ``set`` (no limit in force: ``value`` is the suggestion), ``lower`` (``value`` is below the limit in
    force, ``current``) or ``keep`` (the limit in force is already as low or lower: ``value`` is ``current``).
    ``value`` is never above ``current``.
    """

    name: str
    value: int
    current: int | None
    action: str


@dataclass(frozen=True)
class QuizView:
    """A stored quiz result, with its limit advice measured against the limits in force when it is read."""

    id: int
    answers: dict[str, str]
    style: str
    result: dict[str, Any]
    created_at: datetime
    limits: tuple[LimitAdvice, ...] = ()


def validate(answers: Any) -> dict[str, str]:
    """The answers as ``{question: option}`` (422 ``QUIZ_INVALID`` for a missing, extra or unknown answer)."""
    if not isinstance(answers, Mapping):
        raise QuizInvalid(details={"question": "answers", "allowed": list(QUESTIONS)})
    for name in answers:
        if name not in QUESTIONS:
            raise QuizInvalid(details={"question": str(name)[:40], "allowed": list(QUESTIONS)})
    clean: dict[str, str] = {}
    for question, options in QUESTIONS.items():
        value = answers.get(question)
        if not isinstance(value, str) or value not in options:
            raise QuizInvalid(details={"question": question, "allowed": list(options)})
        clean[question] = value
    return clean


def gentle(answers: Mapping[str, str]) -> bool:
    """Whether the answers call for the gentler defaults (losses weigh, sessions run long or late, spending slips)."""
    return (
        answers["after_loss"] in ("upset", "make_up")
        or answers["budget"] in ("over_sometimes", "no_plan")
        or answers["session"] == "very_long"
        or answers["time"] == "late_night"
    )


def recommend(style: str, careful: bool) -> tuple[Recommendation, ...]:
    """Registered games for ``style``, free ones first; with ``careful``, every free game first, then the staked
    ones (never the gacha) with the advice to keep the bet at its lowest."""
    games = {game.key: game for game in registry.games()}
    wanted = [key for key in STYLE_GAMES[style] if key in games]
    if not careful:
        ordered = sorted(wanted, key=lambda key: games[key].wagered)  # stable: free first, else the style's order
        return tuple(Recommendation(key, "" if games[key].wagered else "free") for key in ordered)
    free = [key for key in (*wanted, *games) if not games[key].wagered]
    staked = [key for key in wanted if games[key].wagered and key not in SPEND_FREE_OUT]
    ordered = list(dict.fromkeys(free)) + staked
    return tuple(Recommendation(key, "lowest_bet" if games[key].wagered else "free") for key in ordered)


def score(answers: Mapping[str, str]) -> Outcome:
    """The style, games and protective defaults for valid ``answers`` (pure; ``validate`` them first)."""
    style = STYLE_OF_ENJOY[answers["enjoy"]]
    careful = gentle(answers)
    interval = SHORT_INTERVAL if careful or answers["session"] == "long" else USUAL_INTERVAL
    time_limit = TIME_LIMITS[answers["session"]]
    loss_limit = LOSS_LIMITS[answers["budget"]]
    if careful:
        time_limit = min(time_limit, GENTLE_TIME_LIMIT)
        loss_limit = min(loss_limit, GENTLE_LOSS_LIMIT)
    if answers["after_loss"] == "make_up":
        loss_limit = min(loss_limit, MAKE_UP_LOSS_LIMIT)
    return Outcome(style, recommend(style, careful), interval, time_limit, loss_limit)


def advise(name: str, suggested: int, in_force: int | None) -> LimitAdvice:
    """The advice for one limit: the suggestion, but never above the player's limit in force (``keep`` it when it
    is already as low or lower) — the quiz never offers to raise or remove a limit."""
    if in_force is None:
        return LimitAdvice(name, suggested, None, "set")
    if in_force <= suggested:
        return LimitAdvice(name, in_force, in_force, "keep")
    return LimitAdvice(name, suggested, in_force, "lower")


def limit_advice(suggested: Mapping[str, int], care: settings.CareView) -> tuple[LimitAdvice, ...]:
    """``advise`` for each daily limit against the limits in force in ``care``."""
    return tuple(advise(name, int(suggested[name]), getattr(care, name)) for name in settings.LIMITS)


def _result(outcome: Outcome, previous: int, applied: bool, care: settings.CareView) -> dict[str, Any]:
    raw = {"time_limit_min": outcome.time_limit_min, "loss_limit_gold": outcome.loss_limit_gold}
    return {
        "games": [{"game": g.game, "note": g.note} for g in outcome.games],
        "reality_interval": {"suggested": outcome.reality_interval, "previous": previous, "applied": applied},
        "suggested_limits": {advice.name: advice.value for advice in limit_advice(raw, care)},
    }


def _view(row: QuizResult, care: settings.CareView) -> QuizView:
    result = dict(row.result)
    limits = limit_advice(result["suggested_limits"], care)
    result["suggested_limits"] = {advice.name: advice.value for advice in limits}  # as low as the limits now
    return QuizView(
        id=row.id or 0,
        answers=dict(row.answers),
        style=row.style,
        result=result,
        created_at=row.created_at,
        limits=limits,
    )


def submit(user_id: int, answers: Any) -> QuizView:
    """Score the answers, shorten the reality-check interval if they suggest a shorter one, and store the result
    (suggested limits never above the player's limits in force)."""
    clean = validate(answers)
    outcome = score(clean)
    now = clock.now()
    with session_scope() as db:
        settings.ensure_row(db, user_id)  # locks the player's care row: concurrent submits apply in turn
        care = settings.get(user_id)
        previous = care.reality_interval_min
        applied = outcome.reality_interval < previous
        if applied:
            settings.set_reality_interval(user_id, outcome.reality_interval)
        row = QuizResult(
            user_id=user_id,
            answers=clean,
            style=outcome.style,
            result=_result(outcome, previous, applied, care),
            created_at=now,
        )
        db.add(row)
        db.flush()
        return _view(row, care)


def latest(user_id: int) -> QuizView | None:
    """The player's most recent quiz result, if any; its limit advice is measured against the limits in force
    now (a limit lowered since the quiz lowers the suggestion too)."""
    table = QuizResult.__table__
    with session_scope() as db:
        row = db.scalars(
            sa.select(QuizResult).where(table.c.user_id == user_id).order_by(table.c.id.desc()).limit(1)
        ).first()
        return _view(row, settings.get(user_id)) if row is not None else None
