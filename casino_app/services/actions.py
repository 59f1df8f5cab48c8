"""Player actions: the one vocabulary the progression loop counts.

Missions, achievements, the battle pass, leaderboards and referrals all learn what
a player did from here, in the same transaction as the action itself: a domain
service that completes an action records it (``record``), or, on a pipelined path
such as the round engine, sends its statements with its own (``pending`` →
``Pending.statements`` → ``Pending.finish``). A rolled-back action therefore counts
nothing, and a replayed request (which never reaches its service's write path)
never counts twice. Goals count actions, never gold wagered or lost.

A listener is a module in ``LISTENERS`` with a ``LISTENER`` object: its
``statements(action)`` are sent in the caller's round trip, in the order of
``LISTENERS`` (each statement sees the ones before it), and ``finish(db, action,
sent)`` runs once they did (with their ``rows``), for the rare follow-up work — a
completed mission records ``MISSION_COMPLETED`` with ``record``.

A listener whose ``independent`` is true writes rows no other listener reads or
writes and reads nothing another listener writes (a plain upsert). When it has one
statement for the actions at hand, that statement goes first, merged with the other
independent ones (and the caller's own, ``Pending.sendable``) into one statement
(``core.merge.together``): one bind and executor start on the server instead of
several, and about a thousand bytecodes less in the driver for each.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Protocol

from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, run
from casino_app.core.merge import together


class Kind(StrEnum):
    """What a player did. ``count`` says how many (pulls, XP); ``game`` which game when it matters."""

    ROUND_PLAYED = "round_played"  # one round of ``game`` (``multiplier_bp``: payout / stake, when staked)
    GACHA_PULL = "gacha_pull"  # ``count`` pulls (a 10-pull is one round and ten pulls)
    DAILY_CHECKIN = "daily_checkin"
    ROUND_VERIFIED = "round_verified"  # the player verified one of their own rounds (first time per round)
    FOLLOW = "follow"  # started following another player
    PROFILE_COMPLETED = "profile_completed"  # once per player
    MISSION_COMPLETED = "mission_completed"  # ``mission_id`` (and ``event_id`` for an event's mission)
    XP_EARNED = "xp_earned"  # ``count`` XP from check-ins, missions, achievements, passes (not rounds: stake-sized)
    LEVEL_REACHED = "level_reached"  # ``count`` is the level now reached


# Goals a mission or achievement may count (the rest are internal signals).
COUNTABLE: tuple[Kind, ...] = (
    Kind.ROUND_PLAYED,
    Kind.GACHA_PULL,
    Kind.DAILY_CHECKIN,
    Kind.ROUND_VERIFIED,
    Kind.FOLLOW,
    Kind.PROFILE_COMPLETED,
    Kind.MISSION_COMPLETED,
)


@dataclass(frozen=True)
class Action:
    """One action of one player, at ``at`` (the clock's now by default)."""

    user_id: int
    kind: Kind
    game: str | None = None
    count: int = 1
    multiplier_bp: int | None = None
    mission_id: int | None = None
    event_id: int | None = None
    at: datetime = field(default_factory=clock.now)

    def __post_init__(self) -> None:
        if type(self.count) is not int or self.count < 1:
            raise ValueError("an action counts at least one")


class Listener(Protocol):
    """What a progression module gives for an action, and its follow-up once that ran (optionally
    ``independent = True``: see the module's docstring)."""

    def statements(self, action: Action) -> Sequence[Sql]:
        """Statements to send with the action's own (no reads that the caller needs)."""
        ...

    def finish(self, db: Session, action: Action, sent: Sequence[Sql]) -> None:
        """Follow-up work once ``sent`` (this listener's statements) ran, with their rows."""
        ...


# The progression modules, in the order their statements run. The counters go first: others read them.
LISTENERS: tuple[str, ...] = (
    "casino_app.services.action_counts",
    "casino_app.services.missions.progress",
    "casino_app.services.events.progress",
    "casino_app.services.achievements.evaluate",
    "casino_app.services.battlepass.progress",
    "casino_app.services.leaderboards.scores",
    "casino_app.services.referrals.progress",
)


@cache
def listeners() -> tuple[Listener, ...]:
    """Every registered listener, imported once."""
    return tuple(importlib.import_module(name).LISTENER for name in LISTENERS)


@dataclass
class Pending:
    """Statements for some actions, to send in the caller's round trip, then ``finish``."""

    parts: list[tuple[Action, Listener, list[Sql]]]

    @property
    def statements(self) -> list[Sql]:
        """All statements, in order."""
        return [statement for _, _, sent in self.parts for statement in sent]

    def sendable(self, *alongside: Sql | None) -> list[Sql]:
        """What to send: ``alongside`` (the caller's statements, which must not read or write a row that an
        independent listener reads or writes) merged with each independent listener's single statement, then
        every other statement in order (they see the merged statement's writes). An independent listener with
        several statements (several actions) keeps them apart: two parts of one merged statement must not write
        the same row."""
        merged, rest = list(alongside), []
        independent = [listener for _, listener, sent in self.parts if sent and getattr(listener, "independent", False)]
        for _, listener, sent in self.parts:
            if len(sent) == 1 and independent.count(listener) == 1:
                merged += sent
            else:
                rest += sent
        first = together(*merged)
        return [first, *rest] if first is not None else rest

    def finish(self, db: Session) -> None:
        """Run every listener's follow-up (after ``statements`` ran in ``db``'s transaction)."""
        for action, listener, sent in self.parts:
            listener.finish(db, action, sent)


def pending(*actions: Action) -> Pending:
    """The statements of ``actions`` for a pipelined caller (send ``statements``, then call ``finish``)."""
    return Pending([(a, listener, list(listener.statements(a))) for a in actions for listener in listeners()])


def record(db: Session, *actions: Action) -> None:
    """Count ``actions`` in ``db``'s transaction (one round trip, plus any listener's follow-up)."""
    work = pending(*actions)
    db.flush()  # ORM writes of the caller go first
    run(db, *work.sendable())
    work.finish(db)
