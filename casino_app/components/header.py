"""The top bar: logo, balance slot, sound and language toggles."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import UIState, tr


def logo() -> rx.Component:
    """The neon wordmark linking home."""
    return rx.link(
        rx.el.span("CC", class_name="cc-logo-mark", aria_hidden="true"),
        rx.el.span(tr("brand.logo"), class_name="cc-logo-text"),
        href="/",
        aria_label=tr("a11y.home_link"),
        underline="none",
        display="flex",
        align_items="center",
        gap="10px",
        font_weight="900",
        letter_spacing=".08em",
        color="var(--cc-text)",
    )


def balance_slot() -> rx.Component:
    """Where the player's gold shows; guests see a dash with an explanation for screen readers."""
    return rx.el.div(
        rx.icon("coins", size=16, aria_hidden="true"),
        rx.el.span("—", aria_hidden="true"),
        rx.el.span(tr("header.balance_guest"), class_name="cc-sr-only"),
        class_name="cc-chip",
        role="status",
        aria_label=tr("header.balance"),
        id="cc-balance",
    )


def sound_toggle() -> rx.Component:
    """Sound effects on/off (persisted, synced across tabs)."""
    return rx.el.button(
        rx.cond(
            UIState.sound_on,
            rx.icon("volume-2", size=18, aria_hidden="true"),
            rx.icon("volume-x", size=18, aria_hidden="true"),
        ),
        type="button",
        class_name="cc-iconbtn",
        on_click=UIState.toggle_sound,
        aria_pressed=rx.cond(UIState.sound_on, "true", "false"),
        aria_label=rx.cond(UIState.sound_on, tr("header.sound_on"), tr("header.sound_off")),
        title=rx.cond(UIState.sound_on, tr("header.sound_state_on"), tr("header.sound_state_off")),
        id="cc-sound-toggle",
    )


def language_toggle() -> rx.Component:
    """Korean ⇄ English; the label names the language it switches to."""
    return rx.el.button(
        rx.icon("languages", size=18, aria_hidden="true"),
        rx.el.span(tr("header.switch_to"), lang=rx.cond(UIState.locale == "ko", "en", "ko")),
        type="button",
        class_name="cc-iconbtn",
        on_click=UIState.toggle_language,
        aria_label=tr("header.language"),
        id="cc-lang-toggle",
    )


def header() -> rx.Component:
    """The sticky top bar (ARIA banner landmark)."""
    return rx.el.header(
        logo(),
        rx.spacer(),
        balance_slot(),
        sound_toggle(),
        language_toggle(),
        class_name="cc-header",
        aria_label=tr("a11y.header"),
    )
