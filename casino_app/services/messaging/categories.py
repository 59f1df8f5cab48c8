"""Which category each notification kind belongs to (the settings page and the filters group by it)."""

from __future__ import annotations

from casino_app.models.messaging import NOTIFICATION_CATEGORIES

# Operators' free-text kinds (``broadcast``, ``campaign``) are always sent with an explicit category.
KIND_CATEGORY: dict[str, str] = {
    # account and security: staff changed the wallet, the player's own consent choices (their legal receipt)
    "gold_adjusted": "account",
    "marketing_consent_given": "account",
    "marketing_consent_withdrawn": "account",
    "night_consent_given": "account",
    "night_consent_withdrawn": "account",
    # rewards the player earned or was granted
    "gold_granted": "reward",
    "level_up": "reward",
    "protection_earned": "reward",
    "mission_completed": "reward",
    "achievement_unlocked": "reward",
    # a friend the player invited reached the level: paid in gold, so a reward like the others
    "referral_rewarded": "reward",
}


def category_of(kind: str) -> str:
    """The category of a notification kind (unknown kinds are service notices, so they are never lost)."""
    return KIND_CATEGORY.get(kind, "notice")


__all__ = ["KIND_CATEGORY", "NOTIFICATION_CATEGORIES", "category_of"]
