"""Gacha: rarity and item draws from the round's floats, hard pity, the 10-pull guarantee, global stock.

Each pull ``i`` of a round uses float ``2i`` for the rarity and ``2i+1`` for the item:

- rarity = ``pick(rarity weights, f)``; when hard pity is due (this is the
  N-th pull in a row without Epic or better) the pick is over Epic and
  Legendary only; on the 10th pull of a 10-pull with no Rare or better yet, over
  Rare, Epic and Legendary only (pity wins if both apply);
- item = ``pick(item weights of that rarity, f)``;
- a sold-out item falls to the next rarity down (Legendary → Epic → Rare) and is
  drawn there with the same item float; on a pity pull it is re-drawn among the
  in-stock items of the same rarity instead, so pity is never broken. Every
  rarity always has an unlimited item, so a pull always lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.core.errors import AppError, ValidationFailed
from casino_app.models.games import GachaDailyPulls, GachaPity, GachaStock, InventoryItem
from casino_app.services import feed, ledger, progression
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.fairness import rng, seeds
from casino_app.services.games import configs, rounds
from casino_app.services.games.configs import RARITIES, GachaConfig, GachaItem
from casino_app.settings import get_settings

GAME = "gacha"
HOUSE = "house:gacha"
EPIC_PLUS = ("EPIC", "LEGENDARY")
RARE_PLUS = ("RARE", "EPIC", "LEGENDARY")


class DailyGachaLimit(AppError):
    """The player used today's pulls (429 with ``limit`` and ``used``)."""

    code = "DAILY_GACHA_LIMIT"
    status = 429


@dataclass(frozen=True)
class Draw:
    """One pull: what the floats drew, and what was finally awarded."""

    rarity: str
    item: GachaItem
    drawn_rarity: str
    drawn_item_id: str
    pity: bool
    guarantee: bool
    sold_out: tuple[str, ...] = ()

    def as_outcome(self, pity_before: int) -> dict[str, Any]:
        """The JSON stored with the round."""
        return {
            "rarity": self.rarity,
            "item_id": self.item.id,
            "kind": self.item.kind,
            "amount": self.item.amount,
            "name_ko": self.item.name_ko,
            "name_en": self.item.name_en,
            "drawn_rarity": self.drawn_rarity,
            "drawn_item_id": self.drawn_item_id,
            "pity": self.pity,
            "guarantee": self.guarantee,
            "sold_out": list(self.sold_out),
            "pity_before": pity_before,
        }


def draw_rarity(unit: rng.Unit, config: GachaConfig, *, pity: bool, guarantee: bool) -> str:
    """The rarity for one pull (pity limits it to Epic+, the 10-pull guarantee to Rare+)."""
    pool = EPIC_PLUS if pity else RARE_PLUS if guarantee else RARITIES
    return pool[rng.pick([config.rarity_weights[r] for r in pool], unit)]


def draw_item(
    unit: rng.Unit, config: GachaConfig, rarity: str, *, pity: bool, take: Callable[[GachaItem], bool]
) -> Draw:
    """The item for one pull; ``take`` reserves one unit of a limited item (False when sold out)."""
    items = config.items_of(rarity)
    chosen = items[rng.pick([i.weight for i in items], unit)]
    drawn = (rarity, chosen.id)
    sold_out: list[str] = []
    while chosen.stock is not None and not take(chosen):
        sold_out.append(chosen.id)
        if pity:  # never below Epic: re-draw among this rarity's items still available
            candidates = [i for i in config.items_of(rarity) if i.id not in sold_out]
        else:
            rarity = RARITIES[RARITIES.index(rarity) - 1]
            candidates = [i for i in config.items_of(rarity) if i.id not in sold_out]
        chosen = candidates[rng.pick([i.weight for i in candidates], unit)]
    return Draw(rarity, chosen, drawn[0], drawn[1], pity=pity, guarantee=False, sold_out=tuple(sold_out))


Take = Callable[[int, GachaItem], bool]
"""``take(pull_index, item)`` reserves one unit of a limited item for that pull (False when sold out)."""


