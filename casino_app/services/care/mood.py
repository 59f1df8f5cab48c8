"""The optional mood check-in: at most one answer per KST business day, and a gentle suggestion for it.

The suggestion only ever points toward less: ``rest`` (with a link to the care settings, where a break starts
at once), ``lower_bet`` (advice to keep the bet at its lowest, with a link to the care settings to check the daily
limits — never a link into a staked game), ``free_roulette`` (today's free spin, no gold) or, for a good mood,
``enjoy`` (a neutral "have fun within your limits"). It never suggests playing more, longer or for more gold.
Tired, down and stressed get ``rest``; so does every mood while a break is in force or a daily limit is used up.
The answer is the player's own: it is shown back to them and never used for targeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import Conflict, ValidationFailed
from casino_app.models.care import MoodCheckin
from casino_app.services.care import exclusions, settings
from casino_app.services.games import registry

MOODS = ("great", "good", "okay", "tired", "down", "stressed")
SUGGESTIONS = ("rest", "lower_bet", "free_roulette", "enjoy")
REST_MOODS = frozenset({"tired", "down", "stressed"})
LIGHT_MOODS = frozenset({"okay"})
# Where each suggestion's link goes ("": none): the care settings, or the free roulette (no stake) — never a
# staked game.
CARE_LINK = "/care"
LINKS = {"rest": CARE_LINK, "lower_bet": CARE_LINK, "free_roulette": "/games/roulette", "enjoy": ""}


class MoodInvalid(ValidationFailed):
    """Not one of ``MOODS``."""

    code = "MOOD_INVALID"


class MoodAlreadyToday(Conflict):
    """The player already answered today (KST); ``details``: mood, suggestion."""

    code = "MOOD_ALREADY_TODAY"


@dataclass(frozen=True)
class MoodCheck:
    """A day's answer and the suggestion it got."""

    day: date
    mood: str
    suggestion: str
    created_at: datetime

    @property
    def link(self) -> str:
        """Where the suggestion's link goes ("" for none)."""
        return LINKS[self.suggestion]


def suggest(mood: str, *, resting: bool, free_spin_left: bool) -> str:
    """The suggestion for ``mood``: ``rest`` when ``resting`` (a break or a used-up limit) or for a low mood,
    today's free roulette or the lowest bet for ``okay``, ``enjoy`` for a good mood."""
    if mood not in MOODS:
        raise MoodInvalid(details={"allowed": list(MOODS)})
    if resting or mood in REST_MOODS:
        return "rest"
    if mood in LIGHT_MOODS:
        return "free_roulette" if free_spin_left else "lower_bet"
    return "enjoy"


def _resting(user_id: int) -> bool:
    """A break in force or today's play-time or loss limit used up."""
    if exclusions.current(user_id) is not None:
        return True
    view = settings.get(user_id)
    time_up = view.time_limit_min is not None and view.played_seconds_today >= view.time_limit_min * 60
    loss_up = view.loss_limit_gold is not None and view.loss_today >= view.loss_limit_gold
    return time_up or loss_up


def _free_spin_left(user_id: int) -> bool:
    if not registry.is_game("roulette"):
        return False
    from casino_app.services.games import roulette

    return roulette.available(user_id).free_left > 0


def _view(row: MoodCheckin) -> MoodCheck:
    return MoodCheck(day=row.day, mood=row.mood, suggestion=row.suggestion, created_at=row.created_at)


def today(user_id: int) -> MoodCheck | None:
    """The player's answer for today (KST), if they gave one."""
    day = clock.business_date()
    with session_scope() as db:
        row = db.get(MoodCheckin, (user_id, day))
        return _view(row) if row is not None else None


def checkin(user_id: int, mood: str) -> MoodCheck:
    """Record today's mood and its suggestion (409 ``MOOD_ALREADY_TODAY`` for a second answer the same KST day)."""
    if mood not in MOODS:
        raise MoodInvalid(details={"allowed": list(MOODS)})
    now = clock.now()
    day = clock.business_date(now)
    resting = _resting(user_id)
    free_left = mood in LIGHT_MOODS and not resting and _free_spin_left(user_id)
    suggestion = suggest(mood, resting=resting, free_spin_left=free_left)
    table = MoodCheckin.__table__
    with session_scope() as db:
        inserted = db.execute(
            insert(table)
            .values(user_id=user_id, day=day, mood=mood, suggestion=suggestion, created_at=now)
            .on_conflict_do_nothing(index_elements=[table.c.user_id, table.c.day])
            .returning(table.c.created_at)
        ).first()
        if inserted is None:
            earlier = db.execute(
                sa.select(table.c.mood, table.c.suggestion).where(table.c.user_id == user_id, table.c.day == day)
            ).first()
            details = {"mood": earlier[0], "suggestion": earlier[1]} if earlier is not None else {}
            raise MoodAlreadyToday(details=details)
        return MoodCheck(day=day, mood=mood, suggestion=suggestion, created_at=inserted[0])
