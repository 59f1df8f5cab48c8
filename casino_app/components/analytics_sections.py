"""The five report sections of ``/admin/analytics``: buy funnel, retention, spend, games and the gold economy.

Every chart sits in a ``chart_block`` (a stable ``data-testid`` and a "show as table" table of the same data).
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_charts import AXIS, CHART_HEIGHT, NUMBER_TICK, frame, grid, tooltip
from casino_app.components.analytics_parts import (
    chart_block,
    note,
    report_section,
    small,
    stat,
    stats_row,
    table_block,
    text_table,
)
from casino_app.components.forms import localized
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state.admin_analytics import AdminAnalyticsState
from casino_app.state.ui import MESSAGES, UIState, tr, tr_by

A = AdminAnalyticsState
M = MESSAGES
STEP_COLORS = {
    "open_shop": "var(--cc-cyan)",
    "buy_click": "var(--cc-violet)",
    "buy_success": "var(--cc-success)",
    "buy_fail": "var(--cc-danger)",
}
RETENTION_COLORS = {"d1": "var(--cc-cyan)", "d7": "var(--cc-pink)", "d30": "var(--cc-gold)"}


def _bar(key: str, name: rx.Var, color: str, **props: object) -> rx.Component:
    return rx.recharts.bar(data_key=key, name=name, fill=color, **props)


def _line(key: str, name: rx.Var, color: str, **props: object) -> rx.Component:
    return rx.recharts.line(data_key=key, name=name, stroke=color, stroke_width=2, **props)


def funnel_section() -> rx.Component:
    """Players per ordered step (labelled with the conversion from the first step), failed players, and the
    steps per day."""
    steps_chart = rx.recharts.bar_chart(
        grid(),
        rx.recharts.x_axis(data_key=rx.cond(UIState.locale == "en", "name_en", "name_ko"), stroke=AXIS),
        rx.recharts.y_axis(stroke=AXIS, tick_formatter=NUMBER_TICK, allow_decimals=False, width=72),
        tooltip(),
        rx.recharts.bar(
            rx.recharts.label_list(data_key="label", position="top", fill="var(--cc-text)"),
            data_key="players",
            name=M["analytics.col_players"],
            fill="var(--cc-cyan)",
        ),
        data=A.funnel_steps,
        height=CHART_HEIGHT,
        width="100%",
        margin={"top": 28, "right": 16, "left": 0, "bottom": 0},
    )
    steps_table = data_table(
        ("analytics.col_step", "analytics.col_players", "analytics.col_of_first", "analytics.col_of_previous"),
        A.funnel_table,
        lambda row: rx.el.tr(
            rx.el.td(tr_by("analytics.step.", row["step"])),
            rx.el.td(row["players"]),
            rx.el.td(row["of_first"]),
            rx.el.td(row["of_previous"]),
            data_step=row["step"],
        ),
    )
    steps = ("open_shop", "buy_click", "buy_success", "buy_fail")
    daily_chart = rx.recharts.bar_chart(
        *frame(*[_bar(s, M[f"analytics.step.{s}"], STEP_COLORS[s]) for s in steps]),
        data=A.funnel_daily,
        height=CHART_HEIGHT,
        width="100%",
    )
    daily_table = text_table(
        ("analytics.col_day", *[f"analytics.step.{s}" for s in steps]),
        A.funnel_daily_table,
        ("day", *steps),
    )
    return report_section(
        "funnel",
        stats_row(stat("analytics.failed_players", A.funnel_failed, stat_id="cc-analytics-funnel-failed")),
        chart_block("analytics.funnel_chart_title", "analytics-funnel-chart", steps_chart, steps_table),
        chart_block("analytics.funnel_daily_title", "analytics-funnel-daily-chart", daily_chart, daily_table),
    )


def retention_section() -> rx.Component:
    """D1/D7/D30 summary cards, the rates per cohort (lines) and the cohort table (``—`` = not measurable)."""
    summary = rx.el.dl(
        rx.foreach(
            A.retention_summary,
            lambda s: rx.el.div(
                rx.el.dt(tr_by("analytics.summary_d", s["day"])),
                rx.el.dd(s["rate"]),
                rx.el.dd(small(localized(s))),
                class_name="cc-stat",
                data_day=s["day"],
            ),
        ),
        class_name="cc-stats-row",
        id="cc-analytics-retention-summary",
        margin="0",
    )
    chart = rx.recharts.line_chart(
        grid(),
        rx.recharts.x_axis(data_key="day", stroke=AXIS),
        rx.recharts.y_axis(stroke=AXIS, domain=[0, 100], unit="%", width=72),
        tooltip(),
        rx.recharts.legend(),
        *[
            _line(key, M[f"analytics.series_{key}"], color, dot=True, connect_nulls=True)
            for key, color in RETENTION_COLORS.items()
        ],
        data=A.retention_points,
        height=CHART_HEIGHT,
        width="100%",
    )
    rates = text_table(
        ("analytics.col_cohort", "analytics.col_d1_rate", "analytics.col_d7_rate", "analytics.col_d30_rate"),
        A.retention_rates,
        ("day", "d1", "d7", "d30"),
    )
    keys = ("day", "size", "d1", "d1_rate", "d7", "d7_rate", "d30", "d30_rate")
    cohorts = data_table(
        (
            "analytics.col_cohort",
            "analytics.col_size",
            "analytics.col_d1",
            "analytics.col_d1_rate",
            "analytics.col_d7",
            "analytics.col_d7_rate",
            "analytics.col_d30",
            "analytics.col_d30_rate",
        ),
        A.cohort_rows,
        lambda row: rx.el.tr(*[rx.el.td(row[key]) for key in keys], data_day=row["day"]),
    )
    table = rx.cond(
        A.cohort_rows.length() > 0,  # type: ignore[attr-defined]
        cohorts,
        rx.text(tr("analytics.retention_none"), id="cc-analytics-retention-none"),
    )
    return report_section(
        "retention",
        summary,
        chart_block("analytics.retention_chart_title", "analytics-retention-chart", chart, rates),
        table_block(
            "analytics.retention_table_title",
            "analytics-retention-table",
            table,
            note("analytics.retention_empty_days"),
            note("analytics.not_measurable"),
        ),
    )


SPEND_COLUMNS = (
    "analytics.col_revenue",
    "analytics.col_paid_orders",
    "analytics.col_refunded_orders",
    "analytics.col_buyers",
    "analytics.col_active",
    "analytics.col_arpu",
    "analytics.col_arppu",
    "analytics.col_paying",
)
SPEND_KEYS = ("period", "revenue", "paid_orders", "refunded_orders", "buyers", "active", "arpu", "arppu", "paying")


def spend_section() -> rx.Component:
    """The window's totals, daily net revenue (bars) with ARPU and ARPPU (lines), and the ISO weeks."""
    cards = stats_row(
        *[
            stat(f"analytics.card_{key}", A.spend_cards[key], stat_id=f"cc-analytics-spend-{key}")
            for key in ("revenue", "paid_orders", "refunded_orders", "buyers", "active", "arpu", "arppu", "paying")
        ],
        row_id="cc-analytics-spend-cards",
    )
    chart = rx.recharts.composed_chart(
        grid(),
        rx.recharts.x_axis(data_key="day", stroke=AXIS),
        rx.recharts.y_axis(y_axis_id="revenue", stroke=AXIS, tick_formatter=NUMBER_TICK, width=88),
        rx.recharts.y_axis(
            y_axis_id="per_player", orientation="right", stroke=AXIS, tick_formatter=NUMBER_TICK, width=72
        ),
        tooltip(),
        rx.recharts.legend(),
        _bar("revenue", M["analytics.series_revenue"], "var(--cc-gold)", y_axis_id="revenue"),
        _line("arpu", M["analytics.series_arpu"], "var(--cc-cyan)", y_axis_id="per_player"),
        _line("arppu", M["analytics.series_arppu"], "var(--cc-pink)", y_axis_id="per_player"),
        data=A.spend_points,
        height=CHART_HEIGHT,
        width="100%",
    )
    daily = text_table(("analytics.col_day", *SPEND_COLUMNS), A.spend_daily_table, SPEND_KEYS)
    weekly = text_table(("analytics.col_week", *SPEND_COLUMNS), A.spend_weekly_table, SPEND_KEYS)
    return report_section(
        "spend",
        cards,
        chart_block("analytics.spend_chart_title", "analytics-spend-chart", chart, daily),
        table_block("analytics.spend_weekly_title", "analytics-spend-weekly-table", weekly),
    )


