"""What a tier gives on a track (gold, XP or an item) and how it is granted, in the claim's transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from casino_app.models.battlepass import BattlePassTier
from casino_app.services import ledger, progression
from casino_app.services.games import inventory
from casino_app.services.ledger.accounts import allow_system_account

SOURCE = "rewards:battlepass"  # the system account battle-pass gold comes from
KIND = "BATTLEPASS_REWARD"
MAX_GOLD = 10_000_000
MAX_XP = 100_000
MAX_ITEMS = 100
LIMITS = {"gold": MAX_GOLD, "xp": MAX_XP, "item": MAX_ITEMS}

allow_system_account(SOURCE)


@dataclass(frozen=True)
class Reward:
    """``amount`` gold, XP or of item ``item``."""

    kind: str
    amount: int
    item: str | None = None


@dataclass(frozen=True)
class Granted:
    """What a grant did: the ledger transfer and balance for gold, the player's XP and level for XP."""

    transfer_id: int | None
    balance: int | None
    xp_total: int | None
    level: int | None


def of(tier: BattlePassTier, track: str) -> Reward | None:
    """The tier's reward on ``track`` (``free`` or ``premium``), or None when it has none."""
    kind, item, amount = (getattr(tier, f"{track}_{name}") for name in ("kind", "item", "amount"))
    return Reward(kind, int(amount), item) if kind is not None and amount is not None else None


def item_names(item_id: str) -> tuple[str, str] | None:
    """An item's Korean and English names, as the game that grants it names it (None: no game knows it)."""
    from casino_app.services.games import registry

    for game in registry.games():
        try:
            info = game.describe_item(item_id)
        except Exception:  # a game whose table is not loaded cannot name its items; ask the next one
            info = None
        if info is not None:
            return info.name_ko, info.name_en
    return None


def grant(db: Session, user_id: int, reward: Reward, *, key: str, reference: str) -> Granted:
    """Give ``reward`` to the player in ``db``'s transaction (gold through the ledger with ``key``)."""
    if reward.kind == "gold":
        account = ledger.user_account(user_id)
        ledger.ensure_user_account(db, user_id)
        posting = ledger.reward(db, SOURCE, user_id, reward.amount, kind=KIND, key=key, reference=reference)
        return Granted(posting.transfer_id, posting.balance(account), None, None)
    if reward.kind == "xp":
        change = progression.add_xp(db, user_id, reward.amount, "battlepass")
        return Granted(None, None, change.xp, change.level)
    assert reward.item is not None
    inventory.grant(db, user_id, reward.item, reward.amount)
    return Granted(None, None, None, None)
