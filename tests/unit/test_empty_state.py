"""Empty states: one component, pictures made by the project in one style, words in both languages."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

import pytest

from casino_app.components.empty_state import ART, empty_state
from casino_app.i18n import CATALOGS
from casino_app.settings import PROJECT_ROOT

KEY = re.compile(r'"(empty\.[a-z_]+\.(?:title|body|go))"')


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_empty_art", PROJECT_ROOT / "scripts" / "make_empty_art.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ART)
def test_every_picture_is_the_file_the_script_writes(name: str) -> None:
    path = PROJECT_ROOT / "assets" / "empty" / f"{name}.svg"
    assert path.read_text(encoding="utf-8") == _script().svg(name), "run python scripts/make_empty_art.py"


def test_the_component_knows_exactly_the_pictures_the_script_draws() -> None:
    assert set(ART) == set(_script().ART)
    with pytest.raises(ValueError):
        empty_state("unicorn", "empty.inventory.title", "empty.inventory.body", element_id="x")


def test_the_texts_the_empty_states_use_exist_in_korean_and_english() -> None:
    used: set[str] = set()
    for folder in ("pages", "components"):
        for path in (PROJECT_ROOT / "casino_app" / folder).glob("*.py"):
            used |= set(KEY.findall(path.read_text(encoding="utf-8")))
    assert {"empty.inventory.title", "empty.inventory.go", "empty.history.body"} <= used
    for locale in ("ko", "en"):
        assert used <= set(CATALOGS[locale]), sorted(used - set(CATALOGS[locale]))


def test_a_link_button_leads_to_the_place_that_fills_the_list() -> None:
    rendered = str(
        empty_state(
            "box",
            "empty.inventory.title",
            "empty.inventory.body",
            href="/games/gacha",
            action="empty.inventory.go",
            element_id="cc-x",
        ).render()
    )
    assert "/games/gacha" in rendered
    assert "/empty/box.svg" in rendered
    assert "cc-x-go" in rendered
    quiet = str(empty_state("bell", "empty.notifications.title", "empty.notifications.body", element_id="y").render())
    assert "y-go" not in quiet
