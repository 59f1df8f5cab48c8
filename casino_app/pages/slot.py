"""``/games/slot``: the slot machine.

The machine card holds everything that moves during a round in fixed places: the reels (``slot_machine``), a
result area of reserved height (the result line, or an error in its place: nothing below it ever moves), the bet
chips with the reason line for the chips the balance cannot cover, and the spin button. The paytable beside it
comes from the active odds table at the chosen bet.
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.celebration import calm_line, celebration
from casino_app.components.forms import localized
from casino_app.components.games import reality_bar, stat_tile, symbol
from casino_app.components.layout import shell
from casino_app.components.odds_dialog import odds_dialog
from casino_app.components.slot_machine import SlotReels, SlotSpin
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.reality import RealityState
from casino_app.state.slot import SlotState
from casino_app.state.ui import tr, tr_by, tr_prefix
from casino_app.state.wallet import WalletState

SHORT_NOTE_ID = "cc-bet-short"


def _odds_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(tr_by("slot.symbol.", row["id"])),
        rx.el.td(row["chance"], "%"),
        rx.el.td("×", row["pair"]),
        rx.el.td("×", row["triple"]),
    )


def slot_odds() -> rx.Component:
    """The published odds: chance per reel, pays, RTP and the rules (the table's own bonus figures)."""
    return odds_dialog(
        "cc-slot-odds",
        "slot.odds_title",
        rx.text(tr("slot.rtp"), " ", rx.el.strong(SlotState.declared_rtp, "%"), " · v", SlotState.version.to_string()),
        data_table(
            ("slot.col_symbol", "slot.col_chance", "slot.col_pair", "slot.col_triple"),
            SlotState.paytable,
            _odds_row,
            id="cc-slot-paytable",
        ),
        rx.text(localized(SlotState.rules), size="2", color="var(--cc-muted)", margin_top="12px"),
    )


def _pay_cell(multiplier: rx.Var, gold: rx.Var) -> rx.Component:
    return rx.el.td(
        rx.el.span("×", multiplier, class_name="cc-pay-x"),
        rx.el.span(gold, " G", class_name="cc-pay-gold"),
    )


def _pay_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.th(
            rx.el.span(symbol(row["id"], size=22), class_name="cc-pay-glyph"),
            tr_by("slot.symbol.", row["id"]),
            scope="row",
        ),
        _pay_cell(row["triple"], row["triple_gold"]),
        _pay_cell(row["pair"], row["pair_gold"]),
        data_symbol=row["id"],
    )


def paytable_card() -> rx.Component:
    """What each line pays at the chosen bet, from the active odds table (no figure is written here)."""
    return rx.el.aside(
        rx.el.h2(tr("slot.paytable_title"), id="cc-paytable-title", class_name="cc-paytable-title"),
        rx.el.p(localized(SlotState.pay_caption), class_name="cc-paytable-caption", id="cc-paytable-caption"),
        data_table(
            ("slot.col_symbol", "slot.pay_three", "slot.pay_two"),
            SlotState.pay_rows,
            _pay_row,
            id="cc-paytable",
        ),
        rx.el.p(tr("slot.rtp"), " ", rx.el.strong(SlotState.declared_rtp, "%"), class_name="cc-paytable-rtp"),
        class_name="cc-card cc-paytable-card",
        aria_labelledby="cc-paytable-title",
    )


def _spendable() -> rx.Var:
    """The balance the chips follow: the one on display before a round that is still being revealed."""
    return rx.cond(SlotState.rolling, SlotState.held_gold, WalletState.gold)


def _chip(bet: rx.Var) -> rx.Component:
    short = WalletState.has_wallet & (bet > _spendable())
    return rx.el.button(
        SlotState.bet_labels[bet.to_string()],
        type="button",
        class_name="cc-bet",
        aria_pressed=rx.cond(SlotState.bet == bet, "true", "false"),
        disabled=short,
        title=rx.cond(short, tr("slot.short"), ""),
        aria_describedby=rx.cond(short, SHORT_NOTE_ID, rx.Var.create(None)),  # only the locked chips
        data_short=rx.cond(short, "true", "false"),
        on_click=SlotState.choose_bet(bet),
        id="cc-bet-" + bet.to_string(),
    )


