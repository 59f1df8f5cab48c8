"""Honest feedback from the dealer character, Haru: one short line and an animation after something happened.

A game or screen reports an action type (``feedback_catalog.ACTION_TYPES``) with a small context; the reaction
is a line from the catalog in Korean and English. The rules, in order:

1. a purchase always gets a purchase line (thanks, where the receipt is, that limits can be lowered — never an
   offer);
2. ``loss_streak`` of ``LOSS_STREAK_BREAK`` or more, whatever was reported, gets a loss-streak line: it suggests
   a break and points to the care settings, never to playing on;
3. a session of ``LONG_SESSION_MIN`` minutes or more gets a long-session line (rest), also over a win;
4. a "win" whose ``net`` (payout minus stake) is not above zero gets the plain ``even`` line: no celebration when
   the payout is not more than the stake;
5. otherwise the action type's own lines.

After a game round, ``after_round`` works the moment out on the server: the action type from the round's stake
and payout, and the loss or win streak and the session's minutes from the player's own rounds and play session in
the database (across tabs; a Reflex state that was reset cannot lose count).

Lines vary: the index last shown to the player for that kind is kept in Redis (``care:dealer:last:<user>:<kind>``,
a day) and not picked again; without Redis, or when it fails, an in-process memory does the same job as well as
it can (a random pick never crashes a round). Nothing here reads or changes odds, balances or offers.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import redis
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import ValidationFailed
from casino_app.core.redis_client import get_redis
from casino_app.i18n import LOCALES, t
from casino_app.models.care import PlayerCare
from casino_app.models.games import GameRound
from casino_app.services.care import feedback_catalog as catalog
from casino_app.services.care import play
from casino_app.services.games import registry
from casino_app.services.games.win_tier import WinTier, win_tier

logger = logging.getLogger(__name__)

LOSS_STREAK_BREAK = 3
LONG_SESSION_MIN = 60
WIN_STREAK_NOTE = 3  # from three wins in a row the line suggests pausing on a high note
STREAK_WINDOW = 20  # rounds read to count a streak (a longer one reads as 20)
MEMORY_SECONDS = 86_400
MEMORY_ENTRIES = 10_000
# The context's whole vocabulary: small integers with their bounds, and ``game`` (a registered game key).
CONTEXT_INTS: dict[str, tuple[int, int]] = {
    "loss_streak": (0, 1000),
    "win_streak": (0, 1000),
    "session_minutes": (0, 10_080),
    "net": (-(10**12), 10**12),
    "level": (1, 10_000),
    "days": (1, 10_000),
}
CONTEXT_KEYS = (*CONTEXT_INTS, "game")


class FeedbackInvalid(ValidationFailed):
    """An unknown action type or a context outside the vocabulary (``details.field`` names what)."""

    code = "FEEDBACK_INVALID"


@dataclass(frozen=True)
class Context:
    """What the caller told about the moment (every field optional)."""

    loss_streak: int | None = None
    win_streak: int | None = None
    session_minutes: int | None = None
    net: int | None = None
    level: int | None = None
    days: int | None = None
    game: str | None = None


@dataclass(frozen=True)
class Reaction:
    """The dealer's reaction: the kind of line chosen, its index, the line in every language and the animation."""

    kind: str
    variant: int
    messages: dict[str, str]
    animation: str
    link: str
    character: str = catalog.CHARACTER_KEY

    def message(self, locale: str) -> str:
        """The line in ``locale`` (Korean for anything unknown)."""
        return self.messages.get(locale, self.messages["ko"])


def parse_context(raw: Mapping[str, Any] | None) -> Context:
    """The context as a ``Context``; 422 ``FEEDBACK_INVALID`` for an unknown key or a value out of its bounds."""
    if raw is None:
        return Context()
    if not isinstance(raw, Mapping) or len(raw) > len(CONTEXT_KEYS):
        raise FeedbackInvalid(details={"field": "context"})
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None:
            continue
        if name == "game":
            if not isinstance(value, str) or not registry.is_game(value):
                raise FeedbackInvalid(details={"field": "game"})
        elif name in CONTEXT_INTS:
            low, high = CONTEXT_INTS[name]
            if type(value) is not int or not low <= value <= high:
                raise FeedbackInvalid(details={"field": str(name)[:40]})
        else:
            raise FeedbackInvalid(details={"field": str(name)[:40]})
        values[name] = value
    return Context(**values)


def kind_for(action_type: str, context: Context) -> str:
    """Which kind of line answers ``action_type`` in ``context`` (the rules in the module docstring)."""
    if action_type not in catalog.ACTION_TYPES:
        raise FeedbackInvalid(details={"field": "action_type"})
    if action_type == "purchase":
        return "purchase"
    if action_type == "loss_streak" or (context.loss_streak or 0) >= LOSS_STREAK_BREAK:
        return "loss_streak"
    if action_type == "long_session" or (context.session_minutes or 0) >= LONG_SESSION_MIN:
        return "long_session"
    if action_type in ("win", "big_win") and context.net is not None and context.net <= 0:
        return "even"
    return action_type


def _params(kind: str, context: Context, locale: str) -> dict[str, str]:
    """The placeholder values this kind may use, from what the context gives."""
    found: dict[str, str] = {}
    if context.game is not None:
        found["game"] = t(f"games.name.{context.game}", locale)
    net = context.net
    if net is not None and ((kind in ("win", "big_win") and net > 0) or (kind == "loss" and net < 0)):
        found["gold"] = f"{abs(net):,}"
    streak = {"loss_streak": context.loss_streak, "win_streak": context.win_streak}.get(kind)
    if streak is not None and streak >= 2:
        found["streak"] = f"{streak:,}"
    if context.level is not None:
        found["level"] = str(context.level)
    if context.session_minutes is not None and context.session_minutes >= LONG_SESSION_MIN:
        found["minutes"] = f"{context.session_minutes:,}"
    if context.days is not None:
        found["days"] = f"{context.days:,}"
    return found


