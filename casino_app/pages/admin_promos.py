"""``/admin/shop/promos``: promo codes (kind, value, window, uses, once per player, active) and create/edit."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.admin_promos import KINDS, AdminPromosState
from casino_app.state.ui import UIState, tr

P = AdminPromosState
E = P.editing


def _or_none(value: rx.Var, key: str) -> rx.Component:
    return rx.cond(value != "", value, tr(key))


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["code"])),
        rx.el.td(UIState.messages["admin.promos_kind_" + item["kind"]]),
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
        rx.el.td(
            rx.el.button(tr("admin.shop_edit"), type="button", class_name="cc-iconbtn", on_click=P.edit(item["id"]))
        ),
        data_code=item["code"],
    )


def _input(label_key: str, name: str, value: rx.Var | str, **props: object) -> rx.Component:
    field_id = f"promo-{name}"
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.input(id=field_id, name=name, default_value=value, size="3", **props),
        class_name="cc-field",
    )


def _or(value: rx.Var, default: str) -> rx.Var:
    return rx.cond(E.contains("id"), value, default)


def _checkbox(name: str, label_key: str, checked: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name=name, default_checked=checked, id=f"promo-{name}"),
        " ",
        tr(label_key),
        class_name="cc-label",
    )


def promo_form() -> rx.Component:
    """Create a promo code, or edit the one picked in the list (the code stays)."""
    return rx.form(
        rx.heading(
            rx.cond(E.contains("id"), tr("admin.promos_edit_title"), tr("admin.promos_new_title")),
            " ",
            rx.cond(E.contains("id"), rx.el.code(E["code"]), ""),
            as_="h2",
            size="5",
            margin_bottom="12px",
        ),
        alert(P.error, alert_id="cc-promos-error"),
        rx.cond(
            P.saved != "",
            rx.el.div(tr("admin.shop_saved"), " ", rx.el.code(P.saved), class_name="cc-alert cc-alert--success"),
        ),
        rx.box(
            _input(
                "admin.promos_code",
                "code",
                _or(E["code"], ""),
                max_length=32,
                required=True,
                read_only=E.contains("id"),
            ),
            rx.el.div(
                rx.el.label(tr("admin.promos_kind"), html_for="promo-kind", class_name="cc-label"),
                rx.el.select(
                    *[rx.el.option(tr(f"admin.promos_kind_{k}"), value=k) for k in KINDS],
                    id="promo-kind",
                    name="kind",
                    default_value=_or(E["kind"], KINDS[0]),
                    class_name="cc-select",
                ),
                class_name="cc-field",
            ),
            _input("admin.promos_value", "value", _or(E["input_value"], ""), input_mode="numeric", required=True),
            _input("admin.promos_package", "package_id", _or(E["package"], ""), input_mode="numeric"),
            _input("admin.promos_starts", "starts_at", _or(E["input_starts_at"], ""), type="datetime-local"),
            _input("admin.promos_ends", "ends_at", _or(E["input_ends_at"], ""), type="datetime-local"),
            _input("admin.promos_max_uses", "max_uses", _or(E["input_max_uses"], ""), input_mode="numeric"),
            _checkbox("once_per_player", "admin.promos_once", _or(E["once"] != "", True)),
            _checkbox("is_active", "admin.promos_active", _or(E["active"] != "", True)),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
            key=P.form_nonce.to_string(),
        ),
        rx.text(tr("admin.promos_rules"), size="1", color="var(--cc-muted)"),
        rx.hstack(
            rx.cond(
                E.contains("id"),
                rx.el.button(tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=P.edit("")),
            ),
            rx.el.button(tr("admin.shop_save"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-promo-save"),
            spacing="3",
            margin_top="12px",
        ),
        on_submit=P.save,
        class_name="cc-card",
        id="cc-promo-form",
    )


def admin_promos_page() -> rx.Component:
    """Form and list."""
    return shell(
        rx.vstack(
            rx.heading(tr("admin.promos_title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            promo_form(),
            rx.el.section(
                rx.cond(
                    P.items.length() > 0,
                    rx.el.div(
                        data_table(
                            (
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
                            P.items,
                            _row,
                            id="cc-promos-table",
                        ),
                        overflow_x="auto",
                    ),
                    rx.text(tr("admin.promos_empty")),
                ),
                class_name="cc-card",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/shop/promos`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_promos_page,
        route="/admin/shop/promos",
        title=tr("page.admin_promos_title"),
        on_load=[*page_events.STAFF, AdminPromosState.load],
    )
