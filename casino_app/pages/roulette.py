"""``/games/roulette``: the prize wheel, drawn to scale, stopping on the segment the server drew."""

from __future__ import annotations

import reflex as rx

from casino_app.components.celebration import celebration, play_cue
from casino_app.components.forms import alert
from casino_app.components.games import reality_bar, stat_tile
from casino_app.components.layout import shell
from casino_app.components.numbers import grouped
from casino_app.components.odds_dialog import odds_dialog
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.reality import RealityState
from casino_app.state.roulette import SPIN_MS, RouletteState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.ui import UIState, tr, tr_by

# Read in the browser at the click: with reduced motion the wheel jumps and the prize shows at once.
REDUCED_MOTION = rx.Var(
    _js_expr="(typeof window !== 'undefined' && !!window.matchMedia"
    " && window.matchMedia('(prefers-reduced-motion: reduce)').matches)",
    _var_type=bool,
)


def _label(row: rx.Var) -> rx.Var:
    return rx.cond(UIState.locale == "en", row["label_en"], row["label_ko"])


def _odds_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["index"]),
        rx.el.td(_label(row)),
        rx.el.td(tr_by("roulette.kind.", row["kind"])),
        rx.el.td(row["weight"]),
        rx.el.td(row["percent"], "% (", row["fraction"], ")"),
    )


def roulette_odds() -> rx.Component:
    """Every segment with its exact probability, the expected value of a spin and the rules."""
    return odds_dialog(
        "cc-roulette-odds",
        "roulette.odds_title",
        data_table(
            (
                "roulette.col_segment",
                "roulette.col_prize",
                "roulette.col_kind",
                "roulette.col_weight",
                "roulette.col_chance",
            ),
            RouletteState.segments,
            _odds_row,
            id="cc-roulette-table",
        ),
        rx.el.ul(
            rx.el.li(
                tr("roulette.expected"),
                ": ",
                rx.el.strong(RouletteState.expected_gold, " ", tr("roulette.expected_gold")),
                " · ",
                rx.el.strong(RouletteState.expected_xp, " ", tr("roulette.expected_xp")),
            ),
            rx.el.li(
                tr("roulette.rule_free"), " ", RouletteState.free_per_day.to_string(), ". ", tr("roulette.rule_reset")
            ),
            rx.el.li(tr("roulette.rule_ticket")),
            rx.el.li(tr("roulette.rule_draw")),
            rx.el.li(tr("roulette.rule_scale")),
            rx.el.li(tr("roulette.version"), " v", RouletteState.version.to_string()),
            class_name="cc-rules",
        ),
    )


def _segment_label(row: rx.Var) -> rx.Component:
    drawn = RouletteState.revealed & (RouletteState.segment_index.to_string() == row["index"])
    return rx.el.div(
        rx.el.span(_label(row), " · ", row["percent"], "%", class_name="cc-wheel-text"),
        class_name=rx.cond(drawn, "cc-wheel-label cc-wheel-label--drawn", "cc-wheel-label"),
        style={"transform": "rotate(" + row["mid"] + "deg)"},
        data_index=row["index"],
        data_start=row["start"],
        data_end=row["end"],
    )


def wheel() -> rx.Component:
    """The wheel: a conic gradient to scale, labels with exact probabilities, turned to the drawn segment."""
    return rx.el.div(
        rx.el.div(class_name="cc-wheel-pointer", aria_hidden="true"),
        rx.el.div(
            rx.foreach(RouletteState.segments, _segment_label),
            class_name="cc-wheel-disc",
            id="cc-wheel-disc",
            style={
                "background": RouletteState.wheel_css,
                "transform": "rotate(" + RouletteState.rotation.to_string() + "deg)",
                "transitionDuration": f"{SPIN_MS}ms",
            },
        ),
        rx.el.div(rx.icon("ferris-wheel", size=28, aria_hidden="true"), class_name="cc-wheel-hub"),
        class_name="cc-wheel",
        id="cc-wheel",
        role="group",
        aria_label=tr("roulette.wheel_label"),
        data_segment=RouletteState.segment_index.to_string(),
        data_spin=RouletteState.spin_id.to_string(),
        data_rotation=RouletteState.rotation.to_string(),
        data_revealed=rx.cond(RouletteState.revealed, "true", "false"),
    )


