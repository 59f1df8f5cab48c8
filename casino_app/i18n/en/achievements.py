"""English messages: achievements (profile panel, notification, ledger kind)."""

MESSAGES: dict[str, str] = {
    "achievements.title": "Achievements",
    "achievements.lead": "Badges unlock as you play. Locked badges show your progress.",
    "achievements.unlocked_of": "unlocked",
    "achievements.unlocked": "Unlocked",
    "achievements.locked": "Locked",
    "achievements.achieved_at": "Unlocked on",
    "achievements.progress": "Progress",
    "achievements.reward": "Reward",
    "achievements.gold": "gold",
    "achievements.xp": "XP",
    "achievements.badges": "Badges",
    "achievements.load_failed": "Could not load achievements. Please try again shortly.",
    "notify.achievement_unlocked": "Achievement unlocked: {name}! You received {gold} gold and {xp} XP.",
    "ledger.kind.ACHIEVEMENT_REWARD": "Achievement reward",
}
