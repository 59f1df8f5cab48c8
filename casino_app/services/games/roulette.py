"""The prize roulette as a registered game: no stake, one free spin per KST day, spin tickets after that.

A spin takes today's free spin if one is left, else one ``roulette_ticket``
from the inventory, else it is refused (429 ``ROULETTE_NO_SPINS`` with the next
reset). The segment is ``pick(weights, float 0)`` over the published table
(``roulette_table``); gold prizes are paid from ``house:roulette`` through the
ledger, XP prizes raise XP, item prizes land in the inventory — all in the
round's one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError
from casino_app.i18n import t
from casino_app.models.games import GameRound, RouletteFreeSpin
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.fairness import rng
from casino_app.services.games import inventory, registry
from casino_app.services.games.registry import Credit, Settlement, Table
from casino_app.services.games.roulette_table import (
    DEFAULT_ROULETTE,
    TICKET_ITEM_ID,
    RouletteConfig,
    RouletteSegment,
    draw,
    expected_value,
)

__all__ = ["DEFAULT_ROULETTE", "TICKET_ITEM_ID", "RouletteNoSpins", "Spins", "available", "draw"]
PRIZE_KIND = "ROULETTE_PRIZE"


class RouletteNoSpins(AppError):
    """No free spin left today and no ticket (429; ``Retry-After`` and ``next_free_at`` name the next reset)."""

    code = "ROULETTE_NO_SPINS"
    status = 429


@dataclass(frozen=True)
class Spins:
    """What the player can spin now: today's free spins left, tickets held, and when free spins come back."""

    free_left: int
    tickets: int
    next_free_at: datetime | None  # None while a free spin is available now (or the table gives none)

    @property
    def spins_left(self) -> int:
        """Free spins left today plus tickets."""
        return self.free_left + self.tickets


def next_reset(now: datetime | None = None) -> datetime:
    """The start of the next KST day (UTC), when the daily free spins come back."""
    today = clock.business_date(now)
    return clock.start_of_business_day(today + timedelta(days=1))


def _free_used(db: Session, user_id: int, day: date) -> int:
    table = RouletteFreeSpin.__table__
    used = db.execute(
        sa.select(table.c.used).where(table.c.user_id == user_id, table.c.day == day)
    ).scalar_one_or_none()
    return int(used or 0)


def spins_of(db: Session, user_id: int, config: RouletteConfig) -> Spins:
    """The player's spins as they are now, in ``db``."""
    free_left = max(0, config.free_spins_per_day - _free_used(db, user_id, clock.business_date()))
    tickets = inventory.quantity(db, user_id, TICKET_ITEM_ID)
    return Spins(free_left, tickets, None if free_left or not config.free_spins_per_day else next_reset())


def available(user_id: int) -> Spins:
    """The player's spins under the active table."""
    from casino_app.services.games import engine

    config: RouletteConfig = engine.table_of(ROULETTE).config
    with session_scope() as db:
        return spins_of(db, user_id, config)


def _take_free_spin(db: Session, user_id: int, limit: int) -> bool:
    """Count one of today's free spins if one is left (a conditional upsert: never more than ``limit``)."""
    if limit <= 0:
        return False
    table = RouletteFreeSpin.__table__
    used = db.execute(
        insert(table)
        .values(user_id=user_id, day=clock.business_date(), used=1)
        .on_conflict_do_update(
            index_elements=["user_id", "day"], set_={"used": table.c.used + 1}, where=table.c.used < limit
        )
        .returning(table.c.used)
    ).scalar_one_or_none()
    return used is not None


def _no_spins() -> RouletteNoSpins:
    reset = next_reset()
    wait = max(1, int((reset - clock.now()).total_seconds()))
    local = clock.kst_text(reset)
    details = {"next_free_at": reset.isoformat(), "next_free_kst": local, "retry_after": wait}
    return RouletteNoSpins(details=details, headers={"Retry-After": str(wait)})


