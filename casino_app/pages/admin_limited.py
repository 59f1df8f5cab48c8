"""``/admin/shop/limited``: limited packages (stock, window, per-player limit), create/edit, and the kill switch."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.admin_limited import AdminLimitedState
from casino_app.state.ui import tr

A = AdminLimitedState
E = A.editing
_STATUS = {
    "on_sale": ("admin.shop_on_sale", "cc-badge cc-badge--ok"),
    "upcoming": ("admin.limited_upcoming", "cc-badge"),
    "ended": ("admin.limited_ended", "cc-badge cc-badge--off"),
    "inactive": ("admin.inactive", "cc-badge cc-badge--off"),
}


def _status(status: rx.Var) -> rx.Component:
    return rx.match(
        status,
        *[(key, rx.el.span(tr(label), class_name=badge)) for key, (label, badge) in _STATUS.items()],
        rx.el.span(status),
    )


def _unlimited(value: rx.Var) -> rx.Component:
    return rx.cond(value != "", value, tr("admin.limited_unlimited"))


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["code"]), rx.el.br(), "#", item["id"]),
        rx.el.td(item["name_ko"], rx.el.br(), item["name_en"]),
        rx.el.td(item["price"]),
        rx.el.td(item["gold"], " + ", item["bonus"]),
        rx.el.td(_unlimited(item["total"]), " / ", item["sold"], " / ", item["held"], " / ", _unlimited(item["left"])),
        rx.el.td(item["window"]),
        rx.el.td(_unlimited(item["per_user"])),
        rx.el.td(_status(item["status"])),
        rx.el.td(
            rx.hstack(
                rx.el.button(
                    tr("admin.shop_edit"), type="button", class_name="cc-iconbtn", on_click=A.edit(item["id"])
                ),
                rx.cond(
                    item["active"] != "",
                    rx.el.button(
                        tr("admin.limited_kill"),
                        type="button",
                        class_name="cc-iconbtn",
                        on_click=A.ask_disable(item["id"]),
                        id="cc-limited-kill-" + item["code"],
                    ),
                ),
                spacing="2",
            )
        ),
        data_code=item["code"],
    )


def _input(label_key: str, name: str, value: rx.Var | str, **props: object) -> rx.Component:
    field_id = f"ltd-{name}"
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.input(id=field_id, name=name, default_value=value, size="3", **props),
        class_name="cc-field",
    )


def _or(value: rx.Var, default: str) -> rx.Var:
    return rx.cond(E.contains("id"), value, default)


def package_form() -> rx.Component:
    """Create a package, or edit the one picked in the list (its code stays)."""
    return rx.form(
        rx.heading(
            rx.cond(E.contains("id"), tr("admin.limited_edit_title"), tr("admin.limited_new_title")),
            " ",
            rx.cond(E.contains("id"), rx.el.code(E["code"]), ""),
            as_="h2",
            size="5",
            margin_bottom="12px",
        ),
        alert(A.error, alert_id="cc-limited-admin-error"),
        rx.cond(
            A.saved != "",
            rx.el.div(tr("admin.shop_saved"), " ", rx.el.code(A.saved), class_name="cc-alert cc-alert--success"),
        ),
        rx.box(
            _input(
                "admin.limited_code",
                "code",
                _or(E["code"], ""),
                max_length=40,
                required=True,
                read_only=E.contains("id"),
            ),
            _input("admin.shop_name_ko", "name_ko", _or(E["name_ko"], ""), max_length=80, required=True),
            _input("admin.shop_name_en", "name_en", _or(E["name_en"], ""), max_length=80, required=True),
            _input("admin.shop_price", "price_krw", _or(E["input_price_krw"], ""), input_mode="numeric", required=True),
            _input("admin.shop_gold", "gold", _or(E["input_gold"], ""), input_mode="numeric", required=True),
            _input("admin.shop_bonus", "bonus_gold", _or(E["input_bonus_gold"], "0"), input_mode="numeric"),
            _input("admin.shop_tickets", "tickets", _or(E["input_tickets"], ""), input_mode="numeric"),
            _input("admin.limited_starts", "starts_at", _or(E["input_starts_at"], ""), type="datetime-local"),
            _input("admin.limited_ends", "ends_at", _or(E["input_ends_at"], ""), type="datetime-local"),
            _input("admin.limited_stock", "total_stock", _or(E["input_total_stock"], ""), input_mode="numeric"),
            _input(
                "admin.limited_per_user", "per_user_limit", _or(E["input_per_user_limit"], ""), input_mode="numeric"
            ),
            _input("admin.shop_sort", "sort_order", _or(E["input_sort_order"], "0"), input_mode="numeric"),
            rx.el.label(
                rx.el.input(
                    type="checkbox", name="is_active", default_checked=_or(E["active"] != "", True), id="ltd-is_active"
                ),
                " ",
                tr("admin.shop_active"),
                class_name="cc-label",
            ),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
            key=A.form_nonce.to_string(),
        ),
        rx.text(tr("admin.limited_rules"), size="1", color="var(--cc-muted)"),
        rx.hstack(
            rx.cond(
                E.contains("id"),
                rx.el.button(tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.edit("")),
            ),
            rx.el.button(
                tr("admin.shop_save"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-limited-save"
            ),
            spacing="3",
            margin_top="12px",
        ),
        on_submit=A.save,
        class_name="cc-card",
        id="cc-limited-admin-form",
    )


def kill_confirm() -> rx.Component:
    """The kill switch's confirmation: what stopping does, and the button that does it."""
    return rx.cond(
        A.confirm_id != "",
        rx.el.div(
            rx.el.p(tr("admin.limited_kill_confirm"), " ", rx.el.code(A.confirm_code)),
            rx.hstack(
                rx.el.button(
                    tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.ask_disable("")
                ),
                rx.el.button(
                    tr("admin.limited_kill_do"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=A.disable,
                    id="cc-limited-kill-confirm",
                ),
                spacing="3",
                margin_top="8px",
            ),
            class_name="cc-alert cc-alert--info cc-alert--stack",
            role="alertdialog",
            aria_label=tr("admin.limited_kill"),
        ),
    )


def admin_limited_page() -> rx.Component:
    """Form, confirmation and list."""
    return shell(
        rx.vstack(
            rx.heading(tr("admin.limited_title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            package_form(),
            rx.el.section(
                kill_confirm(),
                rx.cond(
                    A.stopped != "",
                    rx.el.div(
                        tr("admin.limited_killed"),
                        " ",
                        rx.el.code(A.stopped),
                        class_name="cc-alert cc-alert--success",
                        role="status",
                    ),
                ),
                rx.cond(
                    A.items.length() > 0,
                    rx.el.div(
                        data_table(
                            (
                                "admin.limited_code",
                                "admin.shop_col_name",
                                "admin.shop_price",
                                "admin.shop_col_gold",
                                "admin.limited_col_stock",
                                "admin.limited_col_window",
                                "admin.limited_col_limit",
                                "admin.col_status",
                                None,
                            ),
                            A.items,
                            _row,
                            id="cc-limited-table",
                        ),
                        overflow_x="auto",
                    ),
                    rx.text(tr("admin.limited_empty")),
                ),
                class_name="cc-card",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/shop/limited`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_limited_page,
        route="/admin/shop/limited",
        title=tr("page.admin_limited_title"),
        on_load=[*page_events.STAFF, AdminLimitedState.load],
    )
