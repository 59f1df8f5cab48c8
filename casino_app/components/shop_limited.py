"""The shop's limited packages: cards with the real sale end, the stock left and this player's allowance, and the
package modal with a promo code. Prices are the server's (the list price, or the server's quote for a code)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.shop import (
    age_notice,
    buy_row,
    card_contents,
    checkout_notice,
    countdown,
    details_button,
    facts,
    limits_rule,
    no_cashout,
    product_name,
    shop_modal,
    won,
)
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.shop import ShopState
from casino_app.state.shop_limited import LimitedShopState
from casino_app.state.ui import tr, tr_by

L = LimitedShopState


def _ends_line(row: rx.Var, element_id: rx.Var | str) -> rx.Component:
    return rx.el.p(
        rx.icon("clock", size=14, aria_hidden="true"),
        tr("limited.ends_in"),
        " ",
        countdown(row["ends_ms"], "limited.sale_ended", id=element_id),
        class_name="cc-shop-discount",
    )


def stock_line(row: rx.Var, element_id: rx.Var | str) -> rx.Component:
    """The units left (of the total), or that there is no cap."""
    return rx.el.p(
        tr("limited.stock_left"),
        " ",
        rx.cond(
            row["stock_total"] != "",
            rx.el.strong(row["stock_left"], " / ", row["stock_total"], tr("limited.unit")),
            rx.el.span(tr("limited.stock_unlimited")),
        ),
        class_name="cc-shop-sub",
        id=element_id,
    )


def allowance_line(row: rx.Var, element_id: rx.Var | str) -> rx.Component:
    """How many more this player may buy (of the per-player limit), or that there is no limit."""
    return rx.el.p(
        tr("limited.allowance"),
        " ",
        rx.cond(
            row["per_user_limit"] != "",
            rx.el.strong(row["allowance"], " / ", row["per_user_limit"], tr("limited.unit")),
            rx.el.span(tr("limited.allowance_unlimited")),
        ),
        class_name="cc-shop-sub",
        id=element_id,
    )


def blocked_note(reason: rx.Var, element_id: rx.Var | str) -> rx.Component:
    """Why the package cannot be bought (sold out, allowance used, sale over, switched off)."""
    return rx.cond(
        reason != "",
        rx.el.p(
            rx.icon("ban", size=14, aria_hidden="true"),
            tr_by("limited.blocked.", reason),
            class_name="cc-shop-locked",
            role="note",
            id=element_id,
        ),
    )


def package_card(row: rx.Var) -> rx.Component:
    """One limited package: what it gives, what it costs, how long and how many are left."""
    blocked = row["blocked"] != ""
    return rx.el.article(
        rx.el.div(
            rx.el.span(rx.icon("timer", size=14, aria_hidden="true"), tr("limited.badge"), class_name="cc-badge"),
            rx.cond(
                row["blocked"] == "OUT_OF_STOCK",
                rx.el.span(tr("limited.sold_out_badge"), class_name="cc-badge cc-badge--off"),
            ),
            class_name="cc-shop-badges",
        ),
        rx.heading(product_name(row), as_="h3", size="4"),
        card_contents(row),
        rx.el.div(rx.el.strong(won(row["price"]), class_name="cc-shop-price"), class_name="cc-shop-price-row"),
        _ends_line(row, "cc-limited-countdown-" + row["code"]),
        stock_line(row, "cc-limited-stock-" + row["code"]),
        allowance_line(row, "cc-limited-allowance-" + row["code"]),
        blocked_note(row["blocked"], "cc-limited-blocked-" + row["code"]),
        details_button(blocked, L.open_package(row["id"]), "cc-limited-open-" + row["code"]),
        class_name=rx.cond(blocked, "cc-card cc-shop-card cc-shop-card--locked", "cc-card cc-shop-card"),
        data_code=row["code"],
        data_blocked=row["blocked"],
        id="cc-limited-" + row["code"],
    )


def limited_section() -> rx.Component:
    """The limited packages on sale now (nothing at all when there are none)."""
    return rx.cond(
        L.packages.length() > 0,
        rx.el.section(
            rx.heading(tr("limited.title"), as_="h2", size="5", id="limited-title", class_name="cc-glow-heading"),
            rx.text(tr("limited.lead"), color="var(--cc-muted)", size="2", margin_bottom="8px"),
            rx.el.div(rx.foreach(L.packages, package_card), class_name="cc-shop-grid", id="cc-limited-grid"),
            aria_labelledby="limited-title",
            class_name="cc-limited-section",
        ),
    )


def _price() -> rx.Component:
    """The list price, and the server's price with the promo code once it quoted one."""
    row, quote = L.selected, L.quote
    return rx.cond(
        quote.contains("final"),
        rx.el.div(
            rx.el.del_(won(row["price"]), class_name="cc-shop-list-price", aria_label=tr("shop.list_price")),
            rx.el.strong(won(quote["final"]), class_name="cc-shop-price"),
            rx.el.span("-", won(quote["discount"]), " (", quote["code"], ")", class_name="cc-badge cc-shop-off"),
            class_name="cc-shop-price-row",
        ),
        rx.el.strong(won(row["price"]), class_name="cc-shop-price"),
    )


def promo_form() -> rx.Component:
    """The optional promo code and the buy button (the server prices the order again when it is placed)."""
    row = L.selected
    cannot_buy = (row["blocked"] != "") | ~ShopState.age_verified | L.busy | (ShopState.checkout_url != "")
    return rx.form(
        rx.el.div(
            rx.el.label(tr("limited.promo_label"), html_for="cc-limited-promo", class_name="cc-label"),
            rx.input(
                id="cc-limited-promo",
                name="promo_code",
                max_length=32,
                auto_complete="off",
                placeholder=tr("limited.promo_placeholder"),
                on_blur=L.preview_promo,
                size="3",
                key=row["id"],
            ),
            rx.text(tr("limited.promo_hint"), size="1", color="var(--cc-muted)"),
            class_name="cc-field",
        ),
        alert(L.error, alert_id="cc-limited-error"),
        checkout_notice(),
        buy_row(
            L.busy,
            rx.cond(L.quote.contains("final"), won(L.quote["final"]), won(row["price"])),
            "submit",
            disabled=cannot_buy,
            id="cc-limited-buy",
        ),
        on_submit=L.buy(CLICK_KEY),
        reset_on_submit=False,
        id="cc-limited-form",
    )


def package_modal() -> rx.Component:
    """What the package gives, its price, window, stock and allowance, the rules, a promo code and the buy."""
    row = L.selected
    return shop_modal(
        L,
        "limited.modal_lead",
        "cc-limited-modal",
        facts(row, "cc-limited-modal", _price()),
        _ends_line(row, "cc-limited-modal-countdown"),
        stock_line(row, "cc-limited-modal-stock"),
        allowance_line(row, "cc-limited-modal-allowance"),
        blocked_note(row["blocked"], "cc-limited-modal-blocked"),
        no_cashout(),
        rx.text(tr("limited.hold_rule"), size="1", color="var(--cc-muted)", margin_top="8px"),
        rx.text(tr("shop.withdrawal_rule"), size="1", color="var(--cc-muted)"),
        limits_rule(),
        age_notice("cc-limited-age"),
        promo_form(),
    )