class SpinRequest(BaseModel):
    """A spin takes no parameters (send ``{}``): the free spin first, then a ticket."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PrizeOut(BaseModel):
    """The prize of the drawn segment."""

    kind: Literal["gold", "xp", "item"]
    amount: int
    item_id: str | None
    label_ko: str
    label_en: str


class RouletteSpinOut(BaseModel):
    """A roulette round."""

    round_id: int
    segment_index: int
    prize: PrizeOut
    source: Literal["FREE", "TICKET"]
    balance: int
    xp_gained: int
    level: int
    spins_left: int
    free_spins_left: int
    tickets: int
    next_free_at: datetime | None
    config_version: int
    proof: registry.ProofOut


def prize_of(index: int, segment: RouletteSegment) -> dict[str, Any]:
    """A segment's prize as stored on the round and recomputed by verification."""
    return {
        "segment_index": index,
        "kind": segment.kind,
        "amount": segment.amount,
        "item_id": segment.item_id,
        "label_ko": segment.label_ko,
        "label_en": segment.label_en,
    }


def _details(spins: Spins) -> dict[str, Any]:
    return {
        "spins_left": spins.spins_left,
        "free_spins_left": spins.free_left,
        "tickets": spins.tickets,
        "next_free_at": spins.next_free_at.isoformat() if spins.next_free_at else None,
    }


