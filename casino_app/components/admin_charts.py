"""Neon chart pieces for console screens: a dark-theme grid, axes with thousands separators, a readable tooltip,
and a titled card that pairs a chart with a collapsed "view as table" table of the same data."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.vars.base import Var

from casino_app.components.table import SCROLL_X
from casino_app.state.ui import MESSAGES, tr

M = MESSAGES
CHART_HEIGHT = 260
AXIS = "var(--cc-muted)"
NUMBER_TICK = "(v) => Number(v).toLocaleString('ko-KR')"
TOOLTIP = {
    "content_style": {
        "background": "var(--cc-surface-2)",
        "borderColor": "var(--cc-border)",
        "borderRadius": "var(--cc-radius-sm)",
        "color": "var(--cc-text)",
    },
    "item_style": {"color": "var(--cc-text)"},
    "label_style": {"color": "var(--cc-muted)"},
    "cursor": {"fill": "rgba(139,92,255,.12)"},
    "custom_attrs": {
        "formatter": Var(_js_expr="((v) => (v === null || v === undefined) ? '–' : Number(v).toLocaleString('ko-KR'))")
    },
}


def grid() -> rx.Component:
    """Horizontal grid lines in the theme's border colour."""
    return rx.recharts.cartesian_grid(stroke="var(--cc-border)", stroke_dasharray="3 3", vertical=False)


def tooltip() -> rx.Component:
    """A dark tooltip showing numbers with thousands separators."""
    return rx.recharts.graphing_tooltip(**TOOLTIP)


def frame(*children: rx.Component) -> list[rx.Component]:
    """Grid, day axis, number axis, tooltip and legend, then the series ``children``."""
    return [
        grid(),
        rx.recharts.x_axis(data_key="day", stroke=AXIS),
        rx.recharts.y_axis(stroke=AXIS, tick_formatter=NUMBER_TICK, allow_decimals=False, width=72),
        tooltip(),
        rx.recharts.legend(),
        *children,
    ]


def chart_card(
    title_key: str, section_id: str, chart: rx.Component, table: rx.Component, *extra: rx.Component
) -> rx.Component:
    """A titled card: the chart (labelled for screen readers, pointing at the table) and its data as a table."""
    label = M["dashboard_admin.chart_label"].replace("{title}", M[title_key])  # type: ignore[attr-defined]
    return rx.el.section(
        rx.heading(tr(title_key), as_="h2", size="5", id=f"{section_id}-title"),
        *extra,
        rx.el.div(chart, role="img", aria_label=label, width="100%", min_height=f"{CHART_HEIGHT}px"),
        rx.el.details(
            rx.el.summary(tr("dashboard_admin.show_table"), class_name="cc-btn cc-btn--ghost cc-btn--small"),
            rx.el.div(table, **SCROLL_X, margin_top="8px"),
        ),
        class_name="cc-card",
        id=section_id,
        aria_labelledby=f"{section_id}-title",
        display="grid",
        gap="12px",
    )


def cells(*keys: str) -> Callable[[rx.Var], rx.Component]:
    """A table row renderer: one cell per ``keys`` of the row."""
    return lambda row: rx.el.tr(*[rx.el.td(row[key]) for key in keys])
