"""The story catalog: both languages for every stage, valid deterministic requirements, art, and gated texts."""

from __future__ import annotations

import dataclasses
import fnmatch
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casino_app.i18n import CATALOGS, LOCALES
from casino_app.services.achievements.defaults import DEFAULTS
from casino_app.services.shop import catalog as shop_catalog
from casino_app.services.stories import catalog
from casino_app.services.stories.catalog import Story, achievement, battlepass, level, pack
from casino_app.settings import PROJECT_ROOT

NS = "{http://www.w3.org/2000/svg}"
SHAPES = {"rect", "circle", "ellipse", "path", "line", "polygon", "polyline"}
ASSETS = PROJECT_ROOT / "assets"


def test_the_catalog_is_consistent() -> None:
    assert catalog.problems() == []
    assert 3 <= len(catalog.STORIES) <= 4
    assert set(catalog.TEXTS["ko"]) == set(catalog.TEXTS["en"]) == set(catalog.BY_KEY)


@pytest.mark.parametrize("story", catalog.STORIES, ids=lambda s: s.key)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_stage_has_text_in_both_languages_and_each_stage_shows_more(story: Story, locale: str) -> None:
    for field in catalog.TEXT_FIELDS:
        assert story.text(field, locale).strip(), (story.key, locale, field)
    teaser, half, whole = (story.paragraphs(locale, stage) for stage in catalog.STAGES)
    assert teaser == [story.text("stage1", locale)]  # the opening lines
    assert half[0] == teaser[0]  # the first half starts with them
    assert len(half) >= 2
    assert whole[: len(half)] == half
    assert len(whole) >= len(half) + 2  # "a few paragraphs each"
    assert all(p == p.strip() and p for p in whole)


def test_korean_is_korean_and_english_is_english() -> None:
    for story in catalog.STORIES:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in story.text("stage3", "ko"))
        assert not any("\uac00" <= ch <= "\ud7a3" for ch in story.text("stage3", "en") + story.text("title", "en"))


@pytest.mark.parametrize("story", catalog.STORIES, ids=lambda s: s.key)
def test_requirements_are_deterministic_and_valid(story: Story) -> None:
    achievement_keys = {row["key"] for row in DEFAULTS}
    for stage in catalog.UNLOCKABLE:
        requirements = story.requirements(stage)
        assert requirements, (story.key, stage)
        assert any(r.kind != "pack" for r in requirements)  # never only for sale
        assert requirements[-1].kind == "pack" or all(r.kind != "pack" for r in requirements)  # free ways first
        for r in requirements:
            assert r.kind in catalog.KINDS
            if r.kind in ("level", "battlepass"):
                assert type(r.target) is int
                assert 1 <= r.target <= 50
            elif r.kind == "achievement":
                assert r.target in achievement_keys
            else:
                assert r.target in catalog.PACK_ITEMS
    assert story.requirements(1) == ()


def test_packs_are_products_the_shop_may_sell_and_have_names() -> None:
    assert catalog.PACK_ITEMS <= shop_catalog.ITEMS
    used = {
        r.target for s in catalog.STORIES for st in catalog.UNLOCKABLE for r in s.requirements(st) if r.kind == "pack"
    }
    assert used == set(catalog.PACK_ITEMS)
    for item in catalog.PACK_ITEMS:
        for locale in LOCALES:
            assert CATALOGS[locale][f"stories.pack_{item}"].strip()


def test_the_checker_catches_bad_data() -> None:
    good = catalog.STORIES[0]
    broken = (
        dataclasses.replace(good, stage2=(pack(catalog.STORY_PACK),)),  # only for sale
        dataclasses.replace(good, key="nobody", stage3=(level(0), battlepass("3"), achievement(""), pack("gem"))),
        dataclasses.replace(good, key="ghost", accent="teal", stage2=()),
    )
    found = "\n".join(catalog.problems(broken))
    assert "stage 2 can only be bought" in found
    assert "bad level target 0" in found
    assert "bad battlepass target '3'" in found
    assert "bad achievement key ''" in found
    assert "unknown pack 'gem'" in found
    assert "ghost: unknown accent 'teal'" in found
    assert "ghost: stage 2 has no requirement" in found
    assert "nobody: no ko title" in found
    assert "nobody: no art file nobody.svg" in found
    assert not [line for line in found.splitlines() if line.startswith(f"{good.key}: no art")]
    assert "duplicate story keys" not in found
    assert "duplicate story keys" in "\n".join(catalog.problems((good, good)))