class _Recent:
    """A small in-process memory of the last line per player and kind (the fallback without Redis)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> int | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: str, value: int) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_MEMORY = _Recent(MEMORY_ENTRIES)


def reset_memory() -> None:
    """Forget the in-process memory (tests)."""
    _MEMORY.clear()


def _memory_key(user_id: int, kind: str) -> str:
    return f"care:dealer:last:{user_id}:{kind}"


def _last_shown(user_id: int, kind: str) -> int | None:
    key = _memory_key(user_id, kind)
    client = get_redis()
    if client is not None:
        try:
            raw = client.get(key)
            return int(raw) if raw is not None else None  # type: ignore[arg-type]
        except (redis.RedisError, ValueError):
            logger.warning("dealer line memory unavailable; using the in-process one", exc_info=True)
    return _MEMORY.get(key)


def _remember(user_id: int, kind: str, index: int) -> None:
    key = _memory_key(user_id, kind)
    _MEMORY.put(key, index)
    client = get_redis()
    if client is not None:
        try:
            client.set(key, index, ex=MEMORY_SECONDS)
        except redis.RedisError:
            logger.warning("dealer line memory unavailable; kept in process only", exc_info=True)


def pick(user_id: int, kind: str, candidates: list[int]) -> int:
    """A line index from ``candidates``, not the one the player saw last for this kind (when there is a choice)."""
    last = _last_shown(user_id, kind)
    fresh = [index for index in candidates if index != last] or candidates
    chosen = random.choice(fresh)
    _remember(user_id, kind, chosen)
    return chosen


def react(user_id: int, action_type: str, context: Mapping[str, Any] | None = None) -> Reaction:
    """The dealer's reaction to ``action_type`` for the player (422 ``FEEDBACK_INVALID`` for bad input)."""
    if not isinstance(action_type, str):
        raise FeedbackInvalid(details={"field": "action_type"})
    parsed = parse_context(context)
    kind = kind_for(action_type, parsed)
    params = {locale: _params(kind, parsed, locale) for locale in LOCALES}
    candidates = catalog.usable(kind, frozenset(params["ko"]))
    index = pick(user_id, kind, candidates)
    key = catalog.variant_keys(kind)[index]
    spec = catalog.KINDS[kind]
    return Reaction(
        kind=kind,
        variant=index,
        messages={locale: t(key, locale, **params[locale]) for locale in LOCALES},
        animation=spec.animation,
        link=spec.link,
    )


def character_names() -> dict[str, str]:
    """The character's name in every language."""
    return {locale: t(catalog.CHARACTER_NAME_KEY, locale) for locale in LOCALES}


def _streak(nets: list[int], losing: bool) -> int:
    """How many of the newest rounds in a row lost (``losing``) or won."""
    count = 0
    for net in nets:
        if (net < 0) if losing else (net > 0):
            count += 1
        else:
            break
    return count


def round_moment(user_id: int, game: str, stake: int, payout: int) -> tuple[str, dict[str, Any]]:
    """The action type and context of a round the player just played (already stored), from the database.

    A round without a stake (a free spin) is ``free_spin``; a payout the celebration calls big or mega
    (``games.win_tier``: at least five times the stake) is ``big_win``; any other gain is ``win``
    (``win_streak`` from ``WIN_STREAK_NOTE`` wins in a row); no payout is ``loss``; a payout of the stake or
    less is reported as a "win" with its net, which the rules turn into the plain ``even`` line. Streaks count
    the staked rounds of the current play session, newest first.
    """
    now = clock.now()
    with session_scope() as db:
        care = db.get(PlayerCare, user_id)
        live = care is not None and care.session_started_at is not None and play.session_live(care.last_played_at, now)
        since = care.session_started_at if live and care is not None else now - play.SESSION_GAP
        table = GameRound.__table__
        rows = db.execute(
            sa.select(table.c.bet, table.c.payout)
            .where(table.c.user_id == user_id, table.c.bet > 0, table.c.created_at >= since)
            .order_by(table.c.id.desc())
            .limit(STREAK_WINDOW)
        ).all()
    nets = [int(paid) - int(bet) for bet, paid in rows]
    minutes = 0
    if live and care is not None and care.session_started_at is not None and care.last_played_at is not None:
        minutes = int((care.last_played_at - care.session_started_at).total_seconds()) // 60
    context: dict[str, Any] = {
        "game": game,
        "net": payout - stake,
        "loss_streak": min(_streak(nets, losing=True), CONTEXT_INTS["loss_streak"][1]),
        "win_streak": min(_streak(nets, losing=False), CONTEXT_INTS["win_streak"][1]),
        "session_minutes": min(minutes, CONTEXT_INTS["session_minutes"][1]),
    }
    if stake <= 0:
        action = "free_spin"
    elif payout > stake:
        big = win_tier(stake, payout) in (WinTier.BIG, WinTier.MEGA)  # the screen's rule, not a second one
        action = "big_win" if big else ("win_streak" if context["win_streak"] >= WIN_STREAK_NOTE else "win")
    else:
        action = "loss" if payout == 0 else "win"
    return action, context


def after_round(user_id: int, game: str, stake: int, payout: int) -> Reaction:
    """The dealer's reaction to the round the player just played (``round_moment`` decides what it was)."""
    action, context = round_moment(user_id, game, stake, payout)
    return react(user_id, action, context)
