"""``/shop/limits``: the player's own purchase limits (day, week, month), what is used, and increases waiting."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.shop import shop_tabs, won
from casino_app.state import page_events
from casino_app.state.shop_limits import ShopLimitsState
from casino_app.state.ui import tr, tr_by

L = ShopLimitsState


def _period_row(row: rx.Var) -> rx.Component:
    field_id = "cc-limit-" + row["period"]
    return rx.el.div(
        rx.el.label(tr_by("shop.period.", row["period"]), html_for=field_id, class_name="cc-label"),
        rx.input(
            id=field_id,
            name=row["period"],
            default_value=row["input"],
            key=row["period"] + ":" + row["input"],
            input_mode="numeric",
            pattern="[0-9]*",
            max_length=12,
            placeholder=tr("shop.no_limit"),
            size="3",
            class_name="cc-input",
        ),
        rx.el.p(
            tr("shop.limit_used"),
            " ",
            won(row["spent"]),
            rx.cond(row["remaining"] != "", rx.fragment(" · ", tr("shop.limit_left"), " ", won(row["remaining"]))),
            class_name="cc-field-hint",
            id=field_id + "-used",
        ),
        rx.cond(
            row["pending"] != "",
            rx.el.p(
                tr("shop.limit_pending"),
                " ",
                rx.cond(row["pending_krw"] != "", won(row["pending_krw"]), tr("shop.no_limit")),
                " · ",
                tr("shop.limit_pending_at"),
                " ",
                row["pending_at"],
                class_name="cc-field-hint cc-limit-pending",
                id=field_id + "-pending",
            ),
        ),
        class_name="cc-field",
    )


def shop_limits_page() -> rx.Component:
    """The form and the rules."""
    return shell(
        rx.el.section(
            rx.heading(
                tr("shop.limits_title"), as_="h1", size="7", id="shop-limits-title", class_name="cc-glow-heading"
            ),
            rx.text(tr("shop.limits_lead"), color="var(--cc-muted)", margin_bottom="12px"),
            shop_tabs(),
            rx.form(
                rx.el.ul(
                    rx.el.li(tr("shop.limits_rule_lower")),
                    rx.el.li(tr("shop.limits_rule_higher")),
                    rx.el.li(tr("shop.limits_rule_lowest"), " ", won(L.operator_cap)),
                    class_name="cc-shop-rules",
                ),
                alert(L.error, alert_id="cc-limits-error"),
                rx.cond(
                    L.saved,
                    rx.el.div(
                        tr("shop.limits_saved"),
                        class_name="cc-alert cc-alert--success",
                        role="status",
                        id="cc-limits-saved",
                    ),
                ),
                rx.box(
                    rx.foreach(L.rows, _period_row),
                    display="grid",
                    grid_template_columns="repeat(auto-fill, minmax(220px, 1fr))",
                    gap="12px",
                ),
                rx.el.button(
                    tr("shop.limits_save"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-limits-save"
                ),
                on_submit=L.save,
                class_name="cc-card",
            ),
            aria_labelledby="shop-limits-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/shop/limits`` (players only)."""
    app.add_page(
        shop_limits_page,
        route="/shop/limits",
        title=tr("page.shop_limits_title"),
        on_load=[*page_events.PLAYER, ShopLimitsState.load],
    )
