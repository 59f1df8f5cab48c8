"""Shop pieces: the honest discount countdown, the checkout hand-off effect and the shop's sub-navigation."""

from __future__ import annotations

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


def countdown(ends_ms: rx.Var, **props: object) -> rx.Component:
    """Time left until ``ends_ms`` (epoch milliseconds from the server)."""
    return Countdown.create(
        ends=ends_ms,
        now=ShopState.server_now_ms,
        day_unit=tr("shop.day_unit"),
        ended_label=tr("shop.discount_ended"),
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
