"""``/inventory``: everything the player owns."""

from __future__ import annotations

import reflex as rx

from casino_app.components.games import rarity_badge
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.inventory import InventoryState
from casino_app.state.ui import UIState, tr


def inventory_page() -> rx.Component:
    """Owned cosmetics, spin tickets and other items."""
    return shell(
        rx.el.section(
            rx.heading(tr("inventory.title"), as_="h1", size="7", class_name="cc-glow-heading", id="inventory-title"),
            rx.cond(
                InventoryState.inventory.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        InventoryState.inventory,
                        lambda item: rx.el.li(
                            rarity_badge(item["rarity"]),
                            rx.el.strong(rx.cond(UIState.locale == "en", item["name_en"], item["name_ko"])),
                            rx.text("×", item["quantity"], " · ", item["since"], size="1", color="var(--cc-muted)"),
                            class_name="cc-card cc-prize cc-prize-" + item["rarity"],
                        ),
                    ),
                    class_name="cc-prizes",
                    id="cc-inventory",
                ),
                rx.text(tr("inventory.empty"), color="var(--cc-muted)"),
            ),
            aria_labelledby="inventory-title",
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
