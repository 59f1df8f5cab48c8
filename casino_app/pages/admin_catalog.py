"""``/admin/shop/products``: the shop catalog (list, create, edit, activate/deactivate, sunset; audited)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_forms import EditorFields, edit_button, editor_page
from casino_app.state import page_events
from casino_app.state.admin_catalog import RANKS, AdminCatalogState
from casino_app.state.ui import tr, tr_by

C = AdminCatalogState


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["sku"])),
        rx.el.td(item["name_ko"], rx.el.br(), item["name_en"]),
        rx.el.td(item["price"]),
        rx.el.td(item["gold"], " + ", item["bonus"]),
        rx.el.td(item["discount"]),
        rx.el.td(rx.cond(item["rank"] != "", tr_by("rank.", item["rank"]), "-")),
        rx.el.td(item["sunset"]),
        rx.el.td(
            rx.cond(
                item["on_sale"] != "",
                rx.el.span(tr("admin.shop_on_sale"), class_name="cc-badge cc-badge--ok"),
                rx.el.span(
                    rx.cond(item["active"] != "", tr("admin.shop_ended"), tr("admin.inactive")),
                    class_name="cc-badge cc-badge--off",
                ),
            )
        ),
        rx.el.td(
            rx.hstack(
                edit_button(C.edit(item["id"]), C.can_edit),
                rx.cond(
                    C.can_edit,
                    rx.cond(
                        item["active"] != "",
                        rx.el.button(
                            tr("admin.deactivate"),
                            type="button",
                            class_name="cc-iconbtn",
                            on_click=C.set_active(item["id"], False),
                        ),
                        rx.el.button(
                            tr("admin.activate"),
                            type="button",
                            class_name="cc-iconbtn",
                            on_click=C.set_active(item["id"], True),
                        ),
                    ),
                ),
                spacing="2",
            )
        ),
        data_sku=item["sku"],
    )


F = EditorFields(C, "prod")


def product_form() -> rx.Component:
    """Create a product, or edit the one picked in the list."""
    v = F.value
    return F.form(
        F.input("admin.shop_sku", "sku", v("sku"), max_length=40, required=True),
        *F.contents(),
        F.input("admin.shop_discount", "discount_percent", v("input_discount_percent", "0"), input_mode="numeric"),
        F.input("admin.shop_discount_ends", "discount_ends_at", v("input_discount_ends_at"), type="datetime-local"),
        F.select(
            "admin.shop_required_rank",
            "required_rank",
            [
                rx.el.option(tr("admin.shop_rank_any"), value=""),
                *[rx.el.option(tr(f"rank.{r}"), value=r) for r in RANKS],
            ],
            v("rank"),
        ),
        *[
            F.input(f"admin.shop_rank_discount_{r.lower()}", f"rd_{r}", v(f"input_rd_{r}"), input_mode="numeric")
            for r in RANKS
        ],
        F.input("admin.shop_sort", "sort_order", v("input_sort_order", "0"), input_mode="numeric"),
        F.input("admin.shop_sunset", "sunset_at", v("input_sunset_at"), type="datetime-local"),
        F.checkbox("is_active", "admin.shop_active", "active"),
        title_keys=("admin.shop_edit_title", "admin.shop_new_title"),
        code_key="sku",
        alert_id="cc-catalog-error",
        rules_key="admin.shop_times_kst",
        save_id="cc-product-save",
        form_id="cc-product-form",
    )


def admin_catalog_page() -> rx.Component:
    """Form and list."""
    return editor_page(
        "admin.shop_catalog_title",
        product_form(),
        columns=(
            "admin.shop_sku",
            "admin.shop_col_name",
            "admin.shop_price",
            "admin.shop_col_gold",
            "admin.shop_discount",
            "admin.shop_required_rank",
            "admin.shop_sunset",
            "admin.col_status",
            None,
        ),
        items=C.items,
        render_row=_row,
        table_id="cc-catalog-table",
        empty_key="admin.shop_catalog_empty",
    )


def register(app: rx.App) -> None:
    """Add ``/admin/shop/products`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_catalog_page,
        route="/admin/shop/products",
        title=tr("page.admin_catalog_title"),
        on_load=[*page_events.STAFF, AdminCatalogState.load],
    )
