"""The one data table: translated column headers (with ``scope``) over a row per item."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import reflex as rx

from casino_app.state.ui import tr

# A wrapper that scrolls sideways (wide tables on a phone) must be reachable by keyboard (WCAG 2.1.1; axe
# scrollable-region-focusable): spread into the wrapper's props, ``rx.el.div(table, **SCROLL_X)``.
SCROLL_X: dict[str, object] = {"overflow_x": "auto", "tab_index": 0}


def data_table(
    columns: Sequence[str | None], items: rx.Var, render_row: Callable[[rx.Var], rx.Component], **props: object
) -> rx.Component:
    """A ``cc-table`` with a header cell per catalog key (``None``: a column of buttons, named for screen readers)."""
    header = [
        rx.el.th(tr(key) if key else rx.el.span(tr("table.col_actions"), class_name="cc-sr-only"), scope="col")
        for key in columns
    ]
    return rx.el.table(
        rx.el.thead(rx.el.tr(*header)),
        rx.el.tbody(rx.foreach(items, render_row)),
        class_name="cc-table",
        **props,
    )
