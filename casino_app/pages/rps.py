"""``/games/rps``: rock-paper-scissors against the house."""

from __future__ import annotations

import reflex as rx

from casino_app.components.celebration import calm_line, celebration, play_cue
from casino_app.components.forms import alert
from casino_app.components.games import reality_bar, stat_tile
from casino_app.components.layout import shell
from casino_app.components.odds_dialog import odds_dialog
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.rps import RpsState
from casino_app.state.ui import tr, tr_by

MOVES = ("ROCK", "PAPER", "SCISSORS")
_ICONS = {"ROCK": "hand-fist", "PAPER": "hand", "SCISSORS": "scissors"}


def hand(move: rx.Var | str, size: int) -> rx.Component:
    """The glyph of a hand (a question mark for none)."""
    cases = [(m, rx.icon(icon, size=size, aria_hidden="true")) for m, icon in _ICONS.items()]
    return rx.match(move, *cases, rx.el.span("?", class_name="cc-rps-unknown", aria_hidden="true"))


def _odds_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(tr_by("rps.outcome.", row["outcome"])),
        rx.el.td(row["fraction"], " (", row["chance"], "%)"),
        rx.el.td("× ", row["pays"]),
    )


def rps_odds() -> rx.Component:
    """The published probabilities, pays, multiplier and RTP."""
    return odds_dialog(
        "cc-rps-odds",
        "rps.odds_title",
        rx.text(tr("rps.rtp"), " ", rx.el.strong(RpsState.declared_rtp, "%"), " · v", RpsState.version.to_string()),
        rx.text(
            tr("rps.multiplier"), " ", rx.el.strong("×", RpsState.multiplier), " · ", tr("rps.rtp_formula"), size="2"
        ),
        data_table(("rps.col_outcome", "rps.col_chance", "rps.col_pays"), RpsState.odds, _odds_row, id="cc-rps-table"),
        rx.text(tr("rps.rules"), size="2", color="var(--cc-muted)", margin_top="12px", id="cc-rps-rules"),
    )


def _side(label_key: str, move: rx.Var, element_id: str, *, reveal: bool) -> rx.Component:
    shown = rx.el.div(
        hand(move, 72),
        rx.el.span(tr_by("rps.move.", move), class_name="cc-rps-move-name"),
        key=RpsState.round_no,
        class_name="cc-rps-face cc-rps-reveal" if reveal else "cc-rps-face",
    )
    hidden = rx.el.div(
        rx.el.span("?", class_name="cc-rps-unknown", aria_hidden="true"),
        rx.el.span(tr("rps.hidden"), class_name="cc-sr-only"),
        class_name="cc-rps-face",
    )
    return rx.el.figure(
        rx.cond(RpsState.round_no > 0, shown, hidden),
        rx.el.figcaption(tr(label_key)),
        class_name="cc-rps-side",
        id=element_id,
        data_move=move,
    )


def _result() -> rx.Component:
    amount = rx.el.strong(RpsState.win_text, " G")
    lost = rx.el.strong(RpsState.bet_text, " G")
    return rx.el.div(
        rx.cond(
            RpsState.round_no > 0,
            rx.match(
                RpsState.outcome,
                (
                    "WIN",
                    rx.el.p(
                        tr("rps.result.WIN"),
                        " ",
                        rx.cond(
                            RpsState.tier != "none",
                            celebration(
                                "cc-rps-celebrate",
                                RpsState.tier,
                                RpsState.round_no.to_string(),
                                amount=RpsState.win,
                                amount_text=RpsState.win_text,
                            ),
                            amount,
                        ),
                        " (",
                        tr("rps.net"),
                        " ",
                        RpsState.net_text,
                        " G)",
                        class_name="cc-result cc-result--win",
                        id="cc-rps-result",
                    ),
                ),
                (
                    "DRAW",
                    rx.el.p(calm_line(tr("rps.result.DRAW"), " ", amount), class_name="cc-result", id="cc-rps-result"),
                ),
                rx.el.p(calm_line(tr("rps.result.LOSE"), " ", lost), class_name="cc-result", id="cc-rps-result"),
            ),
            rx.el.p(tr("rps.waiting"), class_name="cc-result cc-rps-idle"),
        ),
        class_name="cc-result-area",
        aria_live="polite",
    )


