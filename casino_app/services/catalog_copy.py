"""What the product offers, for the copy that describes it: the landing page, the FAQ and the responsible-play page.

Copy must not drift from the product. The games come from the game registry; the player-protection tools from
the modules that implement them, each listed only while its module offers it, with the periods, intervals,
delays and ages those modules and the settings define (never retyped into the catalogs). Catalog messages of
these pages hold ``{placeholders}`` that ``text`` fills from ``facts``; the three pages ask only this module.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from casino_app.i18n import CATALOGS, LOCALES, t
from casino_app.services import history_export
from casino_app.services.accounts import age
from casino_app.services.care import exclusions, quiz
from casino_app.services.care import settings as care_settings
from casino_app.services.games import registry
from casino_app.services.shop import limits as shop_limits
from casino_app.settings import get_settings

Texts = dict[str, str]  # one text per locale


@dataclass(frozen=True)
class GameCopy:
    """A registered game as the pages present it: its page, icon, name and one line (by locale)."""

    key: str
    href: str
    icon: str
    name: Texts
    blurb: Texts  # "" in a locale whose catalog does not describe the game
    wagered: bool
    shared: bool


@dataclass(frozen=True)
class Tool:
    """A player-protection tool: its catalog key (``responsible.<key>.*``), the page that sets it and how it looks.

    ``offered`` says whether the implementing module offers it now; ``settable`` marks the limits and breaks a
    player sets for themselves (the landing names those).
    """

    key: str
    href: str
    where: str  # the destination's name: ``copy.where.<where>``
    icon: str
    accent: str
    offered: Callable[[], bool]
    settable: bool = False


TOOLS: tuple[Tool, ...] = (
    Tool("reality", "/care#cc-care-reality", "care", "timer", "violet", lambda: bool(care_settings.INTERVALS), True),
    Tool("daily", "/care#cc-care-limits", "care", "hourglass", "cyan", lambda: bool(care_settings.LIMITS), True),
    Tool("cool_off", "/care#cc-care-breaks", "care", "moon", "violet", lambda: bool(exclusions.COOL_OFF), True),
    Tool("exclusion", "/care#cc-care-breaks", "care", "pause", "pink", lambda: bool(exclusions.SELF_EXCLUSION), True),
    Tool("limits", "/shop/limits", "shop_limits", "wallet", "cyan", lambda: bool(shop_limits.PERIODS), True),
    Tool(
        "age",
        "/profile#profile-age-title",
        "profile",
        "id-card",
        "gold",
        lambda: get_settings().age_verification_method in age.VERIFIERS,
    ),
    Tool("export", "/games/history#cc-export", "history", "download", "gold", lambda: bool(history_export.KINDS)),
    Tool("quiz", "/care/quiz", "quiz", "list-checks", "violet", lambda: bool(quiz.QUESTIONS)),
)


def _catalog_text(key: str, locale: str) -> str:
    """The catalog's text for ``key`` in ``locale``, "" when no catalog holds it (a game added without copy)."""
    return t(key, locale) if key in CATALOGS["ko"] else ""


def join(items: list[str], locale: str, *, alternatives: bool = False) -> str:
    """``items`` as one list in ``locale``: "A, B 및 C" / "A, B and C" (``alternatives``: "또는" / "or")."""
    if len(items) <= 1:
        return "".join(items)
    pattern = "copy.list_or" if alternatives else "copy.list_and"
    return t(pattern, locale, head=", ".join(items[:-1]), last=items[-1])


def games() -> tuple[GameCopy, ...]:
    """Every registered game, in registry order, as the pages present it."""
    out = []
    for game in registry.games():
        name = {loc: _catalog_text(f"games.name.{game.key}", loc) or game.key for loc in LOCALES}
        blurb = {loc: _catalog_text(f"copy.game.{game.key}", loc) for loc in LOCALES}
        out.append(
            GameCopy(game.key, f"/games/{game.key}", game.icon, name, blurb, bool(game.wagered), bool(game.shared))
        )
    return tuple(out)


def tools() -> tuple[Tool, ...]:
    """The player-protection tools on offer, in the order the pages list them."""
    return tuple(tool for tool in TOOLS if tool.offered())


def _label(key: str, locale: str) -> str:
    """A catalog title as it reads inside a sentence (English titles start in capitals)."""
    label = t(key, locale)
    return label[:1].lower() + label[1:] if locale == "en" else label


