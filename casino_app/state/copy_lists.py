"""What the landing, FAQ and responsible-play pages say about the product, derived from it at build time
(``services.catalog_copy``): the registered games, the tools on offer and messages with their facts filled in."""

from __future__ import annotations

import reflex as rx

from casino_app.i18n import CATALOGS
from casino_app.services import catalog_copy
from casino_app.state.ui import UIState, tr


def by_locale(texts: dict[str, str]) -> rx.Var:
    """The active language's entry of a ``{"ko": …, "en": …}`` dict of fixed texts."""
    return rx.Var.create(texts)[UIState.locale]


def text(key: str) -> rx.Var:
    """The message ``key`` with its facts (games, tools, periods…) filled in, in the active language."""
    return by_locale(catalog_copy.texts(key))


def games() -> tuple[catalog_copy.GameCopy, ...]:
    """Every registered game as the pages present it."""
    return catalog_copy.games()


def tools() -> tuple[catalog_copy.Tool, ...]:
    """The player-protection tools on offer."""
    return catalog_copy.tools()


def say(key: str) -> rx.Var:
    """A message of these pages: straight from the catalog, or with its facts filled in when it has any."""
    if key in catalog_copy.COMPOSED or "{" in CATALOGS["ko"][key]:
        return text(key)
    return tr(key)