def arena() -> rx.Component:
    """Both hands (the house's revealed with a flip and a shake on the result) and the result line."""
    return rx.el.div(
        rx.el.div(
            _side("rps.you", RpsState.player_move, "cc-rps-player", reveal=False),
            rx.el.span(tr("rps.vs"), class_name="cc-rps-vs", aria_hidden="true"),
            _side("rps.house", RpsState.server_move, "cc-rps-house", reveal=True),
            key=RpsState.round_no,
            class_name=rx.cond(  # the hands clash (a short shake) on a win or a draw; a loss stays still
                RpsState.round_no > 0,
                rx.cond(
                    RpsState.celebrate,
                    "cc-rps-duel cc-rps-shake cc-rps-duel--win",
                    rx.cond(RpsState.outcome == "LOSE", "cc-rps-duel", "cc-rps-duel cc-rps-shake"),
                ),
                "cc-rps-duel",
            ),
        ),
        _result(),
        class_name="cc-card cc-rps-arena",
        id="cc-rps-arena",
        data_round=RpsState.round_no.to_string(),
        data_round_id=RpsState.round_id.to_string(),
        data_outcome=RpsState.outcome,
        data_house=RpsState.server_move,
        data_win=RpsState.win.to_string(),
        data_bet=RpsState.last_bet.to_string(),
        data_tier=RpsState.tier,
    )


def _bet_button(bet: rx.Var) -> rx.Component:
    return rx.el.button(
        bet.to_string(),
        type="button",
        class_name="cc-bet",
        aria_pressed=rx.cond(RpsState.bet == bet, "true", "false"),
        on_click=RpsState.choose_bet(bet),
    )


def _hand_button(move: str) -> rx.Component:
    return rx.el.button(
        hand(move, 56),
        rx.el.span(tr(f"rps.move.{move}"), aria_hidden="true"),
        type="button",
        class_name="cc-rps-hand",
        aria_label=tr(f"rps.play.{move}"),
        on_click=[play_cue("spin"), RpsState.play(move, CLICK_KEY)],  # the sound on the click, before the answer
        disabled=RpsState.busy | RealityState.blocked,
        id=f"cc-rps-{move.lower()}",
    )


def controls() -> rx.Component:
    """Bet chips from the table and the three hand buttons."""
    return rx.el.div(
        rx.el.span(tr("rps.bet"), class_name="cc-label"),
        rx.el.div(
            rx.foreach(RpsState.bet_options, _bet_button), class_name="cc-bets", role="group", aria_label=tr("rps.bet")
        ),
        rx.el.span(rx.cond(RpsState.busy, tr("rps.playing"), tr("rps.choose")), class_name="cc-label"),
        rx.el.div(
            *(_hand_button(m) for m in MOVES),
            class_name="cc-rps-hands",
            role="group",
            aria_label=tr("rps.choose"),
            aria_busy=rx.cond(RpsState.busy, "true", "false"),
        ),
        class_name="cc-controls",
    )


def rps_page() -> rx.Component:
    """Rock-paper-scissors."""
    return shell(
        rx.el.section(
            rx.hstack(
                rx.heading(tr("rps.title"), as_="h1", size="7", class_name="cc-glow-heading", id="rps-title"),
                rx.spacer(),
                rps_odds(),
                align="center",
            ),
            rx.text(tr("rps.lead"), color="var(--cc-muted)"),
            reality_bar(),
            arena(),
            alert(RpsState.error, alert_id="cc-rps-error"),
            controls(),
            rx.el.dl(
                stat_tile("rps.stat.plays", RpsState.stats["plays"], "cc-rps-plays"),
                stat_tile("rps.stat.wins", RpsState.stats["wins"], "cc-rps-wins"),
                stat_tile("rps.stat.losses", RpsState.stats["losses"], "cc-rps-losses"),
                stat_tile("rps.stat.draws", RpsState.stats["ties"], "cc-rps-draws"),
                class_name="cc-card cc-stats-row",
                aria_label=tr("rps.stats_label"),
            ),
            rx.cond(
                RpsState.round_id > 0,
                rx.el.p(
                    tr("games.proof"),
                    " ",
                    rx.el.code(RpsState.proof_hash),
                    " · ",
                    tr("games.nonce"),
                    " ",
                    RpsState.proof_nonce.to_string(),
                    " · ",
                    rx.link(tr("rps.verify_round"), href="/fairness?round=" + RpsState.round_id.to_string()),
                    class_name="cc-proof",
                ),
            ),
            aria_labelledby="rps-title",
            class_name="cc-game",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/rps`` (players only, checked server-side)."""
    app.add_page(rps_page, route="/games/rps", title=tr("page.rps_title"), on_load=[*page_events.PLAYER, RpsState.load])