def _periods(names: list[str], locale: str) -> str:
    return join([t(f"care.period.{name}", locale) for name in names], locale, alternatives=True)


def facts(locale: str) -> dict[str, Any]:
    """Every placeholder of these pages' messages, in ``locale``, from the registry, the tools and the settings."""
    listed = games()
    settings = get_settings()
    return {
        "games": join([g.name[locale] for g in listed], locale),
        "count": len(listed),
        "free_games": join([g.name[locale] for g in listed if not g.wagered], locale),
        "shared_games": join([g.name[locale] for g in listed if g.shared], locale),
        "tools": join([_label(f"responsible.{x.key}.title", locale) for x in tools() if x.settable], locale),
        "intervals": join([str(m) for m in care_settings.INTERVALS], locale, alternatives=True),
        "default_interval": care_settings.DEFAULT_INTERVAL,
        "limit_delay_hours": int(care_settings.INCREASE_DELAY.total_seconds() // 3600),
        "purchase_periods": join([t(f"copy.period.{p}", locale) for p in shop_limits.PERIODS], locale),
        "purchase_delay_hours": int(shop_limits.INCREASE_DELAY.total_seconds() // 3600),
        "cool_off_periods": _periods(list(exclusions.COOL_OFF), locale),
        "exclusion_periods": _periods(list(exclusions.SELF_EXCLUSION), locale),
        "resume_hours": int(exclusions.RESUME_DELAY.total_seconds() // 3600),
        "adult_age": settings.adult_age,
        "export_kinds": join([_label(f"export.kind_{kind}", locale) for kind in history_export.KINDS], locale),
        "export_formats": join([f.upper() for f in history_export.FORMATS], locale, alternatives=True),
        "big_win": f"{settings.big_win_gold:,}",
        "protection_days": settings.streak_protection_every_days,
        "age_method": t(f"copy.age_method.{settings.age_verification_method}", locale),
        "break_button": t("reality.take_break", locale),
        "quiz_questions": len(quiz.QUESTIONS),
    }


# Messages made of parts: a part is shown only when what it describes exists.
COMPOSED: dict[str, tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...]] = {
    "faq.games.a": (("faq.games.a", lambda f: True), ("faq.games.a_free", lambda f: bool(f["free_games"]))),
    "faq.fair.a": (("faq.fair.a", lambda f: True), ("faq.fair.a_shared", lambda f: bool(f["shared_games"]))),
}


def text(key: str, locale: str) -> str:
    """The message ``key`` of these pages in ``locale`` with every fact filled in (and its optional parts)."""
    filled = facts(locale)
    parts = COMPOSED.get(key, ((key, lambda f: True),))
    return " ".join(t(part, locale, **filled) for part, shown in parts if shown(filled))


def texts(key: str) -> Texts:
    """``text`` in every locale."""
    return {locale: text(key, locale) for locale in LOCALES}


_ODDS_TTL_SECONDS = 30.0
_odds_cache: tuple[float, dict[str, Texts] | None] = (0.0, None)


def odds_lines() -> dict[str, Texts]:
    """Each game's published return from its active odds table ("RTP 96.50%"), or that it takes no stake.

    Read at most every ``_ODDS_TTL_SECONDS`` per process (the landing shows it to every visitor).
    """
    global _odds_cache
    checked, cached = _odds_cache
    if cached is not None and time.monotonic() - checked < _ODDS_TTL_SECONDS:
        return cached
    from casino_app.services.games import configs

    lines: dict[str, Texts] = {}
    for game in registry.games():
        if not game.wagered:
            lines[game.key] = {loc: t("copy.no_stake", loc) for loc in LOCALES}
            continue
        rtp = f"{configs.active(game.key).declared_rtp * 100:.2f}"
        label = f"copy.rtp.{game.key}" if f"copy.rtp.{game.key}" in CATALOGS["ko"] else "copy.rtp"
        lines[game.key] = {loc: t(label, loc, rtp=rtp) for loc in LOCALES}
    _odds_cache = (time.monotonic(), lines)
    return lines


def forget_odds() -> None:
    """Drop the cached odds lines (tests; a new table shows within ``_ODDS_TTL_SECONDS`` anyway)."""
    global _odds_cache
    _odds_cache = (0.0, None)
