"""Honest copy: the landing page, the FAQ and the responsible-play page name only games and tools that exist.

Games come from the registry and tools from the modules that implement them (``services.catalog_copy``); a toy
game registered here shows up on the pages, a game taken away disappears from them, and a catalog string of these
pages that names a game the registry does not hold fails the lexicon check below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import pytest
from pydantic import BaseModel

from casino_app.i18n import CATALOGS, LOCALES, t
from casino_app.services import catalog_copy
from casino_app.services.games import registry
from casino_app.settings import PROJECT_ROOT

# The catalog keys these three pages show (home.* belongs to the members' dashboard, not to this copy).
PAGE_PREFIXES = ("landing.", "benefit.", "community.", "faq.", "responsible.", "copy.")
# Games people know from casinos and gacha apps, by the registry key they would have. A page string that names one
# whose key is not registered promises a game that does not exist. Registered games add their catalog names.
LEXICON: dict[str, tuple[str, ...]] = {
    "slot": ("슬롯", "slot"),
    "gacha": ("가챠", "gacha"),
    "rps": ("가위바위보", "rock-paper-scissors", "rock, paper"),
    "roulette": ("룰렛", "roulette"),
    "crash": ("크래시", "crash"),
    "blackjack": ("블랙잭", "blackjack"),
    "poker": ("포커", "poker", "홀덤", "hold'em"),
    "baccarat": ("바카라", "baccarat"),
    "dice": ("주사위", "dice"),
    "plinko": ("플링코", "plinko"),
    "mines": ("마인즈", "mines"),
    "keno": ("키노", "keno"),
    "bingo": ("빙고", "bingo"),
    "lottery": ("로또", "복권", "lottery"),
    "sports": ("스포츠 베팅", "sports bet"),
    "hilo": ("하이로우", "hi-lo"),
    "coin": ("동전 던지기", "coin flip"),
}


class _Table(BaseModel):
    pays: str = "1.9"


class _Request(BaseModel):
    side: str


class ToyGame(registry.Game):
    """A game that exists only in this module (no catalog copy of its own)."""

    key = "toyflip"
    action = "flip"
    transfer_kind = "TOY_FLIP"
    config_model = _Table
    request_model = _Request
    default_config = _Table()
    icon = "coins"

    def resolve(self, db: Any, user: Any, request: Any, table: Any, context: Any, units: list[Any]) -> Any:
        raise NotImplementedError

    def recompute(self, units: list[Any], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    def rtp(self, config: Any) -> Fraction:
        return Fraction(95, 100)

    def summary(self, outcome: Mapping[str, Any]) -> str:
        return ""


@pytest.fixture
def toy_game() -> Iterator[ToyGame]:
    game = registry.register(ToyGame())
    try:
        yield game
    finally:
        registry.unregister(game.key)


def _page_keys() -> list[str]:
    return [key for key in CATALOGS["ko"] if key.startswith(PAGE_PREFIXES)]


def _page_texts() -> dict[str, str]:
    """Every page message in every language, as the pages show it (facts filled in) and as stored."""
    out = {}
    for key in _page_keys():
        for locale in LOCALES:
            out[f"{locale}:{key}"] = CATALOGS[locale][key]
            out[f"{locale}:{key} (shown)"] = catalog_copy.text(key, locale)
    return out


def _named_games(text: str) -> set[str]:
    lexicon = {key: set(terms) for key, terms in LEXICON.items()}
    for game in catalog_copy.games():
        lexicon.setdefault(game.key, set()).update(game.name.values())
    return {key for key, terms in lexicon.items() if any(_mentions(text, term) for term in terms)}


def _mentions(text: str, term: str) -> bool:
    """Whether ``text`` names ``term``: Latin terms as whole words ("mines" is not in "determines")."""
    if term.isascii():
        return re.search(rf"(?<![a-z]){re.escape(term.lower())}(?![a-z])", text.lower()) is not None
    return term in text


def test_page_strings_name_only_registered_games() -> None:
    registered = set(registry.keys())
    offenders = {where: sorted(_named_games(text) - registered) for where, text in _page_texts().items()}
    assert {where: names for where, names in offenders.items() if names} == {}


def test_the_lexicon_check_catches_a_game_that_is_not_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(registry._registry, "crash")  # as if crash were taken out of INSTALLED
    assert not registry.is_game("crash")
    # Every list the pages show drops it at once...
    for locale in LOCALES:
        crash_names = {CATALOGS[locale]["games.name.crash"]}
        for key in ("landing.subtitle", "faq.games.a", "faq.fair.a"):
            assert not any(name in catalog_copy.text(key, locale) for name in crash_names), key
    # ...and a fixed catalog string that still named it would be caught.
    assert "crash" in _named_games(CATALOGS["ko"]["games.name.crash"] + " 라운드")


def test_the_game_copy_is_the_registry() -> None:
    listed = catalog_copy.games()
    assert tuple(g.key for g in listed) == registry.keys()
    for game in listed:
        assert game.href == f"/games/{game.key}"
        for locale in LOCALES:
            assert game.name[locale] == CATALOGS[locale][f"games.name.{game.key}"]
            assert game.blurb[locale], f"{locale} catalog lacks copy.game.{game.key}"
            shown = catalog_copy.text("landing.subtitle", locale)
            assert game.name[locale] in shown
            assert game.name[locale] in catalog_copy.text("faq.games.a", locale)


def test_catalog_copy_exists_only_for_registered_games() -> None:
    described = {key.removeprefix("copy.game.") for key in CATALOGS["ko"] if key.startswith("copy.game.")}
    rtp_labels = {key.removeprefix("copy.rtp.") for key in CATALOGS["ko"] if key.startswith("copy.rtp.")}
    assert described <= set(registry.keys())
    assert rtp_labels <= set(registry.keys())


def test_a_toy_game_appears_on_the_landing_and_in_the_faq(toy_game: ToyGame) -> None:
    from casino_app.pages import landing

    assert toy_game.key in [g.key for g in catalog_copy.games()]
    for locale in LOCALES:
        assert toy_game.key in catalog_copy.text("landing.subtitle", locale)  # named by its key: no catalog copy
        assert toy_game.key in catalog_copy.text("faq.games.a", locale)
        assert str(len(registry.keys())) in catalog_copy.text("faq.games.a", locale)
    rendered = str(landing.games_section())
    assert f"/games/{toy_game.key}" in rendered
    assert f"cc-game-{toy_game.key}" in rendered
    assert _named_games(catalog_copy.text("landing.subtitle", "en")) >= set(registry.keys())


def test_optional_parts_follow_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = [g for g in registry.games() if g.shared]
    free = [g for g in registry.games() if not g.wagered]
    assert shared  # crash today
    assert free  # the prize roulette today
    with_parts = catalog_copy.text("faq.fair.a", "ko")
    assert CATALOGS["ko"][f"games.name.{shared[0].key}"] in with_parts
    for game in shared + free:
        monkeypatch.delitem(registry._registry, game.key)
    assert catalog_copy.text("faq.fair.a", "ko") == t("faq.fair.a", "ko")
    assert catalog_copy.text("faq.games.a", "en") == t("faq.games.a", "en", **catalog_copy.facts("en"))


def test_every_placeholder_is_filled() -> None:
    # copy.list_* and copy.rtp* are patterns other code fills (``join``, ``odds_lines``), not page text.
    own = ("copy.list_", "copy.rtp")
    shown = {where: text for where, text in _page_texts().items() if "(shown)" in where}
    left = {w: text for w, text in shown.items() if re.search(r"{\w+}", text) and not w.split(":")[1].startswith(own)}
    assert left == {}


def test_facts_come_from_the_tools() -> None:
    from casino_app.services.care import exclusions
    from casino_app.services.care import settings as care_settings
    from casino_app.services.shop import limits as shop_limits
    from casino_app.settings import get_settings

    ko = catalog_copy.facts("ko")
    for name in exclusions.COOL_OFF:
        assert CATALOGS["ko"][f"care.period.{name}"] in ko["cool_off_periods"]
    for name in exclusions.SELF_EXCLUSION:
        assert CATALOGS["ko"][f"care.period.{name}"] in ko["exclusion_periods"]
    assert all(str(m) in ko["intervals"] for m in care_settings.INTERVALS)
    assert all(CATALOGS["ko"][f"copy.period.{p}"] in ko["purchase_periods"] for p in shop_limits.PERIODS)
    assert ko["adult_age"] == get_settings().adult_age
    shown = catalog_copy.text("responsible.reality.body", "ko")
    assert f"기본 {care_settings.DEFAULT_INTERVAL}분" in shown


def test_a_tool_whose_module_offers_nothing_is_not_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.services.care import exclusions

    assert "exclusion" in [tool.key for tool in catalog_copy.tools()]
    monkeypatch.setattr(exclusions, "SELF_EXCLUSION", {})
    assert "exclusion" not in [tool.key for tool in catalog_copy.tools()]
    assert CATALOGS["ko"]["responsible.exclusion.title"] not in catalog_copy.facts("ko")["tools"]


def test_every_tool_links_to_a_real_page_and_section() -> None:
    import casino_app.casino_app as app_module

    routes = {"/" + route for route in app_module.app._unevaluated_pages}
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for pkg in ("pages", "components")
        for p in (PROJECT_ROOT / "casino_app" / pkg).glob("*.py")
    )
    for tool in catalog_copy.tools():
        path, _, anchor = tool.href.partition("#")
        assert path in routes, tool.href
        if anchor:
            assert re.search(rf"""["']{re.escape(anchor)}["']""", sources), tool.href
        assert f"copy.where.{tool.where}" in CATALOGS["ko"]
        assert f"responsible.{tool.key}.title" in CATALOGS["ko"]
        assert f"responsible.{tool.key}.body" in CATALOGS["ko"]


def test_every_game_link_is_a_page() -> None:
    import casino_app.casino_app as app_module

    routes = {"/" + route for route in app_module.app._unevaluated_pages}
    assert {g.href for g in catalog_copy.games()} <= routes
    assert "/fairness" in routes  # the hero's second call to action


def test_lists_read_naturally() -> None:
    assert catalog_copy.join(["A", "B", "C"], "en") == "A, B and C"
    assert catalog_copy.join(["A", "B", "C"], "ko") == "A, B 및 C"
    assert catalog_copy.join(["15", "30", "60"], "ko", alternatives=True) == "15, 30 또는 60"
    assert catalog_copy.join(["A"], "en") == "A"
    assert catalog_copy.join([], "en") == ""