class Roulette(registry.Game):
    """The prize roulette as a registered game."""

    key = "roulette"
    action = "spin"
    transfer_kind = PRIZE_KIND
    config_model = RouletteConfig
    request_model = SpinRequest
    response_model = RouletteSpinOut
    default_config = DEFAULT_ROULETTE
    wagered = False
    icon = "ferris-wheel"
    api_summary = "Spin the prize roulette (today's free spin first, then a ticket; no stake)"

    def render(self, result: Any) -> RouletteSpinOut:
        """Segment, prize, balance, spins left, next free spin, proof."""
        o, d = result.outcome, result.details
        return RouletteSpinOut(
            round_id=result.round_id,
            segment_index=o["segment_index"],
            prize=PrizeOut.model_validate({k: o[k] for k in ("kind", "amount", "item_id", "label_ko", "label_en")}),
            source=o["source"],
            balance=result.balance,
            xp_gained=result.xp_gained,
            level=result.level,
            spins_left=d["spins_left"],
            free_spins_left=d["free_spins_left"],
            tickets=d["tickets"],
            next_free_at=d["next_free_at"],
            config_version=result.config_version,
            proof=registry.proof_of(result),
        )

    def prepare(self, db: Session, user: AuthUser, request: Any, table: Table) -> str:
        """Take today's free spin, else consume one ticket, else 429 ``ROULETTE_NO_SPINS``; returns the source."""
        if _take_free_spin(db, user.id, table.config.free_spins_per_day):
            return "FREE"
        if inventory.consume_one(db, user.id, TICKET_ITEM_ID):
            return "TICKET"
        raise _no_spins()

    def resolve(
        self, db: Session, user: AuthUser, request: Any, table: Table, context: Any, units: list[rng.Unit]
    ) -> Settlement:
        """The drawn segment's prize: gold through the ledger, XP, or items into the inventory."""
        config: RouletteConfig = table.config
        index = draw(units, config)
        segment = config.segments[index]
        if segment.kind == "item":
            inventory.grant(db, user.id, segment.item_id or "", segment.amount)
        xp = segment.amount if segment.kind == "xp" else 0
        return Settlement(
            stake=0,
            credits=(Credit(segment.amount, PRIZE_KIND),) if segment.kind == "gold" else (),
            outcome={**prize_of(index, segment), "source": context, "xp": xp},
            xp=xp,
            details=_details(spins_of(db, user.id, config)),
        )

    def replay_details(self, db: Session, user: AuthUser, outcome: Mapping[str, Any]) -> dict[str, Any]:
        """Spins left and the next free spin as they are now."""
        from casino_app.services.games import engine

        return _details(spins_of(db, user.id, engine.table_of(self).config))

    def recompute(self, units: list[rng.Unit], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        """The segment these floats draw and its prize."""
        index = draw(units, config)
        return prize_of(index, config.segments[index])

    def rtp(self, config: Any) -> Fraction:
        """No stake, so no return to player: 0 (the expected value is published instead)."""
        return Fraction(0)

    def expected_value(self, config: Any) -> dict[str, Fraction]:
        """Exact expected gold and XP of one spin."""
        return expected_value(config)

    def summary(self, outcome: Mapping[str, Any]) -> str:
        """ "#3 gold 500", "#6 item frame_roulette ×1"."""
        index, kind, amount = outcome.get("segment_index"), outcome.get("kind"), outcome.get("amount")
        if kind == "item":
            return f"#{index} item {outcome.get('item_id')} ×{amount}"
        return f"#{index} {kind} {amount}"

    def outcome_text(self, outcome: Mapping[str, Any], locale: str) -> str:
        """The segment and its prize as the table labelled it ("#3 골드 500")."""
        label = outcome.get(f"label_{locale}") or outcome.get("label_ko") or self.summary(outcome)
        return f"#{outcome.get('segment_index')} {label}"

    def verify_text(self, outcome: Mapping[str, Any], locale: str, config: Any = None) -> list[str]:
        """The segment and its prize, as in the history."""
        return [self.outcome_text(outcome, locale)]

    def describe_item(self, item_id: str) -> inventory.ItemInfo | None:
        """The spin ticket, or an item a segment of the active table grants."""
        from casino_app.services.games import engine

        if item_id == TICKET_ITEM_ID:
            return inventory.ItemInfo(t("roulette.ticket_name", "ko"), t("roulette.ticket_name", "en"))
        config: RouletteConfig = engine.table_of(self).config
        found = next((s for s in config.segments if s.item_id == item_id), None)
        return inventory.ItemInfo(found.label_ko, found.label_en, "RARE") if found else None

    def stats(self, db: Session, user_id: int) -> dict[str, int]:
        """``spins``, ``free_spins``, ``ticket_spins`` and ``gold_won``."""
        table = GameRound.__table__
        source = table.c.outcome["source"].astext
        spins, free, ticket, gold = db.execute(
            sa.select(
                sa.func.count(),
                sa.func.count().filter(source == "FREE"),
                sa.func.count().filter(source == "TICKET"),
                sa.func.coalesce(sa.func.sum(table.c.payout), 0),
            ).where(table.c.user_id == user_id, table.c.game == self.key)
        ).one()
        return {"spins": int(spins), "free_spins": int(free), "ticket_spins": int(ticket), "gold_won": int(gold)}


ROULETTE = registry.register(Roulette())


@dataclass(frozen=True)
class SpinResult:
    """What the player sees after a spin."""

    round_id: int
    segment_index: int
    prize: dict[str, Any]
    source: str
    balance: int
    balance_version: int
    xp_gained: int
    level: int
    spins: Spins
    server_seed_hash: str
    client_seed: str
    nonce: int
    config_version: int
    replayed: bool = False


def spin(user: AuthUser, request_key: str) -> SpinResult:
    """Spin once through the round engine; ``request_key`` makes a retry replay the spin.

    Raises 429 ``ROULETTE_NO_SPINS`` (nothing recorded) when neither a free spin nor a ticket is left.
    """
    from casino_app.services.games import engine

    r = engine.play(ROULETTE.key, user, SpinRequest(), request_key)
    d, o = r.details, r.outcome
    next_free = datetime.fromisoformat(d["next_free_at"]) if d["next_free_at"] else None
    return SpinResult(
        round_id=r.round_id,
        segment_index=o["segment_index"],
        prize={k: o[k] for k in ("kind", "amount", "item_id", "label_ko", "label_en")},
        source=o["source"],
        balance=r.balance,
        balance_version=r.balance_version,
        xp_gained=r.xp_gained,
        level=r.level,
        spins=Spins(d["free_spins_left"], d["tickets"], next_free),
        server_seed_hash=r.server_seed_hash,
        client_seed=r.client_seed,
        nonce=r.nonce,
        config_version=r.config_version,
        replayed=r.replayed,
    )