def _self_contained_svg(path: Path) -> ET.Element:
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{NS}svg"
    assert root.find(f"{NS}title") is not None  # accessible name
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text
    assert "<image" not in text
    assert "<script" not in text
    assert "<foreignObject" not in text
    assert not [name for el in root.iter() for name in el.attrib if name.lower().startswith("on")]  # no handlers
    return root


def _shapes(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if el.tag.removeprefix(NS) in SHAPES]


@pytest.mark.parametrize("story", catalog.STORIES, ids=lambda s: s.key)
def test_the_finished_art_is_package_data_outside_the_public_assets(story: Story) -> None:
    assert story.art_path == PROJECT_ROOT / "casino_app" / "services" / "stories" / "art" / f"{story.key}.svg"
    assert story.art_url == f"/api/unlock/{story.key}/art"  # only through the gated route
    _self_contained_svg(story.art_path)
    assert not (ASSETS / "stories" / f"{story.key}.svg").exists()


def test_no_finished_art_is_anywhere_under_the_public_assets() -> None:
    finished = {story.art_path.read_bytes() for story in catalog.STORIES}
    public = [path for path in ASSETS.rglob("*") if path.is_file()]
    assert public  # the walk really looked at the asset tree
    assert not [path for path in public if path.read_bytes() in finished]
    assert sorted(p.name for p in (ASSETS / "stories").iterdir()) == sorted(
        f"teaser_{story.key}.svg" for story in catalog.STORIES
    )


def test_the_image_build_ships_the_art_directory() -> None:
    # The app runs from its source tree (Dockerfile: ``COPY . .``); nothing may leave the art out of the image.
    assert "COPY . ." in (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    ignored = (PROJECT_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for story in catalog.STORIES:
        relative = story.art_path.relative_to(PROJECT_ROOT).as_posix()
        parents = [relative.rsplit("/", n)[0] for n in range(1, relative.count("/") + 1)]
        for pattern in ignored:
            assert not any(fnmatch.fnmatch(part, pattern.lstrip("/")) for part in (relative, *parents)), pattern


@pytest.mark.parametrize("story", catalog.STORIES, ids=lambda s: s.key)
def test_the_public_teaser_is_blurred_and_simplified_in_the_file_itself(story: Story) -> None:
    assert story.teaser_url == f"/stories/teaser_{story.key}.svg"
    path = ASSETS / story.teaser_url.lstrip("/")
    teaser = _self_contained_svg(path)
    full_bytes, teaser_bytes = story.art_path.read_bytes(), path.read_bytes()
    assert teaser_bytes != full_bytes
    blurs = {
        f.get("id"): float(b.get("stdDeviation", "0"))
        for f in teaser.iter(f"{NS}filter")
        for b in f.iter(f"{NS}feGaussianBlur")
    }
    strong = {key for key, deviation in blurs.items() if deviation >= 12}
    assert strong, blurs
    # Besides one plain background rectangle, every shape sits inside a group under the strong blur.
    blurred = [g for g in teaser.iter(f"{NS}g") if g.get("filter", "").removeprefix("url(#").rstrip(")") in strong]
    inside = {id(el) for g in blurred for el in _shapes(g)}
    outside = [el for el in _shapes(teaser) if id(el) not in inside]
    assert len(outside) <= 1
    assert all(el.tag == f"{NS}rect" and el.get("fill", "").startswith("url(#") for el in outside)
    # Simplified too: a handful of shapes, none of them taken from the finished picture.
    full = ET.fromstring(full_bytes)
    assert len(_shapes(teaser)) <= 8 < len(_shapes(full))
    drawn = {tuple(sorted(el.attrib.items())) for el in _shapes(full) if el.get("width") != "400"}
    assert not drawn & {tuple(sorted(el.attrib.items())) for el in _shapes(teaser)}
    assert not list(teaser.iter(f"{NS}path"))


def test_story_texts_never_ship_with_the_ui_catalog() -> None:
    # The UI catalog goes to every browser; story stages must only come through the age-gated gallery.
    shipped = "\n".join(text for locale in LOCALES for text in CATALOGS[locale].values())
    for story in catalog.STORIES:
        for locale in LOCALES:
            for paragraph in story.paragraphs(locale, 3):
                assert paragraph[:40] not in shipped, (story.key, locale)
