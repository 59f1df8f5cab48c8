"""Shop pieces: the honest discount countdown, the checkout hand-off effect and the shop's sub-navigation."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import FunctionStringVar

from casino_app.state.shop import ShopState
from casino_app.state.ui import UIState, tr

# Counts down to the real end of a discount. ``now`` is the server's clock when the page was loaded, so a wrong
# clock on the device does not move the end; at zero it says so (the server prices every purchase anyway).
_COUNTDOWN_JS = """
function CcCountdown({ ends, now, dayUnit, endedLabel, id }) {
  const endsAt = Number(ends) || 0;
  const offset = useMemo(() => (Number(now) || Date.now()) - Date.now(), [now]);
  const left = () => Math.max(0, endsAt - (Date.now() + offset));
  const [ms, setMs] = useState(left);
  useEffect(() => {
    setMs(left());
    const timer = setInterval(() => setMs(left()), 1000);
    return () => clearInterval(timer);
  }, [endsAt, offset]);
  const pad = (n) => String(n).padStart(2, "0");
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const clock = pad(Math.floor((total % 86400) / 3600)) + ":" + pad(Math.floor((total % 3600) / 60)) + ":"
    + pad(total % 60);
  const text = ms <= 0 ? endedLabel : (days > 0 ? days + dayUnit + " " : "") + clock;
  return jsx("span", { id, className: "cc-countdown", "data-ends": String(endsAt), role: "timer" }, text);
}
"""


class Countdown(rx.Component):
    """``<CcCountdown ends={…} now={…} dayUnit="…" endedLabel="…"/>``."""

    tag = "CcCountdown"

    ends: rx.Var[str]
    now: rx.Var[str]
    day_unit: rx.Var[str]
    ended_label: rx.Var[str]

    def add_imports(self) -> dict:
        """React hooks used by the countdown."""
        return {"react": ["useState", "useEffect", "useMemo"]}

    def add_custom_code(self) -> list[str]:
        """The component function itself."""
        return [_COUNTDOWN_JS]


def countdown(ends_ms: rx.Var, ended_key: str = "shop.discount_ended", **props: object) -> rx.Component:
    """Time left until ``ends_ms`` (epoch milliseconds from the server), then ``ended_key``'s text."""
    return Countdown.create(
        ends=ends_ms,
        now=ShopState.server_now_ms,
        day_unit=tr("shop.day_unit"),
        ended_label=tr(ended_key),
        **props,
    )


def checkout_effect() -> rx.Component:
    """When an order waits for payment, take the browser to the provider's page (once per order, no eval)."""
    call = FunctionStringVar.create("window.ccCheckout").call(ShopState.checkout_url, ShopState.checkout_key)
    return rx.cond(
        ShopState.checkout_url != "",
        rx.el.span(
            rx.el.span(on_mount=rx.run_script(call)), key=ShopState.checkout_key, hidden=True, aria_hidden="true"
        ),
    )


def checkout_notice() -> rx.Component:
    """While the browser leaves for the checkout: what is happening, and a plain link if it does not."""
    return rx.cond(
        ShopState.checkout_url != "",
        rx.el.div(
            rx.spinner(size="2"),
            rx.el.span(tr("shop.to_checkout"), " "),
            rx.el.a(tr("shop.to_checkout_link"), href=ShopState.checkout_url, id="cc-shop-checkout-link"),
            class_name="cc-alert cc-alert--info",
            role="status",
        ),
    )


_TABS = (("shop.tab_products", "/shop"), ("shop.tab_history", "/shop/history"), ("shop.tab_limits", "/shop/limits"))


def shop_tabs() -> rx.Component:
    """Products, purchase history and purchase limits."""
    path = rx.State.router.url.path
    return rx.el.nav(
        *[
            rx.link(
                tr(key),
                href=href,
                class_name="cc-shop-tab",
                aria_current=rx.cond((path == href) | (path == href + "/"), "page", "false"),
                underline="none",
            )
            for key, href in _TABS
        ],
        aria_label=tr("shop.tabs"),
        class_name="cc-shop-tabs",
    )


def product_name(row: rx.Var) -> rx.Var:
    """A product's name in the active language."""
    return rx.cond(UIState.locale == "en", row["name_en"], row["name_ko"])


def won(amount: rx.Var | str) -> rx.Component:
    """An amount in won with the unit of the active language (``shop.won_unit``)."""
    return rx.el.span(amount, tr("shop.won_unit"), class_name="cc-won")