def _result_area() -> rx.Component:
    result = rx.cond(
        SlotState.tier != "none",  # a payout above the stake: the tier's celebration
        rx.el.p(
            celebration(
                "cc-slot-celebrate",
                SlotState.tier,
                SlotState.spin_id.to_string(),
                amount=SlotState.win,
                amount_text=SlotState.win_text,
            ),
            " (×",
            SlotState.multiplier,
            ")",
            class_name="cc-result cc-result--win",
            id="cc-slot-result",
            key=SlotState.spin_id,
        ),
        rx.el.p(  # a partial return or a loss: said calmly
            rx.cond(
                SlotState.win > 0,
                calm_line(rx.el.strong(SlotState.win_text, " G"), " ", tr("result.returned")),
                calm_line(tr("result.loss"), element_id="cc-slot-loss"),
            ),
            class_name="cc-result",
            id="cc-slot-result",
            key=SlotState.spin_id,
        ),
    )
    message = rx.cond(
        SlotState.error.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.icon("circle-alert", size=18, aria_hidden="true"),
            rx.el.span(localized(SlotState.error)),
            class_name="cc-alert cc-alert--danger cc-slot-error",
            role="alert",
            id="cc-slot-error",
        ),
        rx.cond(
            SlotState.spin_id > 0,
            rx.fragment(
                result,
                rx.cond(
                    SlotState.bonus_pct > 0,
                    rx.el.p(tr("slot.streak_bonus"), " +", SlotState.bonus_pct.to_string(), "%", class_name="cc-bonus"),
                ),
            ),
            rx.el.p(tr("slot.idle_hint"), class_name="cc-result cc-result--idle", id="cc-slot-idle"),
        ),
    )
    return rx.el.div(message, class_name="cc-result-area", id="cc-slot-result-area", aria_live="polite")


def _controls() -> rx.Component:
    any_short = WalletState.has_wallet & (SlotState.top_bet > _spendable())
    return rx.el.div(
        rx.el.span(tr("slot.bet"), class_name="cc-label", id="cc-bet-label"),
        rx.el.div(
            rx.foreach(SlotState.bet_options, _chip),
            class_name="cc-bets",
            role="group",
            aria_labelledby="cc-bet-label",
        ),
        rx.el.p(rx.cond(any_short, tr("slot.short_note"), ""), class_name="cc-bet-note", id=SHORT_NOTE_ID),
        SlotSpin.create(
            rx.icon("rotate-cw", size=20, aria_hidden="true"),
            id="cc-spin",
            class_name="cc-btn cc-btn--primary cc-spin",
            disabled=RealityState.blocked,
            label=tr("slot.spin"),
            label_busy=tr("slot.spinning"),
            on_spin=SlotState.spin,
        ),
        class_name="cc-controls",
    )


def machine() -> rx.Component:
    """The reels, the result area and the controls; ``data-*`` carry the last revealed round."""
    return rx.el.div(
        SlotReels.create(
            id="cc-reels",
            draw_id=SlotState.draw_id,
            symbols=SlotState.reels,
            order=SlotState.symbol_ids,
            fail_seq=SlotState.fail_seq,
            win_draw=SlotState.win_draw,
            messages=tr_prefix("slot.symbol."),
            label=tr("slot.reels_label"),
            label_spinning=tr("slot.reel_spinning"),
            label_blank=tr("slot.reel_blank"),
            on_settled=SlotState.reveal,
        ),
        _result_area(),
        _controls(),
        class_name="cc-card cc-machine",
        id="cc-machine",
        data_spin=SlotState.spin_id.to_string(),
        data_win=SlotState.win.to_string(),
        data_bet=SlotState.last_bet.to_string(),
        data_tier=SlotState.tier,
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
            rx.el.div(machine(), paytable_card(), class_name="cc-slot-stage"),
            rx.el.dl(
                stat_tile("games.rounds", SlotState.stats["rounds"]),
                stat_tile("games.wins", SlotState.stats["wins"]),
                stat_tile("games.best", SlotState.stats["best"]),
                stat_tile("games.net", SlotState.stats["net"]),
                class_name="cc-card cc-stats-row",
            ),
            rx.cond(
                SlotState.spin_id > 0,
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
            ),
            aria_labelledby="slot-title",
            class_name="cc-game cc-slot-game",
            id="cc-slot-game",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/slot`` (players only, checked server-side)."""
    app.add_page(
        slot_page, route="/games/slot", title=tr("page.slot_title"), on_load=[*page_events.PLAYER, SlotState.load]
    )
