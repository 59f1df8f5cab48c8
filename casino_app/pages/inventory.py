"""``/inventory``: everything the player holds, and every prize the gacha gave (gold and XP included)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.gacha_parts import credit_line, item_art, item_name
from casino_app.components.games import rarity_badge
from casino_app.components.layout import shell
from casino_app.components.numbers import grouped
from casino_app.state import page_events
from casino_app.state.inventory import InventoryState
from casino_app.state.ui import tr


def _owned(item: rx.Var) -> rx.Component:
    return rx.el.li(
        item_art(item["art"], 88),
        rx.el.div(
            rarity_badge(item["rarity"]),
            rx.el.strong(item_name(item)),
            rx.el.span(tr("inventory_ui.held"), " ×", item["quantity"], class_name="cc-inv-qty"),
            rx.el.span(tr("inventory_ui.since"), " ", item["since"], class_name="cc-inv-since"),
            class_name="cc-inv-text",
        ),
        class_name="cc-card cc-inv-item cc-prize-" + item["rarity"],
        data_item=item["item_id"],
    )


def _empty() -> rx.Component:
    """No items yet: a picture, the reason, and the way to the place that fills the inventory."""
    return rx.el.div(
        empty_state(
            "box",
            "empty.inventory.title",
            "empty.inventory.body",
            href="/games/gacha",
            action="empty.inventory.go",
            element_id="cc-inventory-empty",
        ),
        class_name="cc-card",
    )


def _prize(line: rx.Var) -> rx.Component:
    return rx.el.li(
        item_art(line["art"], 48),
        rx.el.div(
            rx.el.strong(item_name(line)),
            rarity_badge(line["rarity"]),
            class_name="cc-prizelog-name",
        ),
        rx.el.span(
            credit_line(line["kind"], line["amount"]), class_name="cc-prizelog-credit cc-prizelog-" + line["kind"]
        ),
        rx.el.time(line["at"], class_name="cc-prizelog-time"),
        class_name="cc-prizelog-line cc-prize-" + line["rarity"],
        data_item=line["item_id"],
        data_kind=line["kind"],
        data_round=line["round_id"],
    )


def _total(label_key: str, value: rx.Var, element_id: str) -> rx.Component:
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(value, id=element_id), class_name="cc-stat")


def _prize_log() -> rx.Component:
    """Every gacha prize, whatever its kind: totals, then the latest lines."""
    return rx.el.section(
        rx.heading(tr("inventory_ui.prizes_title"), as_="h2", size="5", id="cc-gacha-log-title"),
        rx.el.p(tr("inventory_ui.prizes_lead"), class_name="cc-gx-muted"),
        rx.cond(
            InventoryState.prize_count > 0,
            rx.fragment(
                rx.el.dl(
                    _total("inventory_ui.total_prizes", grouped(InventoryState.prize_count), "cc-inv-total-prizes"),
                    _total("inventory_ui.total_gold", InventoryState.gold_total + " G", "cc-inv-total-gold"),
                    _total("inventory_ui.total_xp", InventoryState.xp_total + " XP", "cc-inv-total-xp"),
                    _total("inventory_ui.total_items", InventoryState.items_total, "cc-inv-total-items"),
                    class_name="cc-stats-row",
                ),
                rx.el.ul(rx.foreach(InventoryState.prizes, _prize), class_name="cc-prizelog", id="cc-gacha-log"),
                rx.link(tr("inventory_ui.to_history"), href="/games/history", class_name="cc-gx-link"),
            ),
            empty_state(
                "box", "empty.gacha_log.title", "empty.gacha_log.body", element_id="cc-gacha-log-empty", compact=True
            ),
        ),
        class_name="cc-card cc-inv-log",
        aria_labelledby="cc-gacha-log-title",
    )


def inventory_page() -> rx.Component:
    """Owned cosmetics, spin tickets and other items, then every gacha prize."""
    return shell(
        rx.el.section(
            rx.heading(tr("inventory.title"), as_="h1", size="7", class_name="cc-glow-heading", id="inventory-title"),
            rx.heading(tr("inventory_ui.owned_title"), as_="h2", size="5", id="cc-owned-title"),
            rx.cond(
                InventoryState.loaded,
                rx.cond(
                    InventoryState.inventory.length() > 0,
                    rx.el.ul(
                        rx.foreach(InventoryState.inventory, _owned),
                        class_name="cc-inv-grid",
                        aria_labelledby="cc-owned-title",
                        id="cc-inventory",
                    ),
                    _empty(),
                ),
                rx.el.p("…", class_name="cc-gx-muted", aria_busy="true"),
            ),
            rx.cond(InventoryState.loaded, _prize_log()),
            aria_labelledby="inventory-title",
            class_name="cc-inventory",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/inventory`` (players only)."""
    app.add_page(
        inventory_page,
        route="/inventory",
        title=tr("page.inventory_title"),
        on_load=[*page_events.PLAYER, InventoryState.load],
    )