def card_contents(row: rx.Var) -> rx.Component:
    """A card's gold in total, the gold and bonus, and the roulette tickets."""
    return rx.fragment(
        rx.el.p(rx.icon("coins", size=20, aria_hidden="true"), row["total"], " G", class_name="cc-shop-gold"),
        rx.el.p(
            row["gold"],
            " G",
            rx.cond(row["has_bonus"] != "", rx.fragment(" + ", tr("shop.bonus"), " ", row["bonus"], " G")),
            class_name="cc-shop-sub",
        ),
        rx.cond(
            row["tickets"] != "",
            rx.el.p(tr("shop.item.roulette_ticket"), " ×", row["tickets"], class_name="cc-shop-sub"),
        ),
    )


def details_button(blocked: rx.Var, on_click: rx.EventSpec, element_id: rx.Var) -> rx.Component:
    """A card's button to its modal (ghost when it cannot be bought)."""
    return rx.el.button(
        tr("shop.details"),
        type="button",
        class_name=rx.cond(blocked, "cc-btn cc-btn--ghost", "cc-btn cc-btn--primary"),
        on_click=on_click,
        id=element_id,
    )


def _fact(label_key: str, value: rx.Component | rx.Var, element_id: str) -> rx.Component:
    return rx.fragment(rx.el.dt(tr(label_key)), rx.el.dd(value, id=element_id))


def facts(row: rx.Var, prefix: str, price: rx.Component) -> rx.Component:
    """What a modal's product gives and costs (ids ``{prefix}-gold``, ``-total``, ``-price`` ...)."""
    return rx.el.dl(
        _fact("shop.fact_gold", rx.fragment(row["gold"], " G"), f"{prefix}-gold"),
        _fact("shop.fact_bonus", rx.fragment(row["bonus"], " G"), f"{prefix}-bonus"),
        _fact("shop.fact_total", rx.el.strong(row["total"], " G"), f"{prefix}-total"),
        rx.cond(
            row["tickets"] != "",
            _fact(
                "shop.fact_items",
                rx.fragment(tr("shop.item.roulette_ticket"), " ×", row["tickets"]),
                f"{prefix}-items",
            ),
        ),
        _fact("shop.fact_price", price, f"{prefix}-price"),
        class_name="cc-shop-facts",
    )


def no_cashout(**props: object) -> rx.Component:
    """Gold is not money: it is never paid out."""
    return rx.el.div(
        rx.icon("info", size=18, aria_hidden="true"),
        rx.el.span(tr("shop.no_cashout")),
        class_name="cc-alert cc-alert--info",
        **props,
    )


def limits_rule() -> rx.Component:
    """The purchase limits rule with a link to the settings."""
    return rx.text(
        tr("shop.limits_rule"),
        " ",
        rx.link(tr("shop.limits_link"), href="/shop/limits"),
        size="1",
        color="var(--cc-muted)",
    )


def age_notice(element_id: str, **link_props: object) -> rx.Component:
    """Buying needs a verified age: say so, with a link to the profile."""
    return rx.cond(
        ~ShopState.age_verified,
        rx.el.div(
            rx.el.span(tr("shop.age_needed"), " "),
            rx.link(tr("shop.age_link"), href="/profile", **link_props),
            class_name="cc-alert cc-alert--danger",
            role="note",
            id=element_id,
        ),
    )


def buy_row(busy: rx.Var, price: rx.Component, button_type: str, **props: object) -> rx.Component:
    """Close, and the buy button with the price (relabelled while the order is placed)."""
    return rx.hstack(
        rx.dialog.close(rx.el.button(tr("daily.close"), type="button", class_name="cc-btn cc-btn--ghost")),
        rx.el.button(
            rx.cond(busy | (ShopState.checkout_url != ""), tr("shop.buying"), tr("shop.buy")),
            " · ",
            price,
            type=button_type,
            class_name="cc-btn cc-btn--primary",
            **props,
        ),
        justify="end",
        spacing="3",
        margin_top="16px",
        wrap="wrap",
    )


def shop_modal(state: Any, lead_key: str, modal_id: str, *children: rx.Component) -> rx.Component:
    """A product's modal: its name, the lead, then ``children`` (``state`` has ``selected`` and ``modal_open``)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(product_name(state.selected), class_name="cc-glow-heading"),
            rx.dialog.description(tr(lead_key), size="2", color="var(--cc-muted)"),
            *children,
            class_name="cc-card",
            max_width="520px",
            id=modal_id,
        ),
        open=state.modal_open,
        on_open_change=state.set_modal_open,
    )
