"""Versioned odds tables: one active version per game, the same for every player.

Tables are data: staff add a version (validated, audited, never edited in
place) and it becomes active for everyone; every round records the version
it used. The declared RTP is computed exactly from the table (fractions, no
floating point) and published with it.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlmodel import select

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.models.games import GAMES, GameConfig
from casino_app.services import audit

RARITIES: tuple[str, ...] = ("COMMON", "RARE", "EPIC", "LEGENDARY")
Multiplier = str  # a decimal string such as "0.5" or "250" (at most two decimals)


def multiplier(value: Multiplier) -> Fraction:
    """Parse a published multiplier exactly."""
    return Fraction(value)


def decimal_text(value: Fraction) -> str:
    """A multiplier as plain decimal text ("0.5", "250")."""
    from decimal import Decimal

    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SlotSymbol(_Strict):
    """A reel symbol: its weight on every reel and what two or three of it pay (× bet)."""

    id: str = Field(pattern=r"^[a-z]{2,16}$")
    weight: int = Field(ge=1, le=10_000)
    triple: Multiplier
    pair: Multiplier

    @field_validator("triple", "pair")
    @classmethod
    def _decimal(cls, value: str) -> str:
        try:
            parsed = Fraction(value)
        except (ValueError, ZeroDivisionError):
            raise ValueError("must be a decimal number") from None
        if parsed < 0 or parsed > 10_000 or (parsed * 100).denominator != 1:
            raise ValueError("must be between 0 and 10000 with at most two decimals")
        return value


class SlotConfig(_Strict):
    """Three reels, each drawing from the same weighted symbols; triple and pair pays; a win-streak bonus."""

    symbols: list[SlotSymbol] = Field(min_length=2, max_length=12)
    bet_options: list[int] = Field(min_length=1, max_length=20)
    streak_bonus_step_pct: int = Field(5, ge=0, le=20)
    streak_bonus_max_steps: int = Field(4, ge=0, le=20)

    @model_validator(mode="after")
    def _rules(self) -> SlotConfig:
        if len({s.id for s in self.symbols}) != len(self.symbols):
            raise ValueError("symbol ids must be unique")
        if sorted(set(self.bet_options)) != self.bet_options or self.bet_options[0] < 1:
            raise ValueError("bet options must be positive, unique and ascending")
        if self.streak_bonus_step_pct * self.streak_bonus_max_steps > 20:
            raise ValueError("the win-streak bonus may add at most 20 %")
        return self


class GachaItem(_Strict):
    """A prize: gold (credited through the ledger), XP, or a cosmetic for the inventory."""

    id: str = Field(pattern=r"^[a-z0-9_]{2,40}$")
    rarity: Literal["COMMON", "RARE", "EPIC", "LEGENDARY"]
    kind: Literal["gold", "xp", "cosmetic"]
    weight: int = Field(ge=1, le=100_000)
    amount: int = Field(0, ge=0, le=10**9)
    stock: int | None = Field(None, ge=0, le=10**9)
    name_ko: str = Field(min_length=1, max_length=40)
    name_en: str = Field(min_length=1, max_length=40)


class GachaConfig(_Strict):
    """Rarity rates (weights), the items of each rarity, and the guarantees."""

    rarity_weights: dict[str, int]
    items: list[GachaItem] = Field(min_length=4, max_length=200)
    pity_threshold: int = Field(90, ge=2, le=1000)
    ten_pull_guarantee: Literal["RARE"] = "RARE"

    @model_validator(mode="after")
    def _rules(self) -> GachaConfig:
        if set(self.rarity_weights) != set(RARITIES) or any(w < 1 for w in self.rarity_weights.values()):
            raise ValueError(f"rarity_weights must give a positive weight to each of {RARITIES}")
        if len({i.id for i in self.items}) != len(self.items):
            raise ValueError("item ids must be unique")
        for rarity in RARITIES:
            if not any(i.rarity == rarity for i in self.items):
                raise ValueError(f"every rarity needs at least one item ({rarity} has none)")
            if not any(i.rarity == rarity and i.stock is None for i in self.items):
                raise ValueError(f"every rarity needs an unlimited item so a sold-out pull can land ({rarity})")
        for item in self.items:
            if item.stock is not None and item.rarity not in {"EPIC", "LEGENDARY"}:
                raise ValueError("only Epic and Legendary items may have limited stock")
            if item.kind in {"gold", "xp"} and item.amount < 1:
                raise ValueError(f"{item.id}: gold and XP items need an amount")
        return self

    def items_of(self, rarity: str) -> list[GachaItem]:
        """The items of one rarity, in table order."""
        return [i for i in self.items if i.rarity == rarity]


DEFAULT_SLOT = SlotConfig(
    symbols=[
        SlotSymbol(id="cherry", weight=30, triple="4", pair="0.5"),
        SlotSymbol(id="lemon", weight=25, triple="8", pair="0.5"),
        SlotSymbol(id="bell", weight=18, triple="20", pair="1"),
        SlotSymbol(id="clover", weight=14, triple="40", pair="1.5"),
        SlotSymbol(id="diamond", weight=8, triple="100", pair="3"),
        SlotSymbol(id="seven", weight=5, triple="250", pair="5"),
    ],
    bet_options=[100, 200, 500, 1000, 2000, 5000, 10000],
)

DEFAULT_GACHA = GachaConfig(
    rarity_weights={"COMMON": 7_900, "RARE": 1_700, "EPIC": 350, "LEGENDARY": 50},
    items=[
        GachaItem(
            id="gold_1k",
            rarity="COMMON",
            kind="gold",
            weight=40,
            amount=1_000,
            name_ko="골드 꾸러미 1,000",
            name_en="Gold pouch 1,000",
        ),
        GachaItem(
            id="gold_2k",
            rarity="COMMON",
            kind="gold",
            weight=25,
            amount=2_000,
            name_ko="골드 꾸러미 2,000",
            name_en="Gold pouch 2,000",
        ),
        GachaItem(
            id="xp_50",
            rarity="COMMON",
            kind="xp",
            weight=20,
            amount=50,
            name_ko="경험치 부스터 +50",
            name_en="XP booster +50",
        ),
        GachaItem(
            id="frame_neon", rarity="COMMON", kind="cosmetic", weight=15, name_ko="네온 프레임", name_en="Neon frame"
        ),
        GachaItem(
            id="gold_8k",
            rarity="RARE",
            kind="gold",
            weight=45,
            amount=8_000,
            name_ko="골드 상자 8,000",
            name_en="Gold chest 8,000",
        ),
        GachaItem(
            id="xp_300",
            rarity="RARE",
            kind="xp",
            weight=30,
            amount=300,
            name_ko="경험치 부스터 +300",
            name_en="XP booster +300",
        ),
        GachaItem(
            id="title_lucky",
            rarity="RARE",
            kind="cosmetic",
            weight=25,
            name_ko="칭호: 행운아",
            name_en="Title: Lucky one",
        ),
        GachaItem(
            id="gold_30k",
            rarity="EPIC",
            kind="gold",
            weight=60,
            amount=30_000,
            name_ko="골드 금고 30,000",
            name_en="Gold vault 30,000",
        ),
        GachaItem(
            id="frame_aurora",
            rarity="EPIC",
            kind="cosmetic",
            weight=40,
            stock=500,
            name_ko="오로라 프레임 (한정)",
            name_en="Aurora frame (limited)",
        ),
        GachaItem(
            id="gold_150k",
            rarity="LEGENDARY",
            kind="gold",
            weight=70,
            amount=150_000,
            name_ko="황금 보물 150,000",
            name_en="Golden treasure 150,000",
        ),
        GachaItem(
            id="avatar_dragon",
            rarity="LEGENDARY",
            kind="cosmetic",
            weight=30,
            stock=50,
            name_ko="황금 용 아바타 (한정)",
            name_en="Golden dragon avatar (limited)",
        ),
    ],
)

DEFAULTS: dict[str, BaseModel] = {"slot": DEFAULT_SLOT, "gacha": DEFAULT_GACHA}


def parse(game: str, raw: dict[str, Any]) -> SlotConfig | GachaConfig:
    """Validate a raw table for ``game`` (422 ``CONFIG_INVALID`` with the reasons)."""
    from pydantic import ValidationError

    model = {"slot": SlotConfig, "gacha": GachaConfig}.get(game)
    if model is None:
        raise NotFound(code="GAME_UNKNOWN", details={"game": game})
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        reasons = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()]
        raise ValidationFailed(code="CONFIG_INVALID", details={"reasons": reasons}) from None


# --- the exact RTP of a table -----------------------------------------------------------


def slot_base_table(config: SlotConfig) -> list[tuple[Fraction, Fraction]]:
    """(probability, multiplier) of every reel combination."""
    total = sum(s.weight for s in config.symbols)
    rows = []
    for a in config.symbols:
        for b in config.symbols:
            for c in config.symbols:
                p = Fraction(a.weight * b.weight * c.weight, total**3)
                rows.append((p, multiplier(slot_multiplier(config, (a.id, b.id, c.id)))))
    return rows


def slot_multiplier(config: SlotConfig, reels: tuple[str, str, str]) -> Multiplier:
    """The published pay of a reel line: three of a kind, else a pair (any two reels), else nothing."""
    by_id = {s.id: s for s in config.symbols}
    a, b, c = reels
    if a == b == c:
        return by_id[a].triple
    if a in (b, c):
        return by_id[a].pair
    if b == c:
        return by_id[b].pair
    return "0"


def slot_rtp(config: SlotConfig) -> tuple[Fraction, Fraction, Fraction]:
    """(base RTP, probability of a real win > stake, RTP with the win-streak bonus) — exact.

    The bonus adds ``step × min(streak, max_steps)`` % to a payout, where the
    streak counts the player's consecutive previous slot rounds whose table
    multiplier was above 1. Rounds are independent, so the streak before a round is
    geometric: P(streak ≥ k) = p^k, and E[min(streak, m)] = p + p² + … + p^m.
    """
    table = slot_base_table(config)
    base = sum(p * m for p, m in table)
    p_win = sum(p for p, m in table if m > 1)
    expected_steps = sum(p_win**k for k in range(1, config.streak_bonus_max_steps + 1))
    total = base * (1 + Fraction(config.streak_bonus_step_pct, 100) * expected_steps)
    return base, p_win, total


def gacha_rarity_probabilities(config: GachaConfig) -> dict[str, Fraction]:
    """The base per-pull rarity probabilities (before pity)."""
    total = sum(config.rarity_weights.values())
    return {r: Fraction(config.rarity_weights[r], total) for r in RARITIES}


def gacha_consolidated(config: GachaConfig) -> dict[str, Fraction]:
    """Long-run per-pull rarity rates of single pulls *including* hard pity (exact).

    Pulls between Epic-or-better results form a cycle of length T ≤ N (the pity
    threshold): P(T ≥ n) = q^(n−1) with q = P(below Epic). The Epic+ rate is
    1 / E[T]; the pity pull itself draws Epic vs Legendary in their base ratio,
    and Common vs Rare keep their base ratio on the other pulls.
    """
    base = gacha_rarity_probabilities(config)
    q = base["COMMON"] + base["RARE"]
    n = config.pity_threshold
    expected_cycle = sum(q ** (k - 1) for k in range(1, n + 1))
    epic_plus = 1 / expected_cycle
    high = base["EPIC"] + base["LEGENDARY"]
    return {
        "COMMON": (1 - epic_plus) * base["COMMON"] / q,
        "RARE": (1 - epic_plus) * base["RARE"] / q,
        "EPIC": epic_plus * base["EPIC"] / high,
        "LEGENDARY": epic_plus * base["LEGENDARY"] / high,
    }


def gacha_item_probabilities(config: GachaConfig, rarity_rates: dict[str, Fraction]) -> dict[str, Fraction]:
    """Each item's per-pull probability: its rarity's rate times its share of that rarity's weight."""
    totals = {r: sum(i.weight for i in config.items_of(r)) for r in RARITIES}
    return {i.id: rarity_rates[i.rarity] * Fraction(i.weight, totals[i.rarity]) for i in config.items}


