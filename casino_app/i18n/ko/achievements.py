"""Korean messages: achievements (profile panel, notification, ledger kind)."""

MESSAGES: dict[str, str] = {
    "achievements.title": "업적",
    "achievements.lead": "플레이 기록에 따라 배지가 열려요. 잠긴 배지에는 진행도가 표시돼요.",
    "achievements.unlocked_of": "달성",
    "achievements.unlocked": "달성",
    "achievements.locked": "잠김",
    "achievements.achieved_at": "달성일",
    "achievements.progress": "진행도",
    "achievements.reward": "보상",
    "achievements.gold": "골드",
    "achievements.xp": "경험치",
    "achievements.badges": "배지",
    "achievements.load_failed": "업적을 불러오지 못했어요. 잠시 후 다시 시도해 주세요.",
    "notify.achievement_unlocked": "업적 ‘{name}’ 달성! 골드 {gold}, 경험치 {xp} 보상을 받았어요.",
    "ledger.kind.ACHIEVEMENT_REWARD": "업적 보상",
}
