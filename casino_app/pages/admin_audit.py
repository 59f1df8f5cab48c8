"""``/admin/audit``: every audited staff action with filters (actor, action, target, KST dates), newest first,
with "more" paging (support and up, checked server-side; read-only)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert, key_alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_audit import AdminAuditState
from casino_app.state.ui import MESSAGES, tr

A = AdminAuditState
M = MESSAGES

COLUMNS = (
    "audit_admin.col_id",
    "audit_admin.col_time",
    "audit_admin.col_actor",
    "audit_admin.col_action",
    "audit_admin.col_target",
    "audit_admin.col_details",
    "audit_admin.col_ip",
)


def _text_field(label_key: str, name: str, **props: object) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=f"audit-{name}", class_name="cc-label"),
        rx.input(id=f"audit-{name}", name=name, size="3", class_name="cc-input", **props),
        class_name="cc-field",
    )


def _action_select() -> rx.Component:
    return rx.el.div(
        rx.el.label(tr("audit_admin.filter_action"), html_for="audit-action", class_name="cc-label"),
        rx.el.select(
            rx.el.option(tr("audit_admin.any"), value=""),
            rx.foreach(
                A.actions,
                lambda a: rx.el.option(
                    rx.cond(a.endswith("."), a + "* " + M["audit_admin.group_suffix"], a),  # type: ignore[attr-defined]
                    value=a,
                ),
            ),
            id="audit-action",
            name="action",
            class_name="cc-select",
        ),
        class_name="cc-field",
    )


def filter_form() -> rx.Component:
    """Staff id, action (a group prefix or one action), target type and id, and a range of KST dates."""
    return rx.el.section(
        rx.heading(tr("audit_admin.filters_title"), as_="h2", size="5"),
        rx.form(
            rx.box(
                _text_field("audit_admin.filter_actor", "actor", input_mode="numeric", max_length=20),
                _action_select(),
                _text_field("audit_admin.filter_target_type", "target_type", max_length=40),
                _text_field("audit_admin.filter_target_id", "target_id", max_length=64),
                _text_field("audit_admin.filter_since", "since", type="date", min="2000-01-01", max="2099-12-31"),
                _text_field("audit_admin.filter_until", "until", type="date", min="2000-01-01", max="2099-12-31"),
                display="grid",
                grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
                gap="12px",
            ),
            key_alert("audit_admin.", A.form_error, alert_id="cc-audit-form-error"),
            rx.hstack(
                rx.el.button(
                    tr("audit_admin.apply"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-audit-search"
                ),
                rx.el.button(tr("audit_admin.clear"), type="reset", class_name="cc-btn cc-btn--ghost", on_click=A.load),
                spacing="3",
            ),
            on_submit=A.search,
            key=A.form_nonce.to_string(),
            display="grid",
            gap="12px",
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def _actor(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["actor_id"] != "",
        rx.fragment(row["actor_nickname"], rx.el.br(), rx.el.code(row["actor_site_id"]), " #", row["actor_id"]),
        rx.el.span(tr("audit_admin.system"), class_name="cc-badge"),
    )


def _details(row: rx.Var) -> rx.Component:
    """Why (the reason), what changed (before → after, one line per field), then anything else recorded."""
    return rx.el.div(
        rx.cond(
            row["reason"] != "",
            rx.el.p(rx.el.strong(tr("audit_admin.reason")), " ", row["reason"], margin="0 0 4px", data_part="reason"),
        ),
        rx.cond(
            row["changes"] != "",
            rx.fragment(
                rx.el.p(rx.el.strong(tr("audit_admin.changes")), margin="0"),
                rx.el.pre(
                    row["changes"],
                    class_name="cc-code",
                    white_space="pre-wrap",
                    margin="0 0 4px",
                    font_size="12px",
                    data_part="changes",
                ),
            ),
        ),
        rx.cond(
            row["details"] != "",
            rx.el.pre(row["details"], class_name="cc-code", white_space="pre-wrap", margin="0", font_size="12px"),
        ),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td("#", row["id"]),
        rx.el.td(row["at"]),
        rx.el.td(_actor(row)),
        rx.el.td(rx.el.code(row["action"])),
        rx.el.td(row["target_type"], rx.el.br(), rx.el.code(row["target_id"])),
        rx.el.td(_details(row), min_width="240px"),
        rx.el.td(row["ip"]),
        data_entry=row["id"],
        data_action=row["action"],
    )


def entries_section() -> rx.Component:
    """The matching entries, newest first, with "more" while pages remain."""
    return rx.el.section(
        rx.text(tr("audit_admin.shown"), " ", rx.el.strong(A.items.length()), id="cc-audit-count"),  # type: ignore[attr-defined]
        rx.cond(
            A.items.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(data_table(COLUMNS, A.items, _row, id="cc-audit-entries"), **SCROLL_X),
            rx.text(tr("audit_admin.empty")),
        ),
        rx.cond(
            A.has_more,
            rx.el.button(
                tr("audit_admin.more"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=A.more,
                id="cc-audit-more",
            ),
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def admin_audit_page() -> rx.Component:
    """Filters and the audit entries."""
    return shell(
        rx.vstack(
            rx.heading(tr("audit_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("audit_admin.lead")),
            alert(A.error, alert_id="cc-audit-error"),
            filter_form(),
            entries_section(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/audit`` (support and up, checked server-side)."""
    app.add_page(
        admin_audit_page,
        route="/admin/audit",
        title=tr("page.admin_audit_title"),
        on_load=[*page_events.STAFF, AdminAuditState.load],
    )