def games_section() -> rx.Component:
    """One row per game (rounds, players, wagered, paid, realised vs declared RTP) and rounds per day."""
    keys = ("rounds", "players", "wagered", "paid", "realised", "declared", "gap")
    table = data_table(
        ("analytics.col_game", *[f"analytics.col_{key}" for key in keys]),
        A.game_rows,
        lambda row: rx.el.tr(
            rx.el.td(tr_by("games.name.", row["game"])), *[rx.el.td(row[key]) for key in keys], data_game=row["game"]
        ),
    )
    chart = rx.recharts.line_chart(
        *frame(
            rx.foreach(
                A.game_series,
                lambda s: rx.recharts.line(
                    data_key=s["key"], name=tr_by("games.name.", s["key"]), stroke=s["color"], stroke_width=2
                ),
            )
        ),
        data=A.game_points,
        height=CHART_HEIGHT,
        width="100%",
    )
    daily = data_table(
        tuple(f"analytics.col_{key}" for key in ("day", "game", "rounds", "wagered", "paid")),
        A.game_daily_table,
        lambda row: rx.el.tr(
            rx.el.td(row["day"]),
            rx.el.td(tr_by("games.name.", row["game"])),
            rx.el.td(row["rounds"]),
            rx.el.td(row["wagered"]),
            rx.el.td(row["paid"]),
        ),
    )
    return report_section(
        "games",
        rx.el.div(
            rx.cond(
                A.game_rows.length() > 0,  # type: ignore[attr-defined]
                table,
                rx.text(tr("analytics.games_none")),
            ),
            **SCROLL_X,
            data_testid="analytics-games-table",
        ),
        chart_block("analytics.games_chart_title", "analytics-games-chart", chart, daily),
    )


