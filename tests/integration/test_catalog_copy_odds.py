"""The landing's games section shows each game's published return from its active odds table."""

from __future__ import annotations

from casino_app.i18n import CATALOGS
from casino_app.services import catalog_copy
from casino_app.services.games import configs, registry


def test_every_registered_game_has_its_published_return() -> None:
    catalog_copy.forget_odds()
    configs.forget_active()
    lines = catalog_copy.odds_lines()
    assert set(lines) == set(registry.keys())
    for game in registry.games():
        for locale, line in lines[game.key].items():
            if game.wagered:
                rtp = f"{configs.active(game.key).declared_rtp * 100:.2f}"
                assert f"{rtp}%" in line, (game.key, line)
            else:
                assert line == CATALOGS[locale]["copy.no_stake"]


def test_a_new_table_shows_once_the_cache_is_dropped() -> None:
    catalog_copy.forget_odds()
    first = catalog_copy.odds_lines()
    assert catalog_copy.odds_lines() is first  # one read serves every visitor for a while
    catalog_copy.forget_odds()
    assert catalog_copy.odds_lines() == first
