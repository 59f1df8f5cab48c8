"""``/games/history``: the player's rounds of every game, with proofs and a verify link."""

from __future__ import annotations

import reflex as rx

from casino_app.components.layout import shell
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.game_catalog import game_keys
from casino_app.state.history import HistoryState
from casino_app.state.reality import RealityState
from casino_app.state.ui import UIState, tr


def _history_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["at"]),
        rx.el.td(UIState.messages["games.name." + row["game"]]),
        rx.el.td(row["summary"]),
        rx.el.td(row["bet"]),
        rx.el.td(row["net"], class_name=rx.cond(row["positive"] != "", "cc-amount-plus", "cc-amount-minus")),
        rx.el.td(rx.el.code(row["hash"]), " #", row["nonce"]),
        rx.el.td(rx.link(tr("games.verify_link"), href="/fairness?round=" + row["id"])),
    )


def history_page() -> rx.Component:
    """The player's rounds with proofs."""
    return shell(
        rx.el.section(
            rx.heading(tr("history.title"), as_="h1", size="7", class_name="cc-glow-heading", id="history-title"),
            rx.hstack(
                *[
                    rx.el.button(
                        tr(key),
                        type="button",
                        class_name="cc-bet",
                        aria_pressed=rx.cond(HistoryState.game == value, "true", "false"),
                        on_click=HistoryState.filter(value),
                    )
                    for key, value in (("history.all", ""), *((f"games.name.{g}", g) for g in game_keys()))
                ],
                spacing="2",
                margin_y="12px",
            ),
            rx.cond(
                HistoryState.items.length() > 0,
                rx.el.div(
                    data_table(
                        (
                            "history.col_when",
                            "history.col_game",
                            "history.col_outcome",
                            "history.col_bet",
                            "history.col_net",
                            "history.col_proof",
                            "history.col_verify",
                        ),
                        HistoryState.items,
                        _history_row,
                        id="cc-history-table",
                    ),
                    class_name="cc-card",
                    overflow_x="auto",
                ),
                rx.text(tr("history.empty"), color="var(--cc-muted)"),
            ),
            rx.cond(
                HistoryState.next_cursor != "",
                rx.el.button(
                    tr("wallet.more"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",
                    on_click=HistoryState.more,
                    margin_top="12px",
                ),
            ),
            aria_labelledby="history-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/history`` (players only)."""
    app.add_page(
        history_page,
        route="/games/history",
        title=tr("page.history_title"),
        on_load=[*page_events.PLAYER, HistoryState.load, RealityState.refresh],
    )
