"""Which category each notification kind belongs to (the settings page and the filters group by it)."""

from __future__ import annotations

from casino_app.models.messaging import NOTIFICATION_CATEGORIES

KIND_CATEGORY: dict[str, str] = {
    "gold_adjusted": "account",
    "level_up": "reward",
    "protection_earned": "reward",
    "mission_completed": "reward",
    "achievement_unlocked": "reward",
    "referral_rewarded": "reward",
}


def category_of(kind: str) -> str:
    """The category of a notification kind (unknown kinds are service notices, so they are never lost)."""
    return KIND_CATEGORY.get(kind, "notice")


__all__ = ["KIND_CATEGORY", "NOTIFICATION_CATEGORIES", "category_of"]