def gacha_gold_rtp(config: GachaConfig, cost: int) -> Fraction:
    """Expected gold paid back per gold spent on single pulls (cosmetics and XP count as zero)."""
    chances = gacha_item_probabilities(config, gacha_consolidated(config))
    return sum((chances[i.id] * i.amount for i in config.items if i.kind == "gold"), Fraction(0)) / cost


def declared_rtp(game: str, config: SlotConfig | GachaConfig) -> Fraction:
    """The RTP published with a table."""
    if isinstance(config, SlotConfig):
        return slot_rtp(config)[2]
    from casino_app.settings import get_settings

    return gacha_gold_rtp(config, get_settings().gacha_cost_single)


SLOT_RTP_RANGE = (Fraction(92, 100), Fraction(97, 100))


# --- stored versions ----------------------------------------------------------------------


class ActiveConfig(BaseModel):
    """The table in force for a game."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    game: str
    version: int
    config: Any
    declared_rtp: float
    created_at: Any


@functools.lru_cache(maxsize=64)
def _cached(game: str, version: int, raw_json: str) -> SlotConfig | GachaConfig:
    import json

    return parse(game, json.loads(raw_json))


_ACTIVE_TTL_SECONDS = 1.0
_active_cache: dict[str, tuple[float, ActiveConfig]] = {}


def active(game: str) -> ActiveConfig:
    """The active table of ``game`` (re-read at most every second; rounds record the version they used)."""
    import time

    if game not in GAMES:
        raise NotFound(code="GAME_UNKNOWN", details={"game": game})
    cached = _active_cache.get(game)
    if cached is not None and time.monotonic() - cached[0] < _ACTIVE_TTL_SECONDS:
        return cached[1]
    table = _load_active(game)
    _active_cache[game] = (time.monotonic(), table)
    return table


def forget_active() -> None:
    """Drop cached active tables (after publishing a version; tests)."""
    _active_cache.clear()


def _load_active(game: str) -> ActiveConfig:
    import json

    with session_scope() as db:
        row = db.exec(select(GameConfig).where(GameConfig.game == game, GameConfig.is_active.is_(True))).first()  # type: ignore[attr-defined]
        if row is None:
            ensure_defaults()
            row = db.exec(select(GameConfig).where(GameConfig.game == game, GameConfig.is_active.is_(True))).first()  # type: ignore[attr-defined]
        assert row is not None
        parsed = _cached(game, row.version, json.dumps(row.config, sort_keys=True))
        return ActiveConfig(
            game=game,
            version=row.version,
            config=parsed,
            declared_rtp=float(row.declared_rtp),
            created_at=row.created_at,
        )


def by_version(game: str, version: int) -> SlotConfig | GachaConfig:
    """A specific stored version of a game's table (404 ``CONFIG_VERSION_UNKNOWN``)."""
    import json

    with session_scope() as db:
        row = db.exec(select(GameConfig).where(GameConfig.game == game, GameConfig.version == version)).first()
        if row is None:
            if version == 1 and game in DEFAULTS:
                ensure_defaults()
                return by_version(game, version)
            raise NotFound(code="CONFIG_VERSION_UNKNOWN", details={"game": game, "version": version})
        return _cached(game, row.version, json.dumps(row.config, sort_keys=True))


