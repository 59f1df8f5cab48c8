"""``/admin``: the operators' console home: invite codes (the shop's catalog and orders have their own screens)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin import AdminInvitesState
from casino_app.state.ui import tr


def _invite_row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["code"])),
        rx.el.td(item["used"], " / ", item["max"]),
        rx.el.td(item["remaining"]),
        rx.el.td(item["expires"]),
        rx.el.td(
            rx.cond(
                item["active"] != "",
                rx.el.span(tr("admin.active"), class_name="cc-badge cc-badge--ok"),
                rx.el.span(tr("admin.inactive"), class_name="cc-badge cc-badge--off"),
            )
        ),
        rx.el.td(
            rx.cond(
                item["active"] != "",
                rx.el.button(
                    tr("admin.deactivate"),
                    type="button",
                    class_name="cc-iconbtn",
                    on_click=AdminInvitesState.deactivate(item["id"]),
                ),
            )
        ),
    )


def create_form() -> rx.Component:
    """New invite code."""
    return rx.form(
        rx.heading(tr("admin.create"), as_="h2", size="5", margin_bottom="12px"),
        alert(AdminInvitesState.error, alert_id="cc-admin-error"),
        rx.cond(
            AdminInvitesState.created != "",
            rx.el.div(
                tr("admin.created"),
                " ",
                rx.el.code(AdminInvitesState.created),
                class_name="cc-alert cc-alert--success",
                role="status",
            ),
        ),
        rx.box(
            rx.el.div(
                rx.el.label(tr("admin.code"), html_for="inv-code", class_name="cc-label"),
                rx.input(id="inv-code", name="code", max_length=32, size="3"),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(tr("admin.max_uses"), html_for="inv-max", class_name="cc-label"),
                rx.input(id="inv-max", name="max_uses", type="number", min=1, size="3"),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(tr("admin.expires"), html_for="inv-exp", class_name="cc-label"),
                rx.input(id="inv-exp", name="expires", type="date", size="3"),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(tr("admin.note"), html_for="inv-note", class_name="cc-label"),
                rx.input(id="inv-note", name="note", max_length=100, size="3"),
                class_name="cc-field",
            ),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
        ),
        rx.el.button(tr("admin.create"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-invite-create"),
        on_submit=AdminInvitesState.create,
        reset_on_submit=True,
        class_name="cc-card",
    )


def admin_page() -> rx.Component:
    """Invite codes and daily usage."""
    return shell(
        rx.vstack(
            rx.heading(tr("admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            create_form(),
            rx.el.section(
                rx.heading(tr("admin.invites"), as_="h2", size="5", id="invites-title", margin_bottom="12px"),
                rx.cond(
                    AdminInvitesState.items.length() > 0,
                    rx.el.div(
                        data_table(
                            (
                                "admin.col_code",
                                "admin.col_used",
                                "admin.col_remaining",
                                "admin.col_expires",
                                "admin.col_status",
                                None,
                            ),
                            AdminInvitesState.items,
                            _invite_row,
                        ),
                        **SCROLL_X,
                    ),
                    rx.text(tr("admin.empty")),
                ),
                class_name="cc-card",
                aria_labelledby="invites-title",
            ),
            rx.el.section(
                rx.heading(tr("admin.usage"), as_="h2", size="5", id="usage-title", margin_bottom="12px"),
                rx.cond(
                    AdminInvitesState.usage.length() > 0,
                    data_table(
                        ("admin.col_day", "admin.col_code", "admin.col_signups"),
                        AdminInvitesState.usage,
                        lambda row: rx.el.tr(rx.el.td(row["day"]), rx.el.td(row["code"]), rx.el.td(row["signups"])),
                    ),
                    rx.text(tr("admin.usage_empty"), color="var(--cc-muted)"),
                ),
                class_name="cc-card",
                aria_labelledby="usage-title",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin`` (staff only, checked server-side)."""
    app.add_page(
        admin_page,
        route="/admin",
        title=tr("page.admin_title"),
        on_load=[*page_events.STAFF, AdminInvitesState.load],
    )