def prize() -> rx.Component:
    """The prize, shown once the wheel has stopped."""
    return rx.el.div(
        rx.cond(
            RouletteState.revealed & (RouletteState.spin_id > 0),
            rx.el.p(
                tr("roulette.you_got"),
                " ",
                celebration(  # a prize without a stake: the reward style, never a win tier
                    "cc-roulette-celebrate",
                    "reward",
                    RouletteState.spin_id.to_string(),
                    label=rx.el.span(rx.cond(UIState.locale == "en", RouletteState.prize_en, RouletteState.prize_ko)),
                ),
                rx.el.span(" · ", tr_by("roulette.source.", RouletteState.source), class_name="cc-muted"),
                class_name="cc-result cc-roulette-prize",
                id="cc-roulette-prize",
                data_segment=RouletteState.segment_index.to_string(),
                data_kind=RouletteState.prize_kind,
            ),
        ),
        class_name="cc-result-area",
        aria_live="polite",
    )


def _spin_button() -> rx.Component:
    return rx.el.button(
        rx.icon("rotate-cw", size=20, aria_hidden="true"),
        rx.cond(
            RouletteState.busy,
            tr("roulette.spinning"),
            rx.cond(
                RouletteState.free_left > 0,
                tr("roulette.spin_free"),
                rx.cond(RouletteState.tickets > 0, tr("roulette.spin_ticket"), tr("roulette.no_spins")),
            ),
        ),
        type="button",
        class_name="cc-btn cc-btn--primary cc-spin",
        on_click=[play_cue("spin"), RouletteState.spin(CLICK_KEY, REDUCED_MOTION)],  # the sound on the click
        disabled=RouletteState.busy | (RouletteState.spins_left == 0) | RealityState.blocked,
        id="cc-roulette-spin",
    )


def _loaded(value: rx.Var) -> rx.Var:
    return rx.cond(RouletteState.version > 0, value, "…")


def spins_panel() -> rx.Component:
    """Free spins left today, tickets held, the next free spin (KST) and the spin button."""
    return rx.el.div(
        rx.el.dl(
            # "…" until the table has loaded (version 0): never a "0 spins" that is not true
            stat_tile("roulette.free_left", _loaded(grouped(RouletteState.free_left)), "cc-roulette-free"),
            stat_tile("roulette.tickets", _loaded(grouped(RouletteState.tickets)), "cc-roulette-tickets"),
            rx.cond(
                RouletteState.next_free_kst != "",
                rx.el.div(
                    rx.el.dt(tr("roulette.next_free")),
                    rx.el.dd(RouletteState.next_free_kst, " ", tr("roulette.kst"), id="cc-roulette-next"),
                    class_name="cc-stat",
                ),
            ),
            class_name="cc-roulette-spins",
        ),
        _spin_button(),
        class_name="cc-roulette-panel",
    )


def roulette_page() -> rx.Component:
    """The prize roulette."""
    return shell(
        rx.el.section(
            rx.hstack(
                rx.heading(tr("roulette.title"), as_="h1", size="7", class_name="cc-glow-heading", id="roulette-title"),
                rx.spacer(),
                roulette_odds(),
                align="center",
            ),
            reality_bar(),
            rx.el.div(wheel(), prize(), spins_panel(), class_name="cc-card cc-machine cc-roulette"),
            alert(RouletteState.error, alert_id="cc-roulette-error"),
            rx.el.dl(
                stat_tile("roulette.stat_spins", RouletteState.stats["spins"]),
                stat_tile("roulette.stat_free", RouletteState.stats["free_spins"]),
                stat_tile("roulette.stat_ticket", RouletteState.stats["ticket_spins"]),
                stat_tile("roulette.stat_gold", RouletteState.stats["gold_won"]),
                class_name="cc-card cc-stats-row",
            ),
            rx.el.p(
                tr("games.proof"),
                " ",
                rx.el.code(RouletteState.proof_hash),
                " · ",
                tr("games.nonce"),
                " ",
                RouletteState.proof_nonce.to_string(),
                " · ",
                rx.link(tr("games.verify_link"), href="/fairness"),
                class_name="cc-proof",
            ),
            aria_labelledby="roulette-title",
            class_name="cc-game",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/roulette`` (players only, checked server-side)."""
    app.add_page(
        roulette_page,
        route="/games/roulette",
        title=tr("page.roulette_title"),
        on_load=[*page_events.PLAYER, RouletteState.load],
    )
