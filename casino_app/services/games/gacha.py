"""Gacha as a registered game: daily limit by rank, hard pity, global stock, prizes (gold, XP, cosmetics).

The draws are pure and published (``gacha_draw``); the table with costs, limits
and rates is versioned (``gacha_table``). A pull's cost, daily limit, pity,
stock, prizes and the round record commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from casino_app.core.db import after_commit
from casino_app.core.errors import ValidationFailed
from casino_app.models.games import GachaPity
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.actions import Kind
from casino_app.services.fairness import rng
from casino_app.services.games import inventory, registry
from casino_app.services.games.gacha_draw import EPIC_PLUS, RARE_PLUS, Draw, draw_item, draw_round
from casino_app.services.games.gacha_reports import forget_players_today, rarity_counts
from casino_app.services.games.gacha_rows import DailyGachaLimit, locked_pity, take_stock, use_daily_pull, used_today
from casino_app.services.games.gacha_table import DEFAULT_GACHA, GachaConfig, GachaItem, gold_rtp
from casino_app.services.games.registry import Credit, Settlement, Table

__all__ = ["DEFAULT_GACHA", "DailyGachaLimit", "Draw", "draw_item", "draw_round", "pull"]


def daily_limit(user: AuthUser, config: GachaConfig) -> int:
    """Pull actions per KST day for the player's rank (from the table)."""
    return config.daily_limits.get(user.rank, config.daily_limits["STANDARD"])


class PullRequest(BaseModel):
    """One pull or ten."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    count: Literal[1, 10]


@dataclass
class _Pull:
    """What ``prepare`` took for the pull: today's count, the limit and the locked pity row."""

    used: int
    limit: int
    pity: GachaPity


class PulledItemOut(BaseModel):
    """One prize."""

    rarity: str
    item_id: str
    kind: str
    amount: int
    name: str
    name_en: str
    pity: bool
    guarantee: bool
    fell_back: bool


class PityOut(BaseModel):
    """Pulls since the last Epic-or-better and the guarantee threshold."""

    count: int
    threshold: int


class PullOut(BaseModel):
    """A gacha round."""

    round_id: int
    items: list[PulledItemOut]
    pity: PityOut
    daily_remaining: int
    daily_limit: int
    cost: int
    gold_won: int
    balance: int
    config_version: int
    proof: registry.ProofOut


