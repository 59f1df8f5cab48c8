"""``/admin/players``: find a player by site ID, nickname or id; results link to the player page
(support, operators and admins, checked server-side)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_players import AdminPlayersState
from casino_app.state.ui import tr

S = AdminPlayersState

COLUMNS = (
    "players_admin.col_id",
    "players_admin.col_site_id",
    "players_admin.col_nickname",
    "players_admin.col_rank",
    "players_admin.col_level",
    "players_admin.col_status",
    "players_admin.col_created",
    "players_admin.col_last_login",
)


def status_badge(active: rx.Var) -> rx.Component:
    """Active or banned."""
    return rx.cond(
        active != "",
        rx.el.span(tr("players_admin.active"), class_name="cc-badge cc-badge--ok"),
        rx.el.span(tr("players_admin.banned"), class_name="cc-badge cc-badge--off"),
    )


def search_form() -> rx.Component:
    """The search box."""
    return rx.form(
        rx.el.label(tr("players_admin.search_label"), html_for="cc-players-q", class_name="cc-label"),
        rx.hstack(
            rx.input(
                id="cc-players-q",
                name="q",
                default_value=S.query,
                max_length=40,
                size="3",
                class_name="cc-input",
                placeholder=tr("players_admin.search_placeholder"),
                flex="1",
            ),
            rx.el.button(
                tr("players_admin.search"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-players-search"
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.search,
        display="grid",
        gap="8px",
        class_name="cc-card",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td("#", row["id"]),
        rx.el.td(rx.el.code(row["site_id"])),
        rx.el.td(rx.link(row["nickname"], href=row["href"], data_player=row["id"])),
        rx.el.td(row["rank"]),
        rx.el.td(row["level"]),
        rx.el.td(status_badge(row["active"])),
        rx.el.td(row["created"]),
        rx.el.td(rx.cond(row["last_login"] != "", row["last_login"], "—")),
    )


def results() -> rx.Component:
    """The page of players with previous/next."""
    return rx.el.section(
        rx.text(tr("players_admin.found"), " ", rx.el.strong(S.total), id="cc-players-total"),
        rx.cond(
            S.items.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(data_table(COLUMNS, S.items, _row, id="cc-players-table"), **SCROLL_X),
            rx.text(tr("players_admin.none")),
        ),
        rx.hstack(
            rx.el.button(
                tr("players_admin.prev"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=S.turn(-1),
                disabled=S.page <= 1,
            ),
            rx.text(S.page, " / ", S.pages),
            rx.el.button(
                tr("players_admin.next"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=S.turn(1),
                disabled=S.page >= S.pages,
            ),
            spacing="3",
            align="center",
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def admin_players_page() -> rx.Component:
    """Search and results."""
    return shell(
        rx.vstack(
            rx.heading(tr("players_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("players_admin.lead")),
            alert(S.error, alert_id="cc-players-error"),
            search_form(),
            results(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/players`` (staff, checked server-side)."""
    app.add_page(
        admin_players_page,
        route="/admin/players",
        title=tr("page.admin_players_title"),
        on_load=[*page_events.STAFF, AdminPlayersState.load],
    )
