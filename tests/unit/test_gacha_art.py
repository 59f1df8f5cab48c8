"""Item art: every prize of the shipped gacha table and every item the shipped features put in the inventory has its
own picture, framed in its rarity's colour, and the committed files are exactly what ``scripts/make_gacha_art.py``
writes (one style, regenerated rather than edited by hand)."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from casino_app.services.games.gacha_table import DEFAULT_GACHA, RARITIES, GachaItem
from casino_app.services.games.roulette_table import DEFAULT_ROULETTE, TICKET_ITEM_ID
from casino_app.services.missions.defaults import DEFAULTS as DEFAULT_MISSIONS
from casino_app.services.stories.catalog import PACK_ITEMS
from casino_app.settings import PROJECT_ROOT
from casino_app.state.gacha_art import ART_DIR, art_url, has_own_art

SVG = "{http://www.w3.org/2000/svg}"
RARITY_COLOUR = {"COMMON": "#a9a4cf", "RARE": "#22e4ff", "EPIC": "#8b5cff", "LEGENDARY": "#ffd166"}


def _script() -> ModuleType:
    path = PROJECT_ROOT / "scripts" / "make_gacha_art.py"
    spec = importlib.util.spec_from_file_location("make_gacha_art", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inventory_items_of_shipped_features() -> set[str]:
    """What the roulette, the missions and the story packs grant by default (besides the gacha's cosmetics)."""
    roulette = {s.item_id for s in DEFAULT_ROULETTE.segments if s.item_id} | {TICKET_ITEM_ID}
    missions = {m.reward_item_key for m in DEFAULT_MISSIONS if m.reward_item_key}
    return roulette | missions | set(PACK_ITEMS)


@pytest.mark.parametrize("item", DEFAULT_GACHA.items, ids=lambda i: i.id)
def test_every_gacha_prize_has_its_own_picture_in_its_rarity(item: GachaItem) -> None:
    assert has_own_art(item.id), f"{item.id} has no picture: add it to scripts/make_gacha_art.py"
    assert art_url(item.id, item.kind) == f"/gacha/items/{item.id}.svg"
    root = ET.parse(ART_DIR / f"{item.id}.svg").getroot()
    assert root.get("data-rarity") == item.rarity
    frame = root.find(f"{SVG}rect")
    assert frame is not None
    assert frame.get("stroke") == RARITY_COLOUR[item.rarity]
    pips = root.findall(f"{SVG}g")[-1].findall(f"{SVG}path")
    assert len(pips) == RARITIES.index(item.rarity) + 1


def test_every_item_the_shipped_features_grant_has_a_picture() -> None:
    items = _inventory_items_of_shipped_features()
    assert {"roulette_ticket", "frame_roulette", "story_pack_1"} <= items
    assert [i for i in sorted(items) if not has_own_art(i)] == []


def test_a_prize_without_its_own_picture_shows_its_kind() -> None:
    assert art_url("gold_999k", "gold") == "/gacha/items/kind-gold.svg"
    assert art_url("xp_9000", "xp") == "/gacha/items/kind-xp.svg"
    assert art_url("hat_new", "cosmetic") == "/gacha/items/kind-cosmetic.svg"
    assert art_url("something", "unknown-kind") == "/gacha/items/kind-item.svg"
    assert art_url("kind-gold", "xp") == "/gacha/items/kind-xp.svg"  # a kind picture is not an item's own


def test_the_committed_pictures_are_what_the_script_writes() -> None:
    expected = _script().render_all()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in Path(ART_DIR).glob("*.svg")}
    assert sorted(on_disk) == sorted(expected)
    assert [name for name, text in expected.items() if on_disk[name] != text] == []


def test_pictures_are_self_contained_svg_in_one_format() -> None:
    for path in sorted(Path(ART_DIR).glob("*.svg")):
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)
        assert root.tag == f"{SVG}svg", path.name
        assert root.get("viewBox") == "0 0 128 128", path.name
        assert not re.search(r"<script|href=|url\((?!#)|@import", text), path.name  # nothing loaded, nothing run
