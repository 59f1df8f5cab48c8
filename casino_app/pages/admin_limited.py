"""``/admin/shop/limited``: limited packages (stock, window, per-player limit), create/edit, and the kill switch."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_forms import EditorFields, edit_button, editor_page
from casino_app.state import page_events
from casino_app.state.admin_limited import AdminLimitedState
from casino_app.state.ui import tr

A = AdminLimitedState
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
                edit_button(A.edit(item["id"]), A.can_edit),
                rx.cond(
                    (item["active"] != "") & A.can_edit,
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


F = EditorFields(A, "ltd")


def package_form() -> rx.Component:
    """Create a package, or edit the one picked in the list (its code stays)."""
    v = F.value
    return F.form(
        F.input("admin.limited_code", "code", v("code"), max_length=40, required=True, read_only=F.is_edit),
        *F.contents(),
        F.input("admin.limited_starts", "starts_at", v("input_starts_at"), type="datetime-local"),
        F.input("admin.limited_ends", "ends_at", v("input_ends_at"), type="datetime-local"),
        F.input("admin.limited_stock", "total_stock", v("input_total_stock"), input_mode="numeric"),
        F.input("admin.limited_per_user", "per_user_limit", v("input_per_user_limit"), input_mode="numeric"),
        F.input("admin.shop_sort", "sort_order", v("input_sort_order", "0"), input_mode="numeric"),
        F.checkbox("is_active", "admin.shop_active", "active"),
        title_keys=("admin.limited_edit_title", "admin.limited_new_title"),
        code_key="code",
        alert_id="cc-limited-admin-error",
        rules_key="admin.limited_rules",
        save_id="cc-limited-save",
        form_id="cc-limited-admin-form",
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
    return editor_page(
        "admin.limited_title",
        package_form(),
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
        columns=(
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
        items=A.items,
        render_row=_row,
        table_id="cc-limited-table",
        empty_key="admin.limited_empty",
    )


def register(app: rx.App) -> None:
    """Add ``/admin/shop/limited`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_limited_page,
        route="/admin/shop/limited",
        title=tr("page.admin_limited_title"),
        on_load=[*page_events.STAFF, AdminLimitedState.load],
    )