class Gacha(registry.Game):
    """The gacha as a registered game."""

    key = "gacha"
    action = "pull"
    transfer_kind = "GACHA_PULL"
    stake_kind = "GACHA_COST"
    config_model = GachaConfig
    request_model = PullRequest
    response_model = PullOut
    default_config = DEFAULT_GACHA
    icon = "gift"
    nav_tab = "members"
    api_summary = "Pull once or ten times (cost, daily limit, pity, stock and prizes in one transaction)"
    verify_inputs = ("count", "pity_before", "sold_out")

    def render(self, result: Any) -> PullOut:
        """Every prize, pity, today's pulls left, cost, gold won, balance, proof."""
        d = result.details
        return PullOut(
            round_id=result.round_id,
            items=[
                PulledItemOut(
                    rarity=i["rarity"],
                    item_id=i["item_id"],
                    kind=i["kind"],
                    amount=i["amount"],
                    name=i["name_ko"],
                    name_en=i["name_en"],
                    pity=i["pity"],
                    guarantee=i["guarantee"],
                    fell_back=bool(i["sold_out"]),
                )
                for i in result.outcome["pulls"]
            ],
            pity=PityOut(count=d["pity_count"], threshold=d["pity_threshold"]),
            daily_remaining=max(0, d["daily_limit"] - d["daily_used"]),
            daily_limit=d["daily_limit"],
            cost=result.bet,
            gold_won=result.payout,
            balance=result.balance,
            config_version=result.config_version,
            proof=registry.proof_of(result),
        )

    def same_request(self, stored: Mapping[str, Any], request: Any) -> bool:
        """The same pull count."""
        return stored.get("count") == request.count

    def prepare(self, db: Session, user: AuthUser, request: Any, table: Table) -> _Pull:
        """Count today's pull (429 beyond the rank's limit) and lock the pity counter."""
        limit = daily_limit(user, table.config)
        used = use_daily_pull(db, user.id, limit)
        return _Pull(used, limit, locked_pity(db, user.id))

    def floats_needed(self, request: Any, table: Table) -> int:
        """Two floats per pull (rarity, item)."""
        return 2 * request.count

    def resolve(
        self, db: Session, user: AuthUser, request: Any, table: Table, context: Any, units: list[rng.Unit]
    ) -> Settlement:
        """Draw every pull (reserving stock), move pity, award prizes, announce Legendaries."""
        config: GachaConfig = table.config
        count, pity = request.count, context.pity
        pity_before = pity.pulls_since_epic
        take = take_stock(db, units, config, count, pity_before)
        draws, pity_after = draw_round(units, config, count, pity_before, take)
        pity.pulls_since_epic, pity.total_pulls = pity_after, pity.total_pulls + count
        outcomes, counter = [], pity_before
        for d in draws:
            outcomes.append(d.as_outcome(counter))
            counter = 0 if d.rarity in EPIC_PLUS else counter + 1
        for d in draws:
            if d.item.kind == "cosmetic":
                inventory.grant(db, user.id, d.item.id)
        after_commit(db, forget_players_today)
        return Settlement(
            stake=config.cost_single if count == 1 else config.cost_ten,
            credits=tuple(Credit(d.item.amount, "GACHA_PRIZE") for d in draws if d.item.kind == "gold"),
            outcome={"count": count, "pulls": outcomes},
            xp=sum(d.item.amount for d in draws if d.item.kind == "xp"),
            feed=tuple(
                ("legendary", {"item_ko": d.item.name_ko, "item_en": d.item.name_en})
                for d in draws
                if d.rarity == "LEGENDARY"
            ),
            details=_details(pity_after, config, context.limit, context.used),
            actions=((Kind.GACHA_PULL, count),),
        )

    def replay_details(self, db: Session, user: AuthUser, outcome: Mapping[str, Any]) -> dict[str, Any]:
        """Today's counters and pity as they are now."""
        from casino_app.services.games import engine

        config: GachaConfig = engine.table_of(self).config
        pity = db.get(GachaPity, user.id)
        pity_count = pity.pulls_since_epic if pity else 0
        return _details(pity_count, config, daily_limit(user, config), used_today(user.id, db))

    def recompute(self, units: list[rng.Unit], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        """Every pull as drawn and as awarded, given the pity before and the recorded sold-out lists."""
        count, sold_out = params.get("count", 1), params.get("sold_out") or ()
        if count not in (1, 10):
            raise ValidationFailed(code="PULL_COUNT_INVALID", details={"field": "count"})
        limited = {i.id for i in config.items if i.stock is not None}
        if len(sold_out) > count or any(not set(items) <= limited for items in sold_out):
            raise ValidationFailed(code="VERIFY_INPUT_INVALID", details={"field": "sold_out"})

        def in_stock(index: int, item: GachaItem) -> bool:
            return index >= len(sold_out) or item.id not in sold_out[index]

        draws, after = draw_round(units, config, count, int(params.get("pity_before", 0)), take=in_stock)
        pulls = [
            {
                "drawn_rarity": d.drawn_rarity,
                "drawn_item_id": d.drawn_item_id,
                "rarity": d.rarity,
                "item_id": d.item.id,
                "sold_out": list(d.sold_out),
                "pity": d.pity,
                "guarantee": d.guarantee,
            }
            for d in draws
        ]
        return {"pulls": pulls, "pity_after": after}

    def verify_floats(self, config: Any, params: Mapping[str, Any]) -> int:
        """Two floats per pull."""
        return 2 * int(params.get("count", 1))

    def rtp(self, config: Any) -> Fraction:
        """Gold paid back per gold spent on single pulls, pity included (XP and cosmetics count as zero)."""
        return gold_rtp(config)

    def summary(self, outcome: Mapping[str, Any]) -> str:
        """The rarities' initials: "C, C, R"."""
        return ", ".join(p["rarity"][0] for p in outcome.get("pulls", []))

    def describe_item(self, item_id: str) -> inventory.ItemInfo | None:
        """Names and rarity of a prize of the active table."""
        from casino_app.services.games import engine

        item = next((i for i in engine.table_of(self).config.items if i.id == item_id), None)
        return inventory.ItemInfo(item.name_ko, item.name_en, item.rarity) if item else None

    def verify_lines(self, outcome: Mapping[str, Any]) -> list[str]:
        """``RARITY:item`` per pull as awarded, with what the floats drew when a sold-out item fell back."""
        lines = []
        for pull in outcome.get("pulls", []):
            text = f"{pull['rarity']}:{pull['item_id']}"
            if (pull["drawn_rarity"], pull["drawn_item_id"]) != (pull["rarity"], pull["item_id"]):
                text += f" (← {pull['drawn_rarity']}:{pull['drawn_item_id']})"
            lines.append(text)
        return lines

    def recorded_inputs(self, outcome: Mapping[str, Any]) -> dict[str, Any]:
        """Pull count, pity before the round and the per-pull sold-out lists (``gacha_text``)."""
        from casino_app.services.games import gacha_text

        return gacha_text.recorded_inputs(outcome)

    def outcome_text(self, outcome: Mapping[str, Any], locale: str) -> str:
        """Rarity and item names of every pull (``gacha_text``)."""
        from casino_app.services.games import gacha_text

        return gacha_text.outcome_text(outcome, locale)

    def verify_text(self, outcome: Mapping[str, Any], locale: str, config: Any = None) -> list[str]:
        """One named line per pull (``gacha_text``)."""
        from casino_app.services.games import gacha_text

        return gacha_text.verify_text(outcome, locale, config)

    def stats(self, db: Session, user_id: int) -> dict[str, int]:
        """``spins`` (pulls) and ``rare_wins`` (Rare or better)."""
        counts = rarity_counts(db, user_id)
        return {"spins": sum(counts.values()), "rare_wins": sum(counts[r] for r in RARE_PLUS)}


def _details(pity: int, config: GachaConfig, limit: int, used: int) -> dict[str, Any]:
    return {"pity_count": pity, "pity_threshold": config.pity_threshold, "daily_limit": limit, "daily_used": used}


GACHA = registry.register(Gacha())


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
    level: int = 0  # the player's level after the round
    leveled_up: bool = False  # the XP prizes took the player to a new level

    @property
    def daily_remaining(self) -> int:
        """Pull actions left today."""
        return max(0, self.daily_limit - self.daily_used)


def pull(user: AuthUser, count: int, request_key: str) -> PullResult:
    """Pull once or ten times through the round engine; ``request_key`` makes a retry replay the pull."""
    from casino_app.services.games import engine

    if type(count) is not int or count not in (1, 10):
        raise ValidationFailed(code="PULL_COUNT_INVALID", details={"field": "count", "allowed": [1, 10]})
    r = engine.play(GACHA.key, user, PullRequest(count=count), request_key)
    d = r.details
    return PullResult(
        round_id=r.round_id,
        items=list(r.outcome["pulls"]),
        pity_count=d["pity_count"],
        pity_threshold=d["pity_threshold"],
        daily_limit=d["daily_limit"],
        daily_used=d["daily_used"],
        cost=r.bet,
        gold_won=r.payout,
        balance=r.balance,
        server_seed_hash=r.server_seed_hash,
        client_seed=r.client_seed,
        nonce=r.nonce,
        config_version=r.config_version,
        replayed=r.replayed,
        balance_version=r.balance_version,
        level=r.level,
        leveled_up=r.leveled_up,
    )
