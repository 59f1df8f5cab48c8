"""Pieces of the console's analytics page: a report section with its period switch and CSV button, a chart block
with a "show as table" alternative (each with a stable ``data-testid``), and stat cards."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_charts import AXIS, CHART_HEIGHT
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state.admin_analytics import REPORTS, AdminAnalyticsState
from casino_app.state.ui import MESSAGES, tr

A = AdminAnalyticsState
M = MESSAGES


def period_switch(report: str) -> rx.Component:
    """One button per offered period of ``report`` (the chosen one pressed)."""

    def button(days: int) -> rx.Component:
        chosen = A.days[report] == days
        return rx.el.button(
            tr(f"analytics.days_{days}"),
            type="button",
            class_name=rx.cond(chosen, "cc-btn cc-btn--primary cc-btn--small", "cc-btn cc-btn--ghost cc-btn--small"),
            aria_pressed=rx.cond(chosen, "true", "false"),
            on_click=A.choose_days(report, str(days)),
            id=f"cc-analytics-{report}-days-{days}",
        )

    return rx.el.div(
        *[button(days) for days in REPORTS[report][1]],
        role="group",
        aria_label=M[f"analytics.{report}_title"] + " · " + M["analytics.period"],
        display="flex",
        gap="8px",
    )


def csv_button(report: str) -> rx.Component:
    """Download ``report`` for its chosen period as CSV (UTF-8 with a BOM)."""
    return rx.el.button(
        rx.icon("download", size=14, aria_hidden="true"),
        tr("analytics.download_csv"),
        type="button",
        class_name="cc-btn cc-btn--ghost cc-btn--small",
        aria_label=M["analytics.csv_label"].replace("{title}", M[f"analytics.{report}_title"]),  # type: ignore[attr-defined]
        on_click=A.download_csv(report),
        id=f"cc-analytics-{report}-csv",
    )


def report_section(report: str, *children: rx.Component) -> rx.Component:
    """A report's card: title, lead, period switch, CSV button and window, then ``children``."""
    section_id = f"cc-analytics-{report}"
    controls = rx.el.div(
        period_switch(report),
        csv_button(report),
        rx.text(
            tr("analytics.window"),
            ": ",
            A.windows[report],
            size="2",
            color=AXIS,
            id=f"{section_id}-window",
        ),
        display="flex",
        flex_wrap="wrap",
        align_items="center",
        gap="12px",
    )
    return rx.el.section(
        rx.heading(tr(f"analytics.{report}_title"), as_="h2", size="6", id=f"{section_id}-title"),
        rx.text(tr(f"analytics.{report}_lead"), size="2"),
        controls,
        *children,
        class_name="cc-card",
        id=section_id,
        aria_labelledby=f"{section_id}-title",
        display="grid",
        gap="16px",
    )


def chart_block(title_key: str, testid: str, chart: rx.Component, table: rx.Component) -> rx.Component:
    """A titled chart (``data-testid`` = ``testid``) and, collapsed below it, the same data as a table
    (``data-testid`` = ``testid-table``)."""
    label = M["analytics.chart_label"].replace("{title}", M[title_key])  # type: ignore[attr-defined]
    return rx.el.div(
        rx.heading(tr(title_key), as_="h3", size="4"),
        rx.el.div(
            chart, role="img", aria_label=label, width="100%", min_height=f"{CHART_HEIGHT}px", data_testid=testid
        ),
        rx.el.details(
            rx.el.summary(tr("analytics.show_table"), class_name="cc-btn cc-btn--ghost cc-btn--small"),
            rx.el.div(table, **SCROLL_X, margin_top="8px", data_testid=f"{testid}-table"),
        ),
        display="grid",
        gap="8px",
    )


def table_block(title_key: str, testid: str, table: rx.Component, *notes: rx.Component) -> rx.Component:
    """A titled table shown as it is (``data-testid`` = ``testid``), with optional notes under it."""
    return rx.el.div(
        rx.heading(tr(title_key), as_="h3", size="4"),
        rx.el.div(table, **SCROLL_X, max_height="480px", overflow_y="auto", data_testid=testid),
        *notes,
        display="grid",
        gap="8px",
    )


def stat(label_key: str, value: rx.Var, note: rx.Var | None = None, stat_id: str | None = None) -> rx.Component:
    """A labelled headline figure (and a small note under it)."""
    return rx.el.div(
        rx.el.dt(tr(label_key)),
        rx.el.dd(value),
        *([rx.el.dd(small(note))] if note is not None else []),
        class_name="cc-stat",
        id=stat_id,
    )


def small(text: rx.Var | rx.Component) -> rx.Component:
    """Small muted text inside a stat card (``.cc-stat dd`` is large and bold; a span's own style wins)."""
    return rx.el.span(
        text, font_size="var(--cc-font-xs)", font_weight="400", line_height="1.4", display="block", color=AXIS
    )


def stats_row(*stats: rx.Component, row_id: str | None = None) -> rx.Component:
    """Stat cards side by side."""
    return rx.el.dl(*stats, class_name="cc-stats-row", id=row_id, margin="0")


def text_table(columns: tuple[str, ...], items: rx.Var, keys: tuple[str, ...], **props: object) -> rx.Component:
    """A table whose cells are the rows' text under ``keys`` (headers from the catalog keys ``columns``)."""
    return data_table(columns, items, lambda row: rx.el.tr(*[rx.el.td(row[key]) for key in keys]), **props)


def note(key: str) -> rx.Component:
    """A small muted line of text."""
    return rx.text(tr(key), size="1", color=AXIS)
