"""Message catalogs: complete, consistent, and used for every UI string."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from casino_app.i18n import CATALOGS, error_message, normalize_locale, t
from casino_app.settings import PROJECT_ROOT

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
UI_PACKAGES = ("pages", "components", "state")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogs_have_the_same_keys() -> None:
    assert set(CATALOGS["ko"]) == set(CATALOGS["en"])


def test_no_empty_messages_and_matching_placeholders() -> None:
    for key, ko in CATALOGS["ko"].items():
        en = CATALOGS["en"][key]
        assert ko.strip(), key
        assert en.strip(), key
        assert _placeholders(ko) == _placeholders(en), key


def test_korean_catalog_is_korean() -> None:
    # Brand words may stay Latin; almost everything else must be Hangul.
    latin_only = [k for k, v in CATALOGS["ko"].items() if not HANGUL.search(v)]
    assert set(latin_only) <= {"brand.logo", "landing.title", "header.switch_to", "sessions.ip", "rank.VIP"}, latin_only


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, "ko"), ("", "ko"), ("en-US,en;q=0.9", "en"), ("ko-KR", "ko"), ("fr-FR,en;q=0.5", "en"), ("ja", "ko")],
)
def test_normalize_locale(header: str | None, expected: str) -> None:
    assert normalize_locale(header) == expected


def test_translation_fills_placeholders_and_keeps_unknown_ones() -> None:
    assert "7" in t("error.RATE_LIMITED", "ko", retry_after=7)
    assert "{retry_after}" in t("error.RATE_LIMITED", "en")


def test_error_message_falls_back() -> None:
    assert error_message("NOT_FOUND", "en") == CATALOGS["en"]["error.NOT_FOUND"]
    assert error_message("NO_SUCH_CODE", "ko", fallback="explicit") == "explicit"
    assert error_message("NO_SUCH_CODE", "ko") == CATALOGS["ko"]["error.GENERIC"]


def _ui_files() -> list[Path]:
    root = PROJECT_ROOT / "casino_app"
    return [p for pkg in UI_PACKAGES for p in (root / pkg).rglob("*.py")]


def test_ui_code_has_no_hard_coded_korean() -> None:
    offenders = []
    for path in _ui_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and HANGUL.search(node.value):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert offenders == [], "UI strings must come from casino_app/i18n"


def test_every_literal_tr_key_exists() -> None:
    missing = []
    for path in _ui_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value not in CATALOGS["ko"]
            ):
                missing.append(f"{path.name}:{node.lineno} {node.args[0].value}")
    assert missing == []


def test_every_registered_game_has_its_names_in_both_languages() -> None:
    from casino_app.services.games import registry

    for key in registry.keys():  # noqa: SIM118 (a module function, not a dict)
        for name in (f"games.name.{key}", f"page.{key}_title"):
            for locale, catalog in CATALOGS.items():
                assert catalog.get(name), f"{locale} catalog lacks {name}"