def economy_section() -> rx.Component:
    """Totals, sources and sinks by kind, and sources, sinks and the net per day."""
    cards = stats_row(
        *[
            stat(f"analytics.card_{key}", A.economy_cards[key] + " G", stat_id=f"cc-analytics-economy-{key}")
            for key in ("sources", "sinks", "net")
        ],
        row_id="cc-analytics-economy-cards",
    )
    flows = data_table(
        ("analytics.col_direction", "analytics.col_kind", "analytics.col_amount", "analytics.col_transfers"),
        A.economy_flows,
        lambda row: rx.el.tr(
            rx.el.td(rx.cond(row["direction"] == "source", tr("analytics.source"), tr("analytics.sink"))),
            rx.el.td(rx.cond(row["kind"] == "OTHER", row["code"], tr_by("ledger.kind.", row["kind"]))),
            rx.el.td(row["amount"]),
            rx.el.td(row["transfers"]),
            data_direction=row["direction"],
        ),
    )
    chart = rx.recharts.composed_chart(
        *frame(
            _bar("sources", M["analytics.series_sources"], "var(--cc-success)"),
            _bar("sinks", M["analytics.series_sinks"], "var(--cc-danger)"),
            _line("net", M["analytics.series_net"], "var(--cc-cyan)"),
        ),
        data=A.economy_points,
        height=CHART_HEIGHT,
        width="100%",
    )
    daily = text_table(
        ("analytics.col_day", "analytics.col_sources", "analytics.col_sinks", "analytics.col_net"),
        A.economy_daily_table,
        ("day", "sources", "sinks", "net"),
    )
    flows_view = rx.cond(
        A.economy_flows.length() > 0,  # type: ignore[attr-defined]
        flows,
        rx.text(tr("analytics.economy_none")),
    )
    return report_section(
        "economy",
        cards,
        table_block("analytics.economy_flows_title", "analytics-economy-flows", flows_view),
        chart_block("analytics.economy_chart_title", "analytics-economy-chart", chart, daily),
    )
