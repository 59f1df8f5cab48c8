"""The registered games as the UI needs them at build time: keys, pages, nav entries (from the registry)."""

from __future__ import annotations

from casino_app.services.games import registry


def game_keys() -> tuple[str, ...]:
    """Every game on offer, in registry order (history filters, verify options, profile stats)."""
    return registry.keys()


def seeded_game_keys() -> tuple[str, ...]:
    """The games a player seed decides (the seed verifier's options); shared rounds have their own proof."""
    return tuple(g.key for g in registry.games() if not g.shared)


def game_nav() -> tuple[tuple[str, str, str, str], ...]:
    """(label key, page, lucide icon, tab-bar rule) of every game, for the navigation."""
    return tuple((f"games.name.{g.key}", f"/games/{g.key}", g.icon, g.nav_tab) for g in registry.games())