def ensure_defaults() -> None:
    """Insert version 1 of every game from the built-in tables if a game has none (idempotent)."""
    with session_scope() as db:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(7002)"))
        for game, config in DEFAULTS.items():
            exists = db.exec(select(GameConfig.id).where(GameConfig.game == game)).first()
            if exists is None:
                db.add(
                    GameConfig(
                        game=game,
                        version=1,
                        config=config.model_dump(mode="json"),
                        declared_rtp=float(round(declared_rtp(game, config), 6)),  # type: ignore[arg-type]
                        is_active=True,
                        created_at=clock.now(),
                    )
                )


def add_version(game: str, raw: dict[str, Any], *, actor_id: int, ip: str = "") -> ActiveConfig:
    """Validate and activate a new version of ``game``'s table (audited; old versions stay for history)."""
    parsed = parse(game, raw)
    rtp = declared_rtp(game, parsed)
    if isinstance(parsed, SlotConfig) and not SLOT_RTP_RANGE[0] <= rtp <= SLOT_RTP_RANGE[1]:
        raise ValidationFailed(code="RTP_OUT_OF_RANGE", details={"rtp": float(rtp), "min": 0.92, "max": 0.97})
    with session_scope() as db:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(7002)"))
        latest = db.execute(sa.select(sa.func.max(GameConfig.version)).where(GameConfig.game == game)).scalar() or 0
        db.execute(
            sa.update(GameConfig).where(GameConfig.game == game, GameConfig.is_active.is_(True)).values(is_active=False)
        )  # type: ignore[attr-defined]
        row = GameConfig(
            game=game,
            version=latest + 1,
            config=parsed.model_dump(mode="json"),
            declared_rtp=float(round(rtp, 6)),
            is_active=True,
            created_by=actor_id,
            created_at=clock.now(),
        )
        db.add(row)
        db.flush()
        after_commit(db, forget_active)  # every process re-reads within a second; this one at once
        audit.record(
            db,
            actor_id=actor_id,
            action="game_config.add_version",
            target_type="game",
            target_id=game,
            details={"version": row.version, "declared_rtp": float(rtp)},
            ip=ip,
        )
    return active(game)


def versions(game: str) -> list[dict[str, Any]]:
    """Every version of a game's table, newest first."""
    with session_scope() as db:
        rows = db.exec(select(GameConfig).where(GameConfig.game == game).order_by(GameConfig.version.desc())).all()  # type: ignore[attr-defined]
        return [
            {
                "version": r.version,
                "is_active": r.is_active,
                "declared_rtp": float(r.declared_rtp),
                "created_by": r.created_by,
                "created_at": r.created_at,
            }
            for r in rows
        ]
