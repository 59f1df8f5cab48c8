"""``/shop``: limited packages and gold packages with the player's real price, honest countdowns, and the modals."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.shop import (
    age_notice,
    buy_row,
    card_contents,
    checkout_effect,
    checkout_notice,
    countdown,
    details_button,
    facts,
    limits_rule,
    no_cashout,
    product_name,
    shop_modal,
    shop_tabs,
    won,
)
from casino_app.components.shop_limited import limited_section, package_modal
from casino_app.state import page_events
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.shop import ShopState
from casino_app.state.shop_limited import LimitedShopState
from casino_app.state.ui import tr, tr_by


def rank_badge(rank: rx.Var) -> rx.Component:
    """ "VIP only" (or the rank a product needs)."""
    return rx.el.span(
        rx.icon("crown", size=14, aria_hidden="true"),
        tr_by("rank.", rank),
        " ",
        tr("shop.rank_only"),
        class_name="cc-badge cc-badge--rank",
    )


def price_block(row: rx.Var) -> rx.Component:
    """The price to pay; the list price struck through and the discount while one applies."""
    return rx.el.div(
        rx.cond(
            row["discounted"] != "",
            rx.el.del_(won(row["list_price"]), class_name="cc-shop-list-price", aria_label=tr("shop.list_price")),
        ),
        rx.el.strong(won(row["price"]), class_name="cc-shop-price"),
        class_name="cc-shop-price-row",
    )


def discount_line(row: rx.Var, element_id: rx.Var | str) -> rx.Component:
    """A timed sale counts down to its real end; a rank discount says so; nothing when there is no discount."""
    return rx.cond(
        row["ends_ms"] != "",
        rx.el.p(
            rx.icon("clock", size=14, aria_hidden="true"),
            tr("shop.discount_ends_in"),
            " ",
            countdown(row["ends_ms"], id=element_id),
            class_name="cc-shop-discount",
        ),
        rx.cond(
            row["source"] == "rank",
            rx.el.p(tr("shop.rank_discount"), " ", row["discount"], "%", class_name="cc-shop-discount"),
        ),
    )


def product_card(row: rx.Var) -> rx.Component:
    """One package: what it gives, what it costs, and whether this player may buy it."""
    return rx.el.article(
        rx.el.div(
            rx.cond(row["required_rank"] != "", rank_badge(row["required_rank"])),
            rx.cond(
                row["discounted"] != "",
                rx.el.span("-", row["discount"], "%", class_name="cc-badge cc-shop-off"),
            ),
            class_name="cc-shop-badges",
        ),
        rx.heading(product_name(row), as_="h2", size="4"),
        card_contents(row),
        price_block(row),
        discount_line(row, "cc-countdown-" + row["sku"]),
        rx.cond(
            row["locked"] != "",
            rx.el.p(
                rx.icon("lock", size=14, aria_hidden="true"),
                tr_by("rank.", row["required_rank"]),
                " ",
                tr("shop.locked"),
                class_name="cc-shop-locked",
            ),
        ),
        details_button(row["locked"] != "", ShopState.open_product(row["id"]), "cc-product-open-" + row["sku"]),
        class_name=rx.cond(row["locked"] != "", "cc-card cc-shop-card cc-shop-card--locked", "cc-card cc-shop-card"),
        data_sku=row["sku"],
        id="cc-product-" + row["sku"],
    )


def product_modal() -> rx.Component:
    """Details, what the player gets, the rules that apply, and the buy button."""
    row = ShopState.selected
    cannot_buy = (row["locked"] != "") | ~ShopState.age_verified | ShopState.busy | (ShopState.checkout_url != "")
    return shop_modal(
        ShopState,
        "shop.modal_lead",
        "cc-shop-modal",
        facts(row, "cc-modal", price_block(row)),
        discount_line(row, "cc-modal-countdown"),
        no_cashout(id="cc-shop-no-cashout"),
        rx.text(tr("shop.withdrawal_rule"), size="1", color="var(--cc-muted)", margin_top="8px"),
        limits_rule(),
        age_notice("cc-shop-age", id="cc-shop-age-link"),
        rx.cond(
            row["locked"] != "",
            rx.el.div(
                tr_by("rank.", row["required_rank"]),
                " ",
                tr("shop.locked"),
                class_name="cc-alert cc-alert--danger",
                role="note",
            ),
        ),
        alert(ShopState.error, alert_id="cc-shop-error"),
        checkout_notice(),
        buy_row(
            ShopState.busy,
            won(row["price"]),
            "button",
            on_click=ShopState.buy(CLICK_KEY),
            disabled=cannot_buy,
            id="cc-shop-buy",
        ),
    )


def shop_page() -> rx.Component:
    """The limited packages on sale, every product on sale, then the modals."""
    return shell(
        rx.el.section(
            rx.heading(tr("shop.title"), as_="h1", size="7", id="shop-title", class_name="cc-glow-heading"),
            rx.text(tr("shop.lead"), color="var(--cc-muted)", margin_bottom="12px"),
            shop_tabs(),
            limited_section(),
            rx.cond(
                ShopState.products.length() > 0,
                rx.el.div(rx.foreach(ShopState.products, product_card), class_name="cc-shop-grid", id="cc-shop-grid"),
                rx.cond(
                    ShopState.loaded & (LimitedShopState.packages.length() == 0),
                    empty_state("bag", "empty.shop.title", "empty.shop.body", element_id="cc-shop-empty"),
                ),
            ),
            product_modal(),
            package_modal(),
            checkout_effect(),
            aria_labelledby="shop-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/shop`` (players only)."""
    app.add_page(
        shop_page,
        route="/shop",
        title=tr("page.shop_title"),
        on_load=[*page_events.PLAYER, ShopState.load, LimitedShopState.load],
    )
