"""``/admin/crash``: the round loop, the round in play (open stakes, never its crash point), recent rounds, the
bets list with filters, and the pause switch (admins; operators see it read-only)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_crash import STATUSES, AdminCrashState
from casino_app.state.ui import MESSAGES, tr, tr_by

A = AdminCrashState
M = MESSAGES


def _stat(label_key: str, value: rx.Component | rx.Var, element_id: str | None = None) -> rx.Component:
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(value, id=element_id), class_name="cc-stat")


def _switch() -> rx.Component:
    paused = A.loop["paused"] != ""
    return rx.el.div(
        rx.el.button(
            rx.cond(paused, tr("crash_admin.resume"), tr("crash_admin.pause")),
            type="button",
            class_name=rx.cond(paused, "cc-btn cc-btn--primary", "cc-btn cc-btn--ghost"),
            on_click=A.switch_pause(~paused),
            disabled=~A.can_pause,
            aria_pressed=rx.cond(paused, "true", "false"),
            id="cc-crash-pause",
        ),
        rx.text(
            rx.cond(A.can_pause, tr("crash_admin.pause_rule"), tr("crash_admin.read_only")),
            size="2",
            color="var(--cc-muted)",
        ),
        display="grid",
        gap="8px",
    )


def loop_section() -> rx.Component:
    """Leader, heartbeat (with its age), lease epoch, pause state and the switch."""
    lp = A.loop
    return rx.el.section(
        rx.heading(tr("crash_admin.loop_title"), as_="h2", size="5"),
        rx.el.dl(
            _stat(
                "crash_admin.leader",
                rx.cond(lp["leader"] != "", lp["leader"], tr("crash_admin.no_leader")),
                "cc-crash-leader",
            ),
            _stat(
                "crash_admin.heartbeat",
                rx.fragment(
                    lp["heartbeat"],
                    rx.cond(lp["age"] != "", rx.fragment(" (", lp["age"], tr("crash_admin.seconds_ago"), ")")),
                ),
                "cc-crash-heartbeat",
            ),
            _stat("crash_admin.epoch", lp["epoch"]),
            _stat(
                "crash_admin.state",
                rx.cond(lp["paused"] != "", tr("crash_admin.paused"), tr("crash_admin.running")),
                "cc-crash-loop-state",
            ),
            rx.cond(
                lp["paused_by"] != "",
                _stat("crash_admin.paused_by", rx.fragment("#", lp["paused_by"], " · ", lp["paused_at"])),
            ),
            class_name="cc-stats-row",
        ),
        _switch(),
        rx.cond(A.saved == "paused", rx.el.p(tr("crash_admin.saved_paused"), class_name="cc-alert cc-alert--success")),
        rx.cond(
            A.saved == "resumed", rx.el.p(tr("crash_admin.saved_resumed"), class_name="cc-alert cc-alert--success")
        ),
        alert(A.error, alert_id="cc-crash-admin-error"),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def current_section() -> rx.Component:
    """The round in play: its open bets and stakes (its crash point is not given to the console)."""
    c = A.current
    return rx.el.section(
        rx.heading(tr("crash_admin.current_title"), as_="h2", size="5"),
        rx.cond(
            c.length() > 0,  # type: ignore[attr-defined]
            rx.el.dl(
                _stat("crash_admin.col_round", rx.fragment("#", c["number"])),
                _stat("crash_admin.col_status", tr_by("crash.phase.", c["status"])),
                _stat("crash_admin.col_open_bets", c["open_bets"], "cc-crash-open-bets"),
                _stat("crash_admin.col_open_stakes", rx.fragment(c["open_stakes"], " G"), "cc-crash-open-stakes"),
                _stat("crash_admin.col_total_bet", rx.fragment(c["total_bet"], " G")),
                _stat("crash_admin.col_players", c["players"]),
                class_name="cc-stats-row",
            ),
            rx.text(tr("crash_admin.no_current")),
        ),
        rx.text(tr("crash_admin.hidden_point"), size="2", color="var(--cc-muted)"),
        class_name="cc-card",
    )


def _recent_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td("#", row["number"]),
        rx.el.td("×", row["crash_point"]),
        rx.el.td(row["total_bet"], " G"),
        rx.el.td(row["total_paid"], " G"),
        rx.el.td(row["players"]),
        rx.el.td(row["crashed_at"]),
        data_round=row["round_id"],
    )


def recent_section() -> rx.Component:
    """Recent crashed rounds with their crash points and totals."""
    return rx.el.section(
        rx.heading(tr("crash_admin.recent_title"), as_="h2", size="5"),
        rx.cond(
            A.recent.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(
                data_table(
                    (
                        "crash_admin.col_round",
                        "crash_admin.col_crash_point",
                        "crash_admin.col_total_bet",
                        "crash_admin.col_total_paid",
                        "crash_admin.col_players",
                        "crash_admin.col_time",
                    ),
                    A.recent,
                    _recent_row,
                    id="cc-crash-recent",
                ),
                **SCROLL_X,
            ),
            rx.text(tr("crash_admin.no_recent")),
        ),
        class_name="cc-card",
    )


def _filters() -> rx.Component:
    return rx.form(
        rx.box(
            rx.el.div(
                rx.el.label(tr("crash_admin.filter_user"), html_for="crash-user", class_name="cc-label"),
                rx.el.input(
                    id="crash-user",
                    name="user_id",
                    type="number",
                    min="1",
                    class_name="cc-select",
                    default_value=A.user_filter,
                ),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(tr("crash_admin.filter_status"), html_for="crash-status", class_name="cc-label"),
                rx.el.select(
                    rx.el.option(tr("crash_admin.any"), value=""),
                    *[rx.el.option(tr(f"crash.status.{s}"), value=s) for s in STATUSES],
                    id="crash-status",
                    name="status",
                    class_name="cc-select",
                ),
                class_name="cc-field",
            ),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
        ),
        rx.el.button(tr("crash_admin.apply"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-crash-filter"),
        on_submit=A.filter,
        reset_on_submit=False,
    )


def _session_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["game_id"]),
        rx.el.td(row["nickname"], " #", row["user_id"]),
        rx.el.td("#", row["round_number"]),
        rx.el.td(row["bet"], " G"),
        rx.el.td(rx.cond(row["auto"] != "", rx.fragment("×", row["auto"]), "—")),
        rx.el.td(tr_by("crash.status.", row["status"])),
        rx.el.td(rx.cond(row["cashout"] != "", rx.fragment("×", row["cashout"]), "—")),
        rx.el.td(row["payout"], " G"),
        rx.el.td(rx.cond(row["crash_point"] != "", rx.fragment("×", row["crash_point"]), "—")),
        rx.el.td(row["created_at"]),
        data_user=row["user_id"],
        data_status=row["status"],
    )


def sessions_section() -> rx.Component:
    """The bets list (newest 50) filtered by player id and status."""
    return rx.el.section(
        rx.heading(tr("crash_admin.sessions_title"), as_="h2", size="5"),
        rx.text(tr("crash_admin.sessions_lead"), size="2", color="var(--cc-muted)"),
        _filters(),
        rx.cond(
            A.sessions.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(
                data_table(
                    (
                        "crash_admin.col_bet_id",
                        "crash_admin.col_player",
                        "crash_admin.col_round",
                        "crash_admin.col_bet",
                        "crash_admin.col_auto",
                        "crash_admin.col_status",
                        "crash_admin.col_cashout",
                        "crash_admin.col_payout",
                        "crash_admin.col_crash_point",
                        "crash_admin.col_time",
                    ),
                    A.sessions,
                    _session_row,
                    id="cc-crash-sessions",
                ),
                **SCROLL_X,
            ),
            rx.text(tr("crash_admin.no_sessions")),
        ),
        class_name="cc-card",
    )


def admin_crash_page() -> rx.Component:
    """Loop, current round, recent rounds and bets."""
    return shell(
        rx.vstack(
            rx.hstack(
                rx.heading(tr("crash_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
                rx.spacer(),
                rx.el.button(
                    tr("crash_admin.refresh"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost cc-btn--small",
                    on_click=A.refresh,
                    id="cc-crash-refresh",
                ),
                align="center",
                width="100%",
            ),
            admin_nav(),
            rx.text(tr("crash_admin.lead")),
            loop_section(),
            current_section(),
            recent_section(),
            sessions_section(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/crash`` (staff only, checked server-side)."""
    app.add_page(
        admin_crash_page,
        route="/admin/crash",
        title=tr("page.admin_crash_title"),
        on_load=[*page_events.STAFF, AdminCrashState.load],
    )
