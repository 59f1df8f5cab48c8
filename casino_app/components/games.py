"""Neon game pieces: reels, bet selector, prize cards, the reality-check bar, odds tables."""

from __future__ import annotations

import reflex as rx

from casino_app.components.care import care_watch
from casino_app.components.dealer import dealer_panel
from casino_app.components.numbers import grouped
from casino_app.state.care import CareState
from casino_app.state.reality import RealityState
from casino_app.state.ui import tr, tr_by

SYMBOLS: dict[str, tuple[str, str]] = {
    "cherry": ("cherry", "pink"),
    "lemon": ("citrus", "gold"),
    "bell": ("bell", "gold"),
    "clover": ("clover", "success"),
    "diamond": ("gem", "cyan"),
}
RARITY_TONE = {"COMMON": "muted", "RARE": "cyan", "EPIC": "violet", "LEGENDARY": "gold"}


def symbol(symbol_id: rx.Var | str, size: int = 56) -> rx.Component:
    """A reel symbol as a glowing glyph; ``seven`` is drawn as a neon 7, a symbol without a glyph as a neutral mark
    (never as the jackpot)."""
    cases = [
        (key, rx.icon(icon, size=size, color=f"var(--cc-{tone})", aria_hidden="true"))
        for key, (icon, tone) in SYMBOLS.items()
    ]
    seven = ("seven", rx.el.span("7", class_name="cc-seven", aria_hidden="true"))
    unknown = rx.el.span("?", class_name="cc-reel-blank", aria_hidden="true")
    return rx.match(symbol_id, *cases, seven, unknown)


def reality_bar() -> rx.Component:
    """This play session's time, rounds and net result (always visible on game pages), with "take a break" (a
    cool-off), the dealer's honest word after each round, and the care watch: the reality check when it is due and
    the notice of a break in force."""
    bar = rx.el.div(
        rx.icon("timer", size=16, aria_hidden="true"),
        rx.el.span(tr("reality.time"), " ", grouped(RealityState.minutes), tr("reality.minutes")),
        rx.el.span("·", aria_hidden="true"),
        rx.el.span(tr("reality.rounds"), " ", grouped(RealityState.rounds)),
        rx.el.span("·", aria_hidden="true"),
        rx.el.span(
            tr("reality.net"),
            " ",
            rx.el.strong(RealityState.net_text, id="cc-reality-net"),
            " G",
        ),
        rx.el.button(
            tr("reality.take_break"),
            type="button",
            class_name="cc-link-button",
            color="var(--cc-cyan)",
            margin_left="auto",
            on_click=CareState.open_break("cool_off"),
            id="cc-take-break",
        ),
        class_name="cc-reality",
        role="status",
        aria_label=tr("reality.label"),
    )
    return rx.fragment(bar, dealer_panel(), care_watch())


def rarity_badge(rarity: rx.Var | str) -> rx.Component:
    """A coloured badge with the rarity's Korean/English name."""
    return rx.el.span(
        tr_by("rarity.", rarity) if isinstance(rarity, rx.Var) else tr(f"rarity.{rarity}"),
        class_name="cc-badge cc-rarity-" + rarity,
    )


def stat_tile(label_key: str, value: rx.Var, element_id: str | None = None) -> rx.Component:
    """A small label/value pair."""
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(value, id=element_id), class_name="cc-stat")