def draw_round(
    units: list[rng.Unit],
    config: GachaConfig,
    count: int,
    pity_before: int,
    take: Take,
) -> tuple[list[Draw], int]:
    """All pulls of a round and the pity counter afterwards (pure given ``take``)."""
    draws: list[Draw] = []
    counter = pity_before
    for i in range(count):
        pity = counter >= config.pity_threshold - 1
        guarantee = count == 10 and i == 9 and not any(d.rarity in RARE_PLUS for d in draws)
        rarity = draw_rarity(units[2 * i], config, pity=pity, guarantee=guarantee and not pity)
        result = draw_item(units[2 * i + 1], config, rarity, pity=pity, take=lambda item, i=i: take(i, item))
        if guarantee and not pity:
            result = Draw(
                result.rarity, result.item, result.drawn_rarity, result.drawn_item_id, False, True, result.sold_out
            )
        draws.append(result)
        counter = 0 if result.rarity in EPIC_PLUS else counter + 1
    return draws, counter


def daily_limits() -> dict[str, int]:
    """Pull actions per KST day, by rank (published)."""
    settings = get_settings()
    return {
        "STANDARD": settings.gacha_daily_limit_standard,
        "PREMIUM": settings.gacha_daily_limit_premium,
        "VIP": settings.gacha_daily_limit_vip,
    }


def daily_limit(user: AuthUser) -> int:
    """Pull actions per KST day for the player's rank."""
    limits = daily_limits()
    return limits.get(user.rank, limits["STANDARD"])


def _use_daily_pull(db: Session, user_id: int, limit: int) -> int:
    """Count one pull action today (KST); raise ``DailyGachaLimit`` when the limit is reached."""
    today = clock.business_date()
    table = GachaDailyPulls.__table__
    used = db.execute(
        insert(table)
        .values(user_id=user_id, day=today, pulls=1)
        .on_conflict_do_update(
            index_elements=["user_id", "day"], set_={"pulls": table.c.pulls + 1}, where=table.c.pulls < limit
        )
        .returning(table.c.pulls)
    ).scalar_one_or_none()
    if used is None or limit == 0 or used > limit:
        current = db.execute(
            sa.select(table.c.pulls).where(table.c.user_id == user_id, table.c.day == today)
        ).scalar_one_or_none()
        tomorrow = clock.start_of_business_day(date.fromordinal(today.toordinal() + 1))
        wait = max(1, int((tomorrow - clock.now()).total_seconds()))
        raise DailyGachaLimit(details={"limit": limit, "used": int(current or 0)}, headers={"Retry-After": str(wait)})
    return int(used)


def used_today(user_id: int) -> int:
    """Pull actions the player made today (KST)."""
    table = GachaDailyPulls.__table__
    with session_scope() as db:
        return int(
            db.execute(
                sa.select(table.c.pulls).where(table.c.user_id == user_id, table.c.day == clock.business_date())
            ).scalar_one_or_none()
            or 0
        )


def _take_stock(db: Session, units: list[rng.Unit], config: GachaConfig, count: int, pity_before: int) -> Take:
    """A ``take`` that reserves stock rows, locking them all in item order first when the round may need one.

    A dry run (everything in stock) shows whether the round touches a limited
    item at all; most rounds do not and lock nothing. When it does, every
    limited row is locked up front in a fixed order, because a sold-out
    fallback can move to another limited item and rows locked in draw order
    could deadlock two concurrent pulls.
    """
    table = GachaStock.__table__
    touched: list[str] = []

    def assume_in_stock(_: int, item: GachaItem) -> bool:
        touched.append(item.id)
        return True

    draw_round(units, config, count, pity_before, assume_in_stock)
    if touched:
        limited = sorted((i for i in config.items if i.stock is not None), key=lambda i: i.id)
        db.execute(
            insert(table)
            .values([{"item_id": i.id, "remaining": i.stock, "initial": i.stock} for i in limited])
            .on_conflict_do_nothing(index_elements=["item_id"])
        )
        db.execute(
            sa.select(table.c.item_id)
            .where(table.c.item_id.in_([i.id for i in limited]))
            .order_by(table.c.item_id)
            .with_for_update()
        ).all()

    def take(_: int, item: GachaItem) -> bool:
        left = db.execute(
            sa.update(table)
            .where(table.c.item_id == item.id, table.c.remaining > 0)
            .values(remaining=table.c.remaining - 1)
            .returning(table.c.remaining)
        ).scalar_one_or_none()
        return left is not None

    return take


