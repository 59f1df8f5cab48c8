"""The one data table: translated column headers (with ``scope``) over a row per item."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import reflex as rx

from casino_app.state.ui import tr


def data_table(
    columns: Sequence[str | None], items: rx.Var, render_row: Callable[[rx.Var], rx.Component], **props: object
) -> rx.Component:
    """A ``cc-table`` with a header cell per catalog key (``None`` for an unlabelled column)."""
    header = [rx.el.th(tr(key) if key else "", scope="col") for key in columns]
    return rx.el.table(
        rx.el.thead(rx.el.tr(*header)),
        rx.el.tbody(rx.foreach(items, render_row)),
        class_name="cc-table",
        **props,
    )
