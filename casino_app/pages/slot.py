"""``/games/slot``: the slot machine."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.games import reality_bar, reel, stat_tile
from casino_app.components.layout import shell
from casino_app.components.odds_dialog import odds_dialog
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.slot import SlotState
from casino_app.state.ui import UIState, tr


def _paytable_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(UIState.messages["slot.symbol." + row["id"]]),
        rx.el.td(row["chance"], "%"),
        rx.el.td("×", row["pair"]),
        rx.el.td("×", row["triple"]),
    )


def slot_odds() -> rx.Component:
    """The published paytable, RTP and bonus rule."""
    return odds_dialog(
        "cc-slot-odds",
        "slot.odds_title",
        rx.text(tr("slot.rtp"), " ", rx.el.strong(SlotState.declared_rtp, "%"), " · v", SlotState.version.to_string()),
        data_table(
            ("slot.col_symbol", "slot.col_chance", "slot.col_pair", "slot.col_triple"),
            SlotState.paytable,
            _paytable_row,
            id="cc-slot-paytable",
        ),
        rx.text(tr("slot.rules"), size="2", color="var(--cc-muted)", margin_top="12px"),
    )


def _bet_button(bet: rx.Var) -> rx.Component:
    return rx.el.button(
        bet.to_string(),
        type="button",
        class_name="cc-bet",
        aria_pressed=rx.cond(SlotState.bet == bet, "true", "false"),
        on_click=SlotState.choose_bet(bet),
    )


def slot_page() -> rx.Component:
    """The slot machine."""
    return shell(
        rx.el.section(
            rx.hstack(
                rx.heading(tr("slot.title"), as_="h1", size="7", class_name="cc-glow-heading", id="slot-title"),
                rx.spacer(),
                slot_odds(),
                align="center",
            ),
            reality_bar(),
            rx.el.div(
                rx.el.div(
                    reel(0, SlotState.reels[0], SlotState.spin_id),
                    reel(1, SlotState.reels[1], SlotState.spin_id),
                    reel(2, SlotState.reels[2], SlotState.spin_id),
                    class_name=rx.cond(SlotState.celebrate, "cc-reels cc-reels--win", "cc-reels"),
                    key=SlotState.spin_id,
                    aria_live="polite",
                ),
                rx.el.div(
                    rx.cond(
                        SlotState.spin_id > 0,
                        rx.cond(
                            SlotState.celebrate,
                            rx.el.p(
                                tr("slot.win"),
                                " ",
                                rx.el.strong(SlotState.win_text, " G"),
                                " (×",
                                SlotState.multiplier,
                                ")",
                                class_name="cc-result cc-result--win",
                                id="cc-slot-result",
                            ),
                            rx.el.p(
                                rx.cond(SlotState.win > 0, tr("slot.returned"), tr("slot.no_win")),
                                " ",
                                rx.cond(SlotState.win > 0, rx.el.strong(SlotState.win_text, " G"), ""),
                                class_name="cc-result",
                                id="cc-slot-result",
                            ),
                        ),
                    ),
                    rx.cond(
                        SlotState.bonus_pct > 0,
                        rx.el.p(
                            tr("slot.streak_bonus"), " +", SlotState.bonus_pct.to_string(), "%", class_name="cc-bonus"
                        ),
                    ),
                    class_name="cc-result-area",
                ),
                class_name="cc-card cc-machine",
                id="cc-machine",
                data_spin=SlotState.spin_id.to_string(),
                data_win=SlotState.win.to_string(),
                data_bet=SlotState.last_bet.to_string(),
            ),
            alert(SlotState.error, alert_id="cc-slot-error"),
            rx.el.div(
                rx.el.span(tr("slot.bet"), class_name="cc-label"),
                rx.el.div(
                    rx.foreach(SlotState.bet_options, _bet_button),
                    class_name="cc-bets",
                    role="group",
                    aria_label=tr("slot.bet"),
                ),
                rx.el.button(
                    rx.icon("rotate-cw", size=20, aria_hidden="true"),
                    rx.cond(SlotState.busy, tr("slot.spinning"), tr("slot.spin")),
                    type="button",
                    class_name="cc-btn cc-btn--primary cc-spin",
                    on_click=SlotState.spin(CLICK_KEY),
                    disabled=SlotState.busy | RealityState.blocked,
                    id="cc-spin",
                ),
                class_name="cc-controls",
            ),
            rx.el.dl(
                stat_tile("games.rounds", SlotState.stats["rounds"]),
                stat_tile("games.wins", SlotState.stats["wins"]),
                stat_tile("games.best", SlotState.stats["best"]),
                stat_tile("games.net", SlotState.stats["net"]),
                class_name="cc-card cc-stats-row",
            ),
            rx.el.p(
                tr("games.proof"),
                " ",
                rx.el.code(SlotState.proof_hash),
                " · ",
                tr("games.nonce"),
                " ",
                SlotState.proof_nonce.to_string(),
                " · ",
                rx.link(tr("games.verify_link"), href="/fairness"),
                class_name="cc-proof",
            ),
            aria_labelledby="slot-title",
            class_name="cc-game",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/slot`` (players only, checked server-side)."""
    app.add_page(
        slot_page, route="/games/slot", title=tr("page.slot_title"), on_load=[*page_events.PLAYER, SlotState.load]
    )