def _locked_pity(db: Session, user_id: int) -> GachaPity:
    db.execute(insert(GachaPity.__table__).values(user_id=user_id).on_conflict_do_nothing(index_elements=["user_id"]))
    row = db.get(GachaPity, user_id, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


@dataclass(frozen=True)
class PullResult:
    """What the player sees after a pull."""

    round_id: int
    items: list[dict[str, Any]]
    pity_count: int
    pity_threshold: int
    daily_limit: int
    daily_used: int
    cost: int
    gold_won: int
    balance: int
    server_seed_hash: str
    client_seed: str
    nonce: int
    config_version: int
    replayed: bool = False
    balance_version: int = 0  # orders balance displays; see ledger.wallet_snapshot

    @property
    def daily_remaining(self) -> int:
        """Pull actions left today."""
        return max(0, self.daily_limit - self.daily_used)


def pull(user: AuthUser, count: int, request_key: str) -> PullResult:
    """Pull once or ten times; ``request_key`` makes a retried request return the same pull.

    Cost, daily limit, pity, stock, prizes (gold through the ledger, XP, cosmetics
    into the inventory) and the round record all commit together or not at all.
    """
    if count not in (1, 10):
        raise ValidationFailed(code="PULL_COUNT_INVALID", details={"field": "count", "allowed": [1, 10]})
    settings = get_settings()
    table = configs.active(GAME)
    config: GachaConfig = table.config
    cost = settings.gacha_cost_single if count == 1 else settings.gacha_cost_ten
    limit = daily_limit(user)
    ledger_key = f"{GAME}:{user.id}:{request_key}"
    account = ledger.user_account(user.id)
    with session_scope() as db:
        locked = seeds.lock_active(db, user.id)
        found = rounds.by_request(db, ledger_key, bet=cost, count=count)
        if found is not None:
            return _replayed(found, user.id, config, limit)
        rounds.pace(user.id)
        used = _use_daily_pull(db, user.id, limit)
        seed = seeds.next_round(db, user.id, locked)
        pity = _locked_pity(db, user.id)
        pity_before = pity.pulls_since_epic
        units = rng.units(seed.server_seed, seed.client_seed, seed.nonce, 2 * count)
        draws, pity_after = draw_round(
            units, config, count, pity_before, _take_stock(db, units, config, count, pity_before)
        )
        pity.pulls_since_epic, pity.total_pulls = pity_after, pity.total_pulls + count

        gold = sum(d.item.amount for d in draws if d.item.kind == "gold")
        legs = [ledger.Leg(account, HOUSE, cost, "GACHA_COST")]
        legs += [ledger.Leg(HOUSE, account, d.item.amount, "GACHA_PRIZE") for d in draws if d.item.kind == "gold"]
        posting = ledger.post(
            db, key=ledger_key, kind="GACHA_PULL", legs=legs, reference=f"{GAME}:{seed.seed_id}:{seed.nonce}"
        )
        outcomes, counter = [], pity_before
        for d in draws:
            outcomes.append(d.as_outcome(counter))
            counter = 0 if d.rarity in EPIC_PLUS else counter + 1
        round_id = rounds.insert(
            db,
            user_id=user.id,
            game=GAME,
            version=table.version,
            seed=seed,
            bet=cost,
            payout=gold,
            outcome={"count": count, "pulls": outcomes},
            transfer_id=posting.transfer_id,
        )
        _award_non_gold(db, user.id, draws)
        after_commit(db, rounds.forget_players_today)
        for d in draws:
            if d.rarity == "LEGENDARY":
                feed.announce(db, "legendary", user.id, item_ko=d.item.name_ko, item_en=d.item.name_en)
        db.flush()
        return PullResult(
            round_id=round_id,
            items=outcomes,
            pity_count=pity_after,
            pity_threshold=config.pity_threshold,
            daily_limit=limit,
            daily_used=used,
            cost=cost,
            gold_won=gold,
            balance=posting.balance(account),
            balance_version=posting.version(account),
            server_seed_hash=seed.server_seed_hash,
            client_seed=seed.client_seed,
            nonce=seed.nonce,
            config_version=table.version,
        )


def _award_non_gold(db: Session, user_id: int, draws: list[Draw]) -> None:
    xp = sum(d.item.amount for d in draws if d.item.kind == "xp")
    if xp:
        progression.add_xp(db, user_id, xp, GAME)
    table = InventoryItem.__table__
    now = clock.now()
    for d in draws:
        if d.item.kind == "cosmetic":
            db.execute(
                insert(table)
                .values(user_id=user_id, item_id=d.item.id, quantity=1, first_obtained_at=now, last_obtained_at=now)
                .on_conflict_do_update(
                    index_elements=["user_id", "item_id"],
                    set_={"quantity": table.c.quantity + 1, "last_obtained_at": now},
                )
            )


def _replayed(found: Any, user_id: int, config: GachaConfig, limit: int) -> PullResult:
    with session_scope() as db:
        pity = db.get(GachaPity, user_id)
    wallet = ledger.wallet_snapshot(user_id)
    return PullResult(
        round_id=found.id,
        items=list(found.outcome["pulls"]),
        pity_count=pity.pulls_since_epic if pity else 0,
        pity_threshold=config.pity_threshold,
        daily_limit=limit,
        daily_used=used_today(user_id),
        cost=found.bet,
        gold_won=found.payout,
        balance=wallet.gold,
        balance_version=wallet.version,
        server_seed_hash=found.server_seed_hash,
        client_seed=found.client_seed,
        nonce=found.nonce,
        config_version=found.config_version,
        replayed=True,
    )


@dataclass(frozen=True)
class GachaStats:
    """The player's rarity counts and pity state."""

    total_pulls: int
    by_rarity: dict[str, int]
    pity_count: int
    pity_threshold: int


def stats(user_id: int) -> GachaStats:
    """Own pull counts per rarity and the pity counter."""
    threshold = configs.active(GAME).config.pity_threshold
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT p->>'rarity' AS rarity, count(*)"
                " FROM game_rounds r, jsonb_array_elements(r.outcome->'pulls') p"
                " WHERE r.user_id = :u AND r.game = 'gacha' GROUP BY 1"
            ),
            {"u": user_id},
        ).all()
        pity = db.get(GachaPity, user_id)
    counts = dict.fromkeys(RARITIES, 0) | {rarity: int(n) for rarity, n in rows}
    return GachaStats(sum(counts.values()), counts, pity.pulls_since_epic if pity else 0, threshold)


