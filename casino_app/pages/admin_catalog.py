"""``/admin/shop/products``: the shop catalog (list, create, edit, activate/deactivate, sunset; audited)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.admin_catalog import RANKS, AdminCatalogState
from casino_app.state.ui import UIState, tr

C = AdminCatalogState
E = C.editing


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.code(item["sku"])),
        rx.el.td(item["name_ko"], rx.el.br(), item["name_en"]),
        rx.el.td(item["price"]),
        rx.el.td(item["gold"], " + ", item["bonus"]),
        rx.el.td(item["discount"]),
        rx.el.td(rx.cond(item["rank"] != "", UIState.messages["rank." + item["rank"]], "-")),
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
                rx.el.button(
                    tr("admin.shop_edit"), type="button", class_name="cc-iconbtn", on_click=C.edit(item["id"])
                ),
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
                spacing="2",
            )
        ),
        data_sku=item["sku"],
    )


def _input(label_key: str, name: str, value: rx.Var, **props: object) -> rx.Component:
    field_id = f"prod-{name}"
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.input(id=field_id, name=name, default_value=value, size="3", **props),
        class_name="cc-field",
    )


def _or(value: rx.Var, default: str) -> rx.Var:
    return rx.cond(E.contains("id"), value, default)


def product_form() -> rx.Component:
    """Create a product, or edit the one picked in the list."""
    return rx.form(
        rx.heading(
            rx.cond(E.contains("id"), tr("admin.shop_edit_title"), tr("admin.shop_new_title")),
            " ",
            rx.cond(E.contains("id"), rx.el.code(E["sku"]), ""),
            as_="h2",
            size="5",
            margin_bottom="12px",
        ),
        alert(C.error, alert_id="cc-catalog-error"),
        rx.cond(
            C.saved != "",
            rx.el.div(tr("admin.shop_saved"), " ", rx.el.code(C.saved), class_name="cc-alert cc-alert--success"),
        ),
        rx.box(
            _input("admin.shop_sku", "sku", _or(E["sku"], ""), max_length=40, required=True),
            _input("admin.shop_name_ko", "name_ko", _or(E["name_ko"], ""), max_length=80, required=True),
            _input("admin.shop_name_en", "name_en", _or(E["name_en"], ""), max_length=80, required=True),
            _input("admin.shop_price", "price_krw", _or(E["input_price_krw"], ""), input_mode="numeric", required=True),
            _input("admin.shop_gold", "gold", _or(E["input_gold"], ""), input_mode="numeric", required=True),
            _input("admin.shop_bonus", "bonus_gold", _or(E["input_bonus_gold"], "0"), input_mode="numeric"),
            _input("admin.shop_tickets", "tickets", _or(E["input_tickets"], ""), input_mode="numeric"),
            _input(
                "admin.shop_discount", "discount_percent", _or(E["input_discount_percent"], "0"), input_mode="numeric"
            ),
            _input(
                "admin.shop_discount_ends",
                "discount_ends_at",
                _or(E["input_discount_ends_at"], ""),
                type="datetime-local",
            ),
            rx.el.div(
                rx.el.label(tr("admin.shop_required_rank"), html_for="prod-required_rank", class_name="cc-label"),
                rx.el.select(
                    rx.el.option(tr("admin.shop_rank_any"), value=""),
                    *[rx.el.option(tr(f"rank.{r}"), value=r) for r in RANKS],
                    id="prod-required_rank",
                    name="required_rank",
                    default_value=_or(E["rank"], ""),
                    class_name="cc-select",
                ),
                class_name="cc-field",
            ),
            *[
                _input(
                    f"admin.shop_rank_discount_{r.lower()}",
                    f"rd_{r}",
                    _or(E[f"input_rd_{r}"], ""),
                    input_mode="numeric",
                )
                for r in RANKS
            ],
            _input("admin.shop_sort", "sort_order", _or(E["input_sort_order"], "0"), input_mode="numeric"),
            _input("admin.shop_sunset", "sunset_at", _or(E["input_sunset_at"], ""), type="datetime-local"),
            rx.el.label(
                rx.el.input(
                    type="checkbox", name="is_active", default_checked=_or(E["active"] != "", True), id="prod-is_active"
                ),
                " ",
                tr("admin.shop_active"),
                class_name="cc-label",
            ),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
            key=C.form_nonce.to_string(),
        ),
        rx.text(tr("admin.shop_times_kst"), size="1", color="var(--cc-muted)"),
        rx.hstack(
            rx.cond(
                E.contains("id"),
                rx.el.button(tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=C.edit("")),
            ),
            rx.el.button(
                tr("admin.shop_save"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-product-save"
            ),
            spacing="3",
            margin_top="12px",
        ),
        on_submit=C.save,
        class_name="cc-card",
        id="cc-product-form",
    )


def admin_catalog_page() -> rx.Component:
    """Form and list."""
    return shell(
        rx.vstack(
            rx.heading(tr("admin.shop_catalog_title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            product_form(),
            rx.el.section(
                rx.cond(
                    C.items.length() > 0,
                    rx.el.div(
                        data_table(
                            (
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
                            C.items,
                            _row,
                            id="cc-catalog-table",
                        ),
                        overflow_x="auto",
                    ),
                    rx.text(tr("admin.shop_catalog_empty")),
                ),
                class_name="cc-card",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/shop/products`` (staff; changes need an admin, checked server-side)."""
    app.add_page(
        admin_catalog_page,
        route="/admin/shop/products",
        title=tr("page.admin_catalog_title"),
        on_load=[*page_events.STAFF, AdminCatalogState.load],
    )
