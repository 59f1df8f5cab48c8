"""Korean (the default) messages: the inventory's owned items, its gacha prize log and totals."""

MESSAGES: dict[str, str] = {
    "inventory_ui.owned_title": "보유 아이템",
    "inventory_ui.held": "보유",
    "inventory_ui.since": "처음 받은 날",
    "inventory_ui.prizes_title": "가챠에서 받은 보상",
    "inventory_ui.prizes_lead": "골드와 경험치는 뽑는 순간 지갑과 레벨에 들어가요. 최근 보상 30개를 보여 드려요.",
    "inventory_ui.total_prizes": "받은 보상",
    "inventory_ui.total_gold": "받은 골드",
    "inventory_ui.total_xp": "받은 경험치",
    "inventory_ui.total_items": "받은 아이템",
    "inventory_ui.to_history": "모든 라운드 기록 보기",
}
