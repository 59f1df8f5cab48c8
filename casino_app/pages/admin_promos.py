"""``/admin/shop/promos``: promo codes (kind, value, window, uses, once per player, active) and create/edit."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_forms import EditorFields, edit_button, editor_page
from casino_app.state import page_events
from casino_app.state.admin_promos import KINDS, AdminPromosState
from casino_app.state.ui import tr, tr_by

P = AdminPromosState


def _or_none(value: rx.Var, key: str) -> rx.Component:
    return rx.cond(value != "", value, tr(key))


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["code"])),
        rx.el.td(tr_by("admin.promos_kind_", item["kind"])),
        rx.el.td(item["value"]),
        rx.el.td(rx.cond(item["package"] != "", rx.fragment("#", item["package"]), tr("admin.promos_any_package"))),
        rx.el.td(_or_none(item["starts"], "admin.promos_open"), " ~ ", _or_none(item["ends"], "admin.promos_open")),
        rx.el.td(item["used"], " / ", _or_none(item["max_uses"], "admin.limited_unlimited")),
        rx.el.td(rx.cond(item["once"] != "", tr("admin.promos_once"), "-")),
        rx.el.td(
            rx.cond(
                item["active"] != "",
                rx.el.span(tr("admin.promos_active"), class_name="cc-badge cc-badge--ok"),
                rx.el.span(tr("admin.inactive"), class_name="cc-badge cc-badge--off"),
            )
        ),
        rx.el.td(edit_button(P.edit(item["id"]), P.can_edit)),
        data_code=item["code"],
    )


F = EditorFields(P, "promo")


def promo_form() -> rx.Component:
    """Create a promo code, or edit the one picked in the list (the code stays)."""
    v = F.value
    return F.form(
        F.input("admin.promos_code", "code", v("code"), max_length=32, required=True, read_only=F.is_edit),
        F.select(
            "admin.promos_kind",
            "kind",
            [rx.el.option(tr(f"admin.promos_kind_{k}"), value=k) for k in KINDS],
            v("kind", KINDS[0]),
        ),
        F.input("admin.promos_value", "value", v("input_value"), input_mode="numeric", required=True),
        F.input("admin.promos_package", "package_id", v("package"), input_mode="numeric"),
        F.input("admin.promos_starts", "starts_at", v("input_starts_at"), type="datetime-local"),
        F.input("admin.promos_ends", "ends_at", v("input_ends_at"), type="datetime-local"),
        F.input("admin.promos_max_uses", "max_uses", v("input_max_uses"), input_mode="numeric"),
        F.checkbox("once_per_player", "admin.promos_once", "once"),
        F.checkbox("is_active", "admin.promos_active", "active"),
        title_keys=("admin.promos_edit_title", "admin.promos_new_title"),
        code_key="code",
        alert_id="cc-promos-error",
        rules_key="admin.promos_rules",
        save_id="cc-promo-save",
        form_id="cc-promo-form",
    )


def admin_promos_page() -> rx.Component:
    """Form and list."""
    return editor_page(
        "admin.promos_title",
        promo_form(),
        columns=(
            "admin.promos_code",
            "admin.promos_kind",
            "admin.promos_value",
            "admin.promos_col_package",
            "admin.promos_col_window",
            "admin.promos_col_uses",
            "admin.promos_once",
            "admin.col_status",
            None,
        ),
        items=P.items,
        render_row=_row,
        table_id="cc-promos-table",
        empty_key="admin.promos_empty",
    )


def register(app: rx.App) -> None:
    """Add ``/admin/shop/promos`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_promos_page,
        route="/admin/shop/promos",
        title=tr("page.admin_promos_title"),
        on_load=[*page_events.STAFF, AdminPromosState.load],
    )
