"""Level and XP bar."""

from __future__ import annotations

import reflex as rx

from casino_app.components.numbers import grouped
from casino_app.state.auth import AuthState
from casino_app.state.ui import tr


def _known(value: rx.Var) -> rx.Var:
    """``value`` once the tab knows its player; "…" before (never a "Lv. 1 · 0 XP" that is not true)."""
    return rx.cond(AuthState.is_authenticated, grouped(value), "…")


def level_bar(element_id: str = "cc-level-bar") -> rx.Component:
    """``Lv.N`` with a glowing progress bar through the current level."""
    return rx.el.div(
        rx.hstack(
            rx.el.span(tr("profile.level"), " ", _known(AuthState.level), class_name="cc-level-label"),
            rx.spacer(),
            rx.el.span(
                _known(AuthState.xp_into_level),
                " / ",
                _known(AuthState.xp_per_level),
                " XP",
                class_name="cc-level-xp",
            ),
            width="100%",
        ),
        rx.el.div(
            rx.el.div(class_name="cc-bar-fill", style={"width": AuthState.xp_percent.to_string() + "%"}),
            class_name="cc-bar",
            role="progressbar",
            aria_valuemin="0",
            aria_valuemax="100",
            aria_valuenow=AuthState.xp_percent.to_string(),
            aria_label=tr("profile.xp"),
        ),
        class_name="cc-level",
        id=element_id,
    )
