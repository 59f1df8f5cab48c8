"""``/admin/shop/orders``: order search, an order's event history, and a staff refund with a reason."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_orders import AdminOrdersState
from casino_app.state.ui import tr, tr_by

O = AdminOrdersState  # noqa: E741


def _status(value: rx.Var) -> rx.Component:
    return rx.el.span(tr_by("shop.status.", value), class_name="cc-badge cc-order-status", data_status=value)


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(item["created_at"]),
        rx.el.td(
            rx.el.button(
                rx.el.code(item["code"]), type="button", class_name="cc-iconbtn", on_click=O.open_order(item["code"])
            )
        ),
        rx.el.td(item["user_id"]),
        rx.el.td(item["sku"]),
        rx.el.td(item["amount"]),
        rx.el.td(item["gold"]),
        rx.el.td(_status(item["status"]), rx.el.br(), item["reason"]),
        data_order=item["code"],
    )


def search_form() -> rx.Component:
    """Code, player, status."""
    return rx.form(
        rx.box(
            rx.el.div(
                rx.el.label(tr("admin.orders_code"), html_for="ord-code", class_name="cc-label"),
                rx.input(id="ord-code", name="code", max_length=32, size="3"),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(tr("admin.orders_user"), html_for="ord-user", class_name="cc-label"),
                rx.input(id="ord-user", name="user_id", input_mode="numeric", max_length=19, size="3"),
                class_name="cc-field",
            ),
            rx.el.div(
                rx.el.label(tr("admin.col_status"), html_for="ord-status", class_name="cc-label"),
                rx.el.select(
                    rx.el.option(tr("admin.orders_any"), value=""),
                    rx.foreach(O.statuses, lambda s: rx.el.option(tr_by("shop.status.", s), value=s)),
                    id="ord-status",
                    name="status",
                    class_name="cc-select",
                ),
                class_name="cc-field",
            ),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
            gap="12px",
        ),
        rx.el.button(
            tr("admin.orders_search"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-orders-search"
        ),
        on_submit=O.search,
        class_name="cc-card",
    )


def _fact(label_key: str, value: rx.Component | rx.Var) -> rx.Component:
    return rx.fragment(rx.el.dt(tr(label_key)), rx.el.dd(value))


def _event_row(e: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(e["at"]),
        rx.el.td(e["from"], " → ", e["to"]),
        rx.el.td(e["reason"]),
        rx.el.td(e["actor"]),
        rx.el.td(rx.el.code(e["details"], class_name="cc-muted-code")),
    )


def order_detail() -> rx.Component:
    """The open order: facts, every transition, and the refund form for a paid order."""
    d = O.detail
    return rx.cond(
        d.contains("code"),
        rx.el.section(
            rx.heading(tr("admin.orders_detail"), " ", rx.el.code(d["code"]), as_="h2", size="5", margin_bottom="12px"),
            rx.el.dl(
                _fact("admin.col_status", rx.fragment(_status(d["status"]), " ", d["reason"])),
                _fact("admin.orders_user", d["user_id"]),
                _fact("shop.fact_product", rx.fragment(d["sku"], " · ", d["name_ko"])),
                _fact("shop.fact_price", d["amount"]),
                _fact("shop.fact_total", rx.fragment(d["gold"], " G")),
                _fact("admin.orders_provider", d["provider"]),
                _fact("shop.fact_receipt", d["receipt_code"]),
                _fact("shop.fact_time", d["paid_at"]),
                _fact("admin.orders_refunded", d["refunded"]),
                class_name="cc-shop-facts",
            ),
            rx.el.div(
                data_table(
                    (
                        "admin.orders_at",
                        "admin.orders_transition",
                        "admin.orders_reason",
                        "admin.orders_actor",
                        "table.col_details",
                    ),
                    O.events,
                    _event_row,
                    id="cc-order-events",
                ),
                **SCROLL_X,
            ),
            rx.cond(
                O.refunded != "",
                rx.el.div(tr("admin.orders_refund_done"), class_name="cc-alert cc-alert--success", role="status"),
            ),
            rx.cond(
                (d["status"] == "paid") & O.can_refund,  # refunds: operators and admins (checked server-side)
                rx.form(
                    rx.el.label(tr("admin.orders_refund_reason"), html_for="ord-refund-reason", class_name="cc-label"),
                    rx.input(id="ord-refund-reason", name="reason", max_length=200, required=True, size="3"),
                    rx.text(tr("admin.orders_refund_rule"), size="1", color="var(--cc-muted)"),
                    rx.el.button(
                        tr("admin.orders_refund"),
                        type="submit",
                        class_name="cc-btn cc-btn--primary",
                        id="cc-order-refund",
                    ),
                    on_submit=O.refund,
                    reset_on_submit=True,
                    margin_top="12px",
                ),
            ),
            class_name="cc-card",
            id="cc-order-detail",
        ),
    )


def admin_orders_page() -> rx.Component:
    """Search, results and the open order."""
    return shell(
        rx.vstack(
            rx.heading(tr("admin.orders_title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            search_form(),
            alert(O.error, alert_id="cc-orders-error"),
            order_detail(),
            rx.el.section(
                rx.cond(
                    O.items.length() > 0,
                    rx.el.div(
                        data_table(
                            (
                                "shop.col_when",
                                "shop.fact_order",
                                "admin.orders_user",
                                "admin.shop_sku",
                                "shop.col_amount",
                                "shop.col_gold",
                                "admin.col_status",
                            ),
                            O.items,
                            _row,
                            id="cc-orders-table",
                        ),
                        **SCROLL_X,
                    ),
                    rx.text(tr("admin.orders_empty")),
                ),
                rx.cond(
                    O.next_cursor != "",
                    rx.el.button(tr("wallet.more"), type="button", class_name="cc-btn cc-btn--ghost", on_click=O.more),
                ),
                class_name="cc-card",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/shop/orders`` (staff only, checked server-side)."""
    app.add_page(
        admin_orders_page,
        route="/admin/shop/orders",
        title=tr("page.admin_orders_title"),
        on_load=[*page_events.STAFF, AdminOrdersState.load],
    )
