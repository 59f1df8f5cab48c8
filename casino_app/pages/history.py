"""``/games/history``: the player's rounds of every game, with proofs and a verify link, and the history export."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.game_catalog import game_keys, game_nav
from casino_app.state.history import HistoryState
from casino_app.state.history_export import EXPORT_KINDS, HistoryExportState
from casino_app.state.reality import RealityState
from casino_app.state.ui import UIState, tr, tr_by

FIRST_GAME = game_nav()[0][1]  # where the empty history sends a player: the first game in the menu


def _history_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["at"]),
        rx.el.td(tr_by("games.name.", row["game"])),
        rx.el.td(rx.cond(UIState.locale == "en", row["summary_en"], row["summary_ko"]), class_name="cc-outcome-cell"),
        rx.el.td(row["bet"]),
        rx.el.td(row["net"], class_name=rx.cond(row["positive"] != "", "cc-amount-plus", "cc-amount-minus")),
        rx.el.td(rx.el.code(row["hash"]), " #", row["nonce"]),
        rx.el.td(rx.link(tr("games.verify_link"), href="/fairness?round=" + row["id"])),
    )


def _date_field(label_key: str, field_id: str, value: rx.Var, on_change: rx.EventHandler) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.input(
            id=field_id,
            type="date",
            value=value,
            on_change=on_change,
            min="2000-01-01",
            max="2099-12-31",
            size="3",
            aria_invalid=rx.cond(HistoryExportState.error.length() > 0, "true", "false"),
            class_name="cc-input",
        ),
        class_name="cc-field",
    )


def _download(fmt: str, href: rx.Var) -> rx.Component:
    """A download link for the chosen range; a disabled button while the range is invalid."""
    content = (rx.icon("download", size=16, aria_hidden="true"), tr(f"export.{fmt}"))
    style = "cc-btn cc-btn--ghost cc-btn--small"
    return rx.cond(
        href != "",
        rx.el.a(*content, href=href, download="", id=f"cc-export-{fmt}", class_name=style),
        rx.el.button(*content, type="button", disabled=True, id=f"cc-export-{fmt}", class_name=style),
    )


def export_card() -> rx.Component:
    """Download the player's rounds, wallet entries or purchases for a range of KST dates as CSV or JSON."""
    export = HistoryExportState
    return rx.el.section(
        rx.heading(tr("export.title"), as_="h2", size="5", id="cc-export-title"),
        rx.text(tr("export.lead"), color="var(--cc-muted)", margin_bottom="12px"),
        rx.flex(
            rx.el.div(
                rx.el.label(tr("export.kind"), html_for="cc-export-kind", class_name="cc-label"),
                rx.el.select(
                    *(rx.el.option(tr(f"export.kind_{kind}"), value=kind) for kind in EXPORT_KINDS),
                    id="cc-export-kind",
                    value=export.kind,
                    on_change=export.choose_kind,
                    class_name="cc-select",
                ),
                class_name="cc-field",
            ),
            _date_field("export.from", "cc-export-from", export.date_from, export.choose_from),
            _date_field("export.to", "cc-export-to", export.date_to, export.choose_to),
            gap="16px",
            wrap="wrap",
        ),
        rx.el.p(tr("export.hint_all"), class_name="cc-field-hint"),
        alert(export.error, alert_id="cc-export-error"),
        rx.hstack(_download("csv", export.csv_href), _download("json", export.json_href), spacing="2", margin_y="12px"),
        rx.el.p(tr("export.format_note"), class_name="cc-field-hint"),
        class_name="cc-card",
        aria_labelledby="cc-export-title",
        id="cc-export",
        margin_top="24px",
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
                    **SCROLL_X,
                ),
                empty_state(
                    "reels",
                    "empty.history.title",
                    "empty.history.body",
                    href=FIRST_GAME,
                    action="empty.history.go",
                    element_id="cc-history-empty",
                ),
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
            export_card(),
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
