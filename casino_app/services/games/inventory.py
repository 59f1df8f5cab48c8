"""Items players own: cosmetics from the gacha, spin tickets for the roulette, anything a feature grants.

Quantities never go below zero (``CHECK``); granting and consuming happen in the
caller's transaction, so an item is granted or used together with the action
that grants or uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.games import InventoryItem


@dataclass(frozen=True)
class ItemInfo:
    """How an item is shown: names in both languages and a rarity (for the frame colour)."""

    name_ko: str
    name_en: str
    rarity: str = "COMMON"


@dataclass(frozen=True)
class OwnedItem:
    """An inventory line."""

    item_id: str
    name_ko: str
    name_en: str
    rarity: str
    quantity: int
    first_obtained_at: datetime


def grant(db: Session, user_id: int, item_id: str, quantity: int = 1) -> None:
    """Add ``quantity`` of ``item_id`` to the player's inventory."""
    if type(quantity) is not int or quantity < 1:
        raise ValueError("a grant is a positive integer quantity")
    table = InventoryItem.__table__
    now = clock.now()
    db.execute(
        insert(table)
        .values(user_id=user_id, item_id=item_id, quantity=quantity, first_obtained_at=now, last_obtained_at=now)
        .on_conflict_do_update(
            index_elements=["user_id", "item_id"],
            set_={"quantity": table.c.quantity + quantity, "last_obtained_at": now},
        )
    )


def consume_one(db: Session, user_id: int, item_id: str) -> bool:
    """Use one ``item_id`` if the player has one (a conditional update: never below zero)."""
    table = InventoryItem.__table__
    left = db.execute(
        sa.update(table)
        .where(table.c.user_id == user_id, table.c.item_id == item_id, table.c.quantity > 0)
        .values(quantity=table.c.quantity - 1)
        .returning(table.c.quantity)
    ).scalar_one_or_none()
    return left is not None


def quantity(db: Session, user_id: int, item_id: str, *, lock: bool = False) -> int:
    """How many ``item_id`` the player holds (``lock``: and keep the row locked until the transaction ends)."""
    table = InventoryItem.__table__
    query = sa.select(table.c.quantity).where(table.c.user_id == user_id, table.c.item_id == item_id)
    found = db.execute(query.with_for_update() if lock else query).scalar_one_or_none()
    return int(found or 0)


def _catalog_named(item_id: str) -> ItemInfo:
    """An item no game grants (a shop extra such as a story pack) is named by its ``item.<id>`` message."""
    from casino_app.i18n import CATALOGS, DEFAULT_LOCALE, t

    key = f"item.{item_id}"
    if key not in CATALOGS[DEFAULT_LOCALE]:
        return ItemInfo(item_id, item_id)
    return ItemInfo(t(key, "ko"), t(key, "en"))


def owned(user_id: int) -> list[OwnedItem]:
    """Everything the player holds (quantity above zero), named by the game that grants it."""
    from casino_app.services.games import registry

    table = InventoryItem.__table__
    with session_scope() as db:
        rows = db.execute(
            sa.select(table.c.item_id, table.c.quantity, table.c.first_obtained_at)
            .where(table.c.user_id == user_id, table.c.quantity > 0)
            .order_by(table.c.first_obtained_at, table.c.item_id)
        ).all()
    items = []
    for item_id, count, first in rows:
        info = next((i for g in registry.games() if (i := g.describe_item(item_id)) is not None), None)
        info = info or _catalog_named(item_id)
        items.append(OwnedItem(item_id, info.name_ko, info.name_en, info.rarity, int(count), first))
    return items
