"""``/shop/history``: the player's orders with status, receipt, the 7-day withdrawal and a CSV download."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.shop import product_name, shop_tabs, won
from casino_app.components.table import SCROLL_X, data_table
from casino_app.services.shop.orders import RETURN_PATH
from casino_app.state import page_events
from casino_app.state.shop_history import ShopHistoryState
from casino_app.state.ui import tr, tr_by

H = ShopHistoryState


def _actions(item: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            item["receipt_code"] != "",
            rx.link(tr("shop.receipt"), href=RETURN_PATH + "?order=" + item["code"], class_name="cc-iconbtn"),
        ),
        rx.cond(
            item["withdrawable"] != "",
            rx.el.button(
                tr("shop.withdraw"),
                type="button",
                class_name="cc-iconbtn",
                on_click=H.ask_withdraw(item["code"]),
                id="cc-withdraw-" + item["code"],
            ),
        ),
        spacing="2",
    )


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(item["created_at"]),
        rx.el.td(product_name(item), rx.el.br(), rx.el.code(item["code"], class_name="cc-muted-code")),
        rx.el.td(
            rx.el.span(
                tr_by("shop.status.", item["status"]),
                class_name="cc-badge cc-order-status",
                data_status=item["status"],
            )
        ),
        rx.el.td(won(item["amount"])),
        rx.el.td(
            item["total"],
            " G",
            rx.cond(
                item["refunded_gold"] != "",
                rx.fragment(rx.el.br(), tr("shop.refunded_gold"), " ", item["refunded_gold"], " G"),
            ),
        ),
        rx.el.td(_actions(item)),
        data_order=item["code"],
    )


def withdraw_confirm() -> rx.Component:
    """The withdrawal's confirmation: what happens, and the button that does it."""
    return rx.cond(
        H.confirm_code != "",
        rx.el.div(
            rx.el.p(tr("shop.withdraw_confirm"), " ", rx.el.code(H.confirm_code)),
            rx.text(tr("shop.withdrawal_rule"), size="1", color="var(--cc-muted)"),
            rx.hstack(
                rx.el.button(
                    tr("shop.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=H.ask_withdraw("")
                ),
                rx.el.button(
                    tr("shop.withdraw_do"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=H.withdraw,
                    disabled=H.busy,
                    id="cc-withdraw-confirm",
                ),
                spacing="3",
                margin_top="8px",
            ),
            class_name="cc-alert cc-alert--info cc-alert--stack",
            role="alertdialog",
            aria_label=tr("shop.withdraw"),
        ),
    )


def shop_history_page() -> rx.Component:
    """Orders newest first."""
    return shell(
        rx.el.section(
            rx.heading(
                tr("shop.history_title"), as_="h1", size="7", id="shop-history-title", class_name="cc-glow-heading"
            ),
            rx.text(tr("shop.history_lead"), color="var(--cc-muted)", margin_bottom="12px"),
            shop_tabs(),
            alert(H.error, alert_id="cc-history-error"),
            rx.cond(
                H.done_code != "",
                rx.el.div(
                    tr("shop.withdrawn"),
                    " ",
                    rx.el.code(H.done_code),
                    class_name="cc-alert cc-alert--success",
                    role="status",
                ),
            ),
            withdraw_confirm(),
            rx.el.button(
                rx.icon("download", size=16, aria_hidden="true"),
                tr("shop.csv"),
                type="button",
                class_name="cc-btn cc-btn--ghost cc-btn--small",
                on_click=H.download_csv,
                id="cc-shop-csv",
                margin_bottom="12px",
            ),
            rx.cond(
                H.items.length() > 0,
                rx.el.div(
                    data_table(
                        (
                            "shop.col_when",
                            "shop.col_product",
                            "shop.col_status",
                            "shop.col_amount",
                            "shop.col_gold",
                            None,
                        ),
                        H.items,
                        _row,
                        id="cc-shop-history",
                    ),
                    class_name="cc-card",
                    **SCROLL_X,
                ),
                empty_state(
                    "bag",
                    "empty.shop_history.title",
                    "empty.shop_history.body",
                    href="/shop",
                    action="empty.shop_history.go",
                    element_id="cc-shop-history-empty",
                ),
            ),
            rx.cond(
                H.next_cursor != "",
                rx.el.button(
                    tr("wallet.more"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",
                    on_click=H.more,
                    disabled=H.loading,
                    margin_top="16px",
                ),
            ),
            aria_labelledby="shop-history-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/shop/history`` (players only)."""
    app.add_page(
        shop_history_page,
        route="/shop/history",
        title=tr("page.shop_history_title"),
        on_load=[*page_events.PLAYER, ShopHistoryState.load],
    )
