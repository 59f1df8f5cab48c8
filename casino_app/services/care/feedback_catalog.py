"""The dealer character and the shape of her message catalog (the lines themselves live in ``i18n/*/care_feedback``).

A *kind* is a set of interchangeable lines (``dealer.say.<kind>.<n>``, n = 1, 2, …) with one animation. Every
action type a game or screen reports is a kind; ``even`` is the honest line for a "win" whose payout did not
exceed the stake (no celebration then). Lines may use the placeholders in ``PLACEHOLDERS``; each kind has at
least one line without any, so a reaction never shows an unfilled ``{placeholder}``.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache

from casino_app.i18n import CATALOGS, DEFAULT_LOCALE

CHARACTER_KEY = "haru"
CHARACTER_NAME_KEY = "dealer.name"
PREFIX = "dealer.say."

# The animations the dealer component knows (a small fixed set).
ANIMATIONS = ("cheer", "nod", "calm", "wave", "rest")

# What a game or screen may report (``POST /api/feedback``'s ``action_type``).
ACTION_TYPES = (
    "win",
    "big_win",
    "loss",
    "loss_streak",
    "win_streak",
    "level_up",
    "mission_done",
    "purchase",
    "long_session",
    "daily_checkin",
    "free_spin",
)


@dataclass(frozen=True)
class Kind:
    """A set of lines: the animation that goes with them and the page they may point to (care kinds: ``/care``)."""

    animation: str
    link: str = ""


CARE_LINK = "/care"
KINDS: dict[str, Kind] = {
    "win": Kind("cheer"),
    "big_win": Kind("cheer"),
    "even": Kind("nod"),
    "loss": Kind("calm"),
    "loss_streak": Kind("rest", CARE_LINK),
    "win_streak": Kind("nod"),
    "level_up": Kind("cheer"),
    "mission_done": Kind("cheer"),
    "purchase": Kind("nod"),
    "long_session": Kind("rest", CARE_LINK),
    "daily_checkin": Kind("wave"),
    "free_spin": Kind("wave"),
}
PLACEHOLDERS = frozenset({"gold", "game", "streak", "level", "minutes", "days"})


def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a line uses."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@cache
def variant_keys(kind: str, locale: str = DEFAULT_LOCALE) -> tuple[str, ...]:
    """The catalog keys of ``kind``'s lines in ``locale``, in order (``dealer.say.<kind>.1`` …)."""
    prefix = f"{PREFIX}{kind}."
    found = [key for key in CATALOGS[locale] if key.startswith(prefix) and key[len(prefix) :].isdigit()]
    return tuple(sorted(found, key=lambda key: int(key[len(prefix) :])))


def usable(kind: str, available: frozenset[str]) -> list[int]:
    """Indexes of ``kind``'s lines whose placeholders (in every language) are all in ``available``."""
    keys = variant_keys(kind)
    return [
        index
        for index, key in enumerate(keys)
        if all(placeholders(catalog[key]) <= available for catalog in CATALOGS.values())
    ]