def stock() -> dict[str, int]:
    """Remaining global stock of every limited item of the active table."""
    config: GachaConfig = configs.active(GAME).config
    limited = {i.id: i.stock for i in config.items if i.stock is not None}
    table = GachaStock.__table__
    with session_scope() as db:
        rows = dict(
            db.execute(sa.select(table.c.item_id, table.c.remaining).where(table.c.item_id.in_(list(limited)))).all()
        )
    return {item_id: int(rows.get(item_id, initial or 0)) for item_id, initial in limited.items()}


@dataclass(frozen=True)
class OwnedItem:
    """An inventory line."""

    item_id: str
    name_ko: str
    name_en: str
    rarity: str
    quantity: int
    first_obtained_at: Any


def inventory(user_id: int) -> list[OwnedItem]:
    """Cosmetics the player owns (names and rarities from the current table)."""
    config: GachaConfig = configs.active(GAME).config
    known = {i.id: i for i in config.items}
    table = InventoryItem.__table__
    with session_scope() as db:
        rows = db.execute(
            sa.select(table.c.item_id, table.c.quantity, table.c.first_obtained_at)
            .where(table.c.user_id == user_id)
            .order_by(table.c.first_obtained_at)
        ).all()
    owned = []
    for item_id, quantity, first in rows:
        item = known.get(item_id)
        owned.append(
            OwnedItem(
                item_id,
                item.name_ko if item else item_id,
                item.name_en if item else item_id,
                item.rarity if item else "COMMON",
                int(quantity),
                first,
            )
        )
    return owned
