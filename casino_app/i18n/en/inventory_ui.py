"""English messages: the inventory's owned items, its gacha prize log and totals."""

MESSAGES: dict[str, str] = {
    "inventory_ui.owned_title": "Items you hold",
    "inventory_ui.held": "Held",
    "inventory_ui.since": "First received",
    "inventory_ui.prizes_title": "Gacha prizes",
    "inventory_ui.prizes_lead": "Gold and XP go to your wallet and level the moment you pull. The latest 30 prizes are listed.",
    "inventory_ui.total_prizes": "Prizes",
    "inventory_ui.total_gold": "Gold received",
    "inventory_ui.total_xp": "XP received",
    "inventory_ui.total_items": "Items received",
    "inventory_ui.to_history": "See every round in History",
}
