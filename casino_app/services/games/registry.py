"""The game registry: what "a game" is, and the only list of them.

A game is one module that defines a ``Game`` subclass and registers an
instance. It declares its versioned odds-table model and default, its request,
the draw (the published mapping from the round's floats to an outcome), how the
outcome settles into ledger legs, its verification recompute, its RTP and its
history summary. Everything else — validation of paths and queries, history
filters, stats, the verify API and page, odds endpoints, navigation and i18n
keys — is derived from ``games()``; the round sequence itself lives in
``engine``.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.actions import Kind
from casino_app.services.fairness import rng
from casino_app.services.ledger import accounts as ledger_accounts

# The modules of the games this deployment offers: adding a game is one module and one entry here.
INSTALLED = (
    "casino_app.services.games.slot",
    "casino_app.services.games.gacha",
    "casino_app.services.games.rps",
    "casino_app.services.games.roulette",
    "casino_app.services.crash.game",
)
KEY_PATTERN = r"^[a-z][a-z0-9_]{1,19}$"


@dataclass(frozen=True)
class Credit:
    """Gold the house pays the player in a round (one ledger leg), labelled by ``kind`` (WIN, GACHA_PRIZE…)."""

    amount: int
    kind: str


@dataclass(frozen=True)
class Settlement:
    """How a drawn round settles: the stake taken, the credits paid, what is stored, XP and feed moments.

    ``stake`` is debited from the player (``stake_kind``) and recorded as the
    round's bet; ``credits`` are paid by the house and sum to the round's payout.
    ``outcome`` is the round's stored JSON (with everything its verification
    needs); ``details`` go back to the caller only.
    """

    stake: int
    credits: tuple[Credit, ...]
    outcome: dict[str, Any]
    xp: int = 0
    feed: tuple[tuple[str, dict[str, Any]], ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    # Actions the round counts besides ``round_played`` (gacha: its pulls), for missions and achievements.
    actions: tuple[tuple[Kind, int], ...] = ()

    @property
    def payout(self) -> int:
        """Gold paid to the player."""
        return sum(c.amount for c in self.credits)


class ProofOut(BaseModel):
    """What a round was drawn from (verifiable once the server seed is revealed)."""

    server_seed_hash: str
    client_seed: str
    nonce: int


class RoundOut(BaseModel):
    """A round as the API returns it when a game declares no shape of its own."""

    round_id: int
    game: str
    bet: int
    payout: int
    outcome: dict[str, Any]
    balance: int
    xp_gained: int
    level: int
    config_version: int
    proof: ProofOut


def proof_of(result: Any) -> ProofOut:
    """The proof fields of an engine ``RoundResult``."""
    return ProofOut(server_seed_hash=result.server_seed_hash, client_seed=result.client_seed, nonce=result.nonce)


@dataclass(frozen=True)
class Table:
    """The odds table a round is played on: game, version and the parsed config."""

    game: str
    version: int
    config: Any


class Game(ABC):
    """One game. Subclasses set the class attributes and implement the abstract methods."""

    key: ClassVar[str]
    action: ClassVar[str]  # the API verb: /api/games/<key>/<action>
    transfer_kind: ClassVar[str]  # the ledger transfer kind of a round
    stake_kind: ClassVar[str] = "BET"
    config_model: ClassVar[type[BaseModel]]
    request_model: ClassVar[type[BaseModel]]
    response_model: ClassVar[type[BaseModel]] = RoundOut
    default_config: ClassVar[BaseModel]
    api_summary: ClassVar[str] = "Play one round"
    wagered: ClassVar[bool] = True  # False for a game played without a stake (its RTP is not defined)
    icon: ClassVar[str] = "gamepad-2"  # lucide icon of the game's navigation entry
    nav_tab: ClassVar[str] = "none"  # in the mobile tab bar: "members" or "none" (see components/nav_items)
    # A shared round (crash): one loop plays it for everyone, with routes of its own; the engine never does.
    shared: ClassVar[bool] = False
    # The verification inputs beyond the seeds, nonce and table version (gacha: count, pity_before, sold_out).
    verify_inputs: ClassVar[tuple[str, ...]] = ()

    @property
    def house(self) -> str:
        """The house account that takes stakes and pays prizes."""
        return f"house:{self.key}"

    def parse_request(self, raw: Mapping[str, Any]) -> BaseModel:
        """The game's request from loose input (422 ``VALIDATION_ERROR`` naming the fields)."""
        try:
            return self.request_model.model_validate(dict(raw))
        except ValidationError as exc:
            fields = [{"field": ".".join(str(p) for p in e["loc"]), "code": e["type"]} for e in exc.errors()]
            raise ValidationFailed(code="VALIDATION_ERROR", details={"fields": fields}) from None

    def check_request(self, request: BaseModel, table: Table, user: AuthUser) -> None:  # noqa: B027 - optional hook
        """Refuse a request the table does not allow (a bet outside its options…), before anything is locked."""

    def same_request(self, stored: Mapping[str, Any], request: BaseModel) -> bool:
        """Whether a stored round's request is this very request (an idempotent replay, not a key reuse)."""
        return dict(stored) == request.model_dump(mode="json")

    def prepare(self, db: Session, user: AuthUser, request: BaseModel, table: Table) -> Any:
        """Take what the round needs before the draw (limits, counters, locks); ``None`` when nothing."""
        return None

    def floats_needed(self, request: BaseModel, table: Table) -> int:
        """How many of the round's floats the draw reads."""
        return 1

    @abstractmethod
    def resolve(
        self, db: Session, user: AuthUser, request: BaseModel, table: Table, context: Any, units: list[rng.Unit]
    ) -> Settlement:
        """Draw the round from its floats and settle it (may update the game's own rows in ``db``)."""

    def render(self, result: Any) -> BaseModel:
        """The API body of an engine ``RoundResult`` (``response_model``)."""
        return RoundOut(
            round_id=result.round_id,
            game=result.game,
            bet=result.bet,
            payout=result.payout,
            outcome=result.outcome,
            balance=result.balance,
            xp_gained=result.xp_gained,
            level=result.level,
            config_version=result.config_version,
            proof=proof_of(result),
        )

    def replay_details(self, db: Session, user: AuthUser, outcome: Mapping[str, Any]) -> dict[str, Any]:
        """``Settlement.details`` for a replayed round (current counters, say); nothing by default."""
        return {}

    @abstractmethod
    def recompute(self, units: list[rng.Unit], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        """The published mapping alone: what these floats produce under ``config`` (for verification)."""

    def verify_floats(self, config: Any, params: Mapping[str, Any]) -> int:
        """How many floats a verification with ``params`` reads."""
        return 1

    @abstractmethod
    def rtp(self, config: Any) -> Fraction:
        """The declared return to player of a table (exact; 0 for a game without a stake)."""

    def expected_value(self, config: Any) -> dict[str, Fraction]:
        """What one round returns on average, by kind ("gold", "xp"…); published with the table."""
        return {}

    def rtp_range(self) -> tuple[Fraction, Fraction] | None:
        """The RTP a published table must stay within, if the game has a rule."""
        return None

    @abstractmethod
    def summary(self, outcome: Mapping[str, Any]) -> str:
        """A short, language-neutral summary of a round for history lists."""

    def describe_item(self, item_id: str) -> Any:
        """``inventory.ItemInfo`` for an item this game grants, else ``None``."""
        return None

    def verify_lines(self, outcome: Mapping[str, Any]) -> list[str]:
        """How the verify page shows an outcome (recorded or recomputed), one line per part."""
        return [self.summary(outcome)]

    def recorded_inputs(self, outcome: Mapping[str, Any]) -> dict[str, Any]:
        """The ``verify_inputs`` a recorded round was drawn with (read from its stored outcome)."""
        return {}

    def outcome_text(self, outcome: Mapping[str, Any], locale: str) -> str:
        """A round's outcome in the player's language for history lists: symbol, hand and item names from the
        game's i18n catalog and what the round stored (the language-neutral ``summary`` unless overridden)."""
        return self.summary(outcome)

    def verify_text(self, outcome: Mapping[str, Any], locale: str, config: Any = None) -> list[str]:
        """``verify_lines`` in the player's language, one line per part; ``config`` is the odds table the
        outcome was drawn under, to name what a recomputed outcome does not store."""
        return self.verify_lines(outcome)

    def stats(self, db: Session, user_id: int) -> dict[str, int]:
        """Game-specific counters of the player's rounds, beyond the common totals (rps: wins/losses/ties…)."""
        return {}


def catalog_name(key: str, fallback: str, locale: str, **params: Any) -> str:
    """The catalog's text for ``key`` in ``locale`` (for a game's symbol, hand or rarity names), else
    ``fallback`` — an id a newer odds table added before the catalogs named it stays readable as itself."""
    from casino_app.i18n import CATALOGS, t

    return t(key, locale, **params) if key in CATALOGS["ko"] else fallback


_registry: dict[str, Game] = {}
_loaded = False


def register(game: Game) -> Game:
    """Add a game (its module calls this once at import). Re-registering the same key replaces it."""
    import re

    if not re.fullmatch(KEY_PATTERN, game.key):
        raise ValueError(f"game key {game.key!r} must match {KEY_PATTERN}")
    ledger_accounts.allow_system_account(game.house)
    _registry[game.key] = game
    return game


def unregister(key: str) -> None:
    """Remove a game (tests that register a toy game clean up with this)."""
    _registry.pop(key, None)


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in INSTALLED:
            importlib.import_module(module)


def games() -> list[Game]:
    """Every registered game, in ``INSTALLED`` order (games registered otherwise, e.g. by a test, last)."""
    _load()

    def order(game: Game) -> int:
        module = type(game).__module__
        return INSTALLED.index(module) if module in INSTALLED else len(INSTALLED)

    return sorted(_registry.values(), key=order)


def keys() -> tuple[str, ...]:
    """Every registered game key."""
    return tuple(g.key for g in games())


def get(key: str) -> Game:
    """The game called ``key`` (404 ``GAME_UNKNOWN`` for anything else)."""
    _load()
    game = _registry.get(key)
    if game is None:
        raise NotFound(code="GAME_UNKNOWN", details={"game": key})
    return game


def is_game(key: str | None) -> bool:
    """Whether ``key`` names a registered game."""
    _load()
    return key is not None and key in _registry
