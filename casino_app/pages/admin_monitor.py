"""``/admin/monitor``: players online (with what "online" means) and the last 200 game rounds, newest first,
refreshed every 2 seconds, with pause and resume for reading (operators and admins, checked server-side)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.care import Ticker
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_monitor import TICK_MS, AdminMonitorState
from casino_app.state.ui import MESSAGES, tr, tr_by

A = AdminMonitorState
M = MESSAGES

COLUMNS = (
    "monitor_admin.col_round",
    "monitor_admin.col_time",
    "monitor_admin.col_player",
    "monitor_admin.col_game",
    "monitor_admin.col_summary",
    "monitor_admin.col_bet",
    "monitor_admin.col_payout",
    "monitor_admin.col_net",
)


def online_section() -> rx.Component:
    """The count of players online and its definition."""
    return rx.el.section(
        rx.heading(tr("monitor_admin.online_title"), as_="h2", size="5"),
        rx.el.dl(
            rx.el.div(
                rx.el.dt(tr("monitor_admin.online_label")),
                rx.el.dd(rx.el.span(A.online, id="cc-monitor-online"), " ", tr("monitor_admin.online_unit")),
                class_name="cc-stat",
            ),
        ),
        rx.text(tr("monitor_admin.online_definition"), size="2", color="var(--cc-muted)", id="cc-monitor-definition"),
        class_name="cc-card",
        display="grid",
        gap="8px",
    )


def _net(row: rx.Var) -> rx.Component:
    """The net result; only a payout above the stake is marked (and labelled) as a win."""
    return rx.el.td(
        rx.match(
            row["result"],
            (
                "win",
                rx.fragment(
                    rx.el.span(row["net"], class_name="cc-amount-plus"),
                    " ",
                    rx.el.span(tr("monitor_admin.win"), class_name="cc-badge cc-badge--ok"),
                ),
            ),
            ("loss", rx.el.span(row["net"], class_name="cc-amount-minus")),
            rx.el.span(row["net"]),
        )
    )


def _event_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td("#", row["id"]),
        rx.el.td(row["at"]),
        rx.el.td(row["nickname"], " #", row["user_id"]),
        rx.el.td(tr_by("games.name.", row["game"])),
        rx.el.td(row["summary"]),
        rx.el.td(row["bet"]),
        rx.el.td(row["payout"]),
        _net(row),
        data_round=row["id"],
        data_result=row["result"],
    )


def _controls() -> rx.Component:
    return rx.el.div(
        rx.cond(
            A.paused,
            rx.el.button(
                tr("monitor_admin.resume"),
                type="button",
                class_name="cc-btn cc-btn--primary cc-btn--small",
                on_click=A.resume,
                id="cc-monitor-pause",
            ),
            rx.el.button(
                tr("monitor_admin.pause"),
                type="button",
                class_name="cc-btn cc-btn--ghost cc-btn--small",
                on_click=A.pause,
                id="cc-monitor-pause",
            ),
        ),
        rx.el.p(
            rx.cond(
                A.paused,
                rx.fragment(
                    tr("monitor_admin.paused"),
                    rx.cond(
                        (A.waiting != "") & (A.waiting != "0"),
                        rx.fragment(" · ", tr("monitor_admin.waiting"), " ", rx.el.strong(A.waiting)),
                    ),
                ),
                tr("monitor_admin.live"),
            ),
            role="status",
            id="cc-monitor-status",
            margin="0",
        ),
        display="flex",
        flex_wrap="wrap",
        align_items="center",
        gap="12px",
    )


def stream_section() -> rx.Component:
    """The rounds, newest first (at most 200), with pause and resume."""
    return rx.el.section(
        rx.heading(tr("monitor_admin.stream_title"), as_="h2", size="5"),
        _controls(),
        rx.text(tr("monitor_admin.pause_hint"), " ", tr("monitor_admin.win_rule"), size="2", color="var(--cc-muted)"),
        rx.cond(
            A.events.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(data_table(COLUMNS, A.events, _event_row, id="cc-monitor-events"), **SCROLL_X),
            rx.text(tr("monitor_admin.empty")),
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def admin_monitor_page() -> rx.Component:
    """Players online and the live stream of rounds."""
    return shell(
        rx.vstack(
            rx.heading(tr("monitor_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("monitor_admin.lead")),
            alert(A.error, alert_id="cc-monitor-error"),
            online_section(),
            stream_section(),
            Ticker.create(every=TICK_MS, on_tick=A.tick),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/monitor`` (operators and admins, checked server-side)."""
    app.add_page(
        admin_monitor_page,
        route="/admin/monitor",
        title=tr("page.admin_monitor_title"),
        on_load=[*page_events.STAFF, AdminMonitorState.load],
    )
