"""Notification lines render in both languages whatever their parameters are called."""

from __future__ import annotations

from casino_app.state.notifications import render


def test_an_achievement_notification_with_a_key_parameter_renders() -> None:
    # ``key`` and ``locale`` are also the names of t()'s own arguments: they must not clash with parameters.
    shown = render(
        "achievement_unlocked", {"key": "first_spin", "name_ko": "첫 스핀", "name_en": "First spin", "gold": 100}
    )
    assert "첫 스핀" in shown["ko"]
    assert "First spin" in shown["en"]


def test_an_unknown_kind_falls_back_to_the_generic_line() -> None:
    shown = render("no_such_kind", {"locale": "xx"})
    assert shown["ko"]
    assert shown["en"]
