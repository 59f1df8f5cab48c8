"""``/shop/return?order=…``: back from the checkout — processing, the signed receipt, or a clear reason and a retry."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert, localized
from casino_app.components.layout import shell
from casino_app.components.shop import checkout_effect, checkout_notice, won
from casino_app.services.shop.orders import RETURN_PATH
from casino_app.state import page_events
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.shop_return import POLL_MAX, ShopReturnState
from casino_app.state.ui import UIState, tr, tr_by

S = ShopReturnState
# The order named in the address bar, read in the browser: a result is shown only for that order, so a tab's
# previous order (its state survives navigation) never stands in for this one while the page loads.
URL_ORDER = rx.Var(
    _js_expr="((typeof window !== 'undefined')"
    " ? (new URLSearchParams(window.location.search).get('order') ?? '') : '')",
    _var_type=str,
)


def _name() -> rx.Var:
    return rx.cond(UIState.locale == "en", S.name_en, S.name_ko)


def processing() -> rx.Component:
    """The order is still open at the provider: say so, and keep asking (bounded)."""
    gave_up = (S.polls >= POLL_MAX) & ~S.polling
    return rx.el.div(
        rx.cond(gave_up, rx.icon("hourglass", size=32, aria_hidden="true"), rx.spinner(size="3")),
        rx.heading(tr("shop.processing_title"), as_="h2", size="5"),
        rx.text(rx.cond(gave_up, tr("shop.processing_slow"), tr("shop.processing_body")), color="var(--cc-muted)"),
        rx.cond(
            gave_up,
            rx.el.button(
                tr("shop.check_again"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=S.check_again,
                id="cc-order-check",
            ),
        ),
        class_name="cc-card cc-order-result",
        role="status",
        aria_live="polite",
        id="cc-order-processing",
        data_status=S.status,
    )


def _fact(label_key: str, value: rx.Component | rx.Var, element_id: str) -> rx.Component:
    return rx.fragment(rx.el.dt(tr(label_key)), rx.el.dd(value, id=element_id))


def receipt() -> rx.Component:
    """Shown only when the server says the order is paid."""
    return rx.el.div(
        rx.icon("circle-check", size=36, color="var(--cc-success)", aria_hidden="true"),
        rx.heading(tr("shop.paid_title"), as_="h2", size="6"),
        rx.text(tr("shop.paid_body"), color="var(--cc-muted)"),
        rx.el.dl(
            _fact("shop.fact_product", _name(), "cc-receipt-product"),
            _fact("shop.fact_credited", rx.el.strong("+", S.total, " G"), "cc-receipt-gold"),
            rx.cond(
                S.tickets != "",
                _fact(
                    "shop.fact_items", rx.fragment(tr("shop.item.roulette_ticket"), " ×", S.tickets), "cc-receipt-items"
                ),
            ),
            _fact("shop.fact_paid", won(S.amount), "cc-receipt-amount"),
            _fact("shop.fact_time", S.paid_at, "cc-receipt-time"),
            _fact("shop.fact_receipt", rx.el.code(S.receipt_code), "cc-receipt-code"),
            _fact("shop.fact_order", rx.el.code(S.code), "cc-receipt-order"),
            _fact(
                "shop.fact_signature",
                rx.cond(
                    S.verified,
                    rx.el.span(tr("shop.signature_ok"), class_name="cc-badge cc-badge--ok"),
                    rx.el.span(tr("shop.signature_bad"), class_name="cc-badge cc-badge--off"),
                ),
                "cc-receipt-signature",
            ),
            class_name="cc-shop-facts",
        ),
        rx.hstack(
            rx.link(tr("shop.to_history"), href="/shop/history", class_name="cc-btn cc-btn--ghost", underline="none"),
            rx.link(tr("shop.to_shop"), href="/shop", class_name="cc-btn cc-btn--primary", underline="none"),
            spacing="3",
            wrap="wrap",
            margin_top="16px",
        ),
        class_name="cc-card cc-order-result",
        id="cc-receipt",
        data_status=S.status,
    )


def not_paid() -> rx.Component:
    """Declined, failed, voided (or refunded): why, that nothing was charged or credited, and a retry."""
    return rx.el.div(
        rx.icon("circle-x", size=36, color="var(--cc-danger)", aria_hidden="true"),
        rx.heading(tr_by("shop.status.", S.status), as_="h2", size="6"),
        rx.el.p(localized(S.message), class_name="cc-alert cc-alert--danger", role="alert", id="cc-order-reason"),
        rx.cond(S.status != "refunded", rx.text(tr("shop.nothing_changed"), color="var(--cc-muted)")),
        rx.el.dl(
            _fact("shop.fact_product", _name(), "cc-order-product"),
            _fact("shop.fact_price", won(S.amount), "cc-order-amount"),
            _fact("shop.fact_order", rx.el.code(S.code), "cc-order-code"),
            class_name="cc-shop-facts",
        ),
        checkout_notice(),
        rx.hstack(
            rx.link(tr("shop.to_shop"), href="/shop", class_name="cc-btn cc-btn--ghost", underline="none"),
            rx.cond(
                S.status != "refunded",
                rx.el.button(
                    tr("shop.retry"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=S.retry(CLICK_KEY),
                    id="cc-order-retry",
                ),
            ),
            spacing="3",
            wrap="wrap",
            margin_top="16px",
        ),
        class_name="cc-card cc-order-result",
        id="cc-order-failed",
        data_status=S.status,
    )


def shop_return_page() -> rx.Component:
    """The order's result, decided by the server's status only."""
    return shell(
        rx.el.section(
            rx.heading(tr("shop.result_title"), as_="h1", size="7", id="order-title", class_name="cc-glow-heading"),
            alert(S.error, alert_id="cc-order-error"),
            rx.cond(
                S.not_found,
                rx.el.div(
                    rx.text(tr("error.ORDER_NOT_FOUND")),
                    rx.link(tr("shop.to_shop"), href="/shop"),
                    class_name="cc-card",
                    id="cc-order-missing",
                ),
                rx.cond(
                    (S.code != "") & (S.code == URL_ORDER),
                    rx.match(
                        S.status,
                        ("paid", receipt()),
                        ("created", processing()),
                        ("pending", processing()),
                        not_paid(),
                    ),
                    rx.spinner(size="3", id="cc-order-loading"),
                ),
            ),
            checkout_effect(),
            aria_labelledby="order-title",
            padding_top="16px",
            max_width="640px",
        )
    )


def register(app: rx.App) -> None:
    """Add the return page at the path ``orders.return_url`` produces (players only)."""
    app.add_page(
        shop_return_page,
        route=RETURN_PATH,
        title=tr("page.shop_result_title"),
        on_load=[*page_events.PLAYER, ShopReturnState.load],
    )
