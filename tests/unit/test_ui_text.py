"""How pages get their texts: compiled in (``tr``, ``tr_by``, ``tr_in``), never carried by the state."""

from __future__ import annotations

import json

import pytest
import reflex as rx

from casino_app.i18n import CATALOGS
from casino_app.state.ui import MESSAGES, UIState, tr, tr_by, tr_in


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_ui_state_a_page_hydrates_with_carries_no_catalog(lang: str) -> None:
    state = UIState(_reflex_internal_init=True)  # type: ignore[call-arg]
    state.lang = lang
    hydrated = json.dumps(state.dict(), default=str, ensure_ascii=False)
    assert len(hydrated.encode()) < 1_000  # the whole catalog was ~184 KB of every hydration
    assert "games.name" not in hydrated


def test_a_key_built_from_a_var_compiles_in_only_the_texts_under_its_prefix() -> None:
    game = rx.Var.create("rps")
    rendered = str(tr_by("games.name.", game))
    assert json.dumps(CATALOGS["ko"]["games.name.rps"]) in rendered  # both languages, as JS string literals
    assert json.dumps(CATALOGS["en"]["games.name.rps"]) in rendered
    assert "rarity." not in rendered  # another family's texts stay out of the page


def test_a_fixed_suffix_is_a_fixed_key_checked_when_the_page_compiles() -> None:
    assert str(tr_by("games.name.", "rps")) == str(tr("games.name.rps"))
    with pytest.raises(KeyError):
        tr_by("games.name.", "no_such_game")


def test_a_whole_key_held_by_a_var_is_looked_up_among_its_prefix_texts() -> None:
    rendered = str(tr_in("audit_admin.", rx.Var.create("audit_admin.bad_date")))
    for locale in ("ko", "en"):  # every text of the prefix, in both languages; nothing of another family
        assert json.dumps(CATALOGS[locale]["audit_admin.bad_date"]) in rendered
        assert json.dumps(CATALOGS[locale]["audit_admin.bad_actor"]) in rendered
    assert "games.name." not in rendered


def test_an_unknown_prefix_and_a_var_key_by_subscript_fail_when_the_page_compiles() -> None:
    with pytest.raises(KeyError):
        tr_by("no_such_prefix.", rx.Var.create("x"))
    with pytest.raises(TypeError, match="tr_by or tr_in"):
        MESSAGES[rx.Var.create("games.name.rps")]  # type: ignore[index]
