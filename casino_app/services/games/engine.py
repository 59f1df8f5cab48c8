"""The round engine: the one single-player round sequence every game is played through.

One round is one transaction: the player's seed row is locked (their rounds are
strictly ordered), a retried request replays the round it already played, the
pace rule applies, the game takes what it needs (limits, counters), the next
nonce gives the round's floats, the game draws and settles, the stake and
prizes are posted to the ledger in one transfer, the round is recorded with its
proof and an outbox event, XP is granted and feed moments are announced. Either
all of it commits or none of it does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from casino_app.core.db import session_scope
from casino_app.services import feed, ledger, progression
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.fairness import rng, seeds
from casino_app.services.games import configs, registry, rounds
from casino_app.services.games.registry import Game, Settlement, Table
from casino_app.services.ledger.errors import IdempotencyConflict


@dataclass(frozen=True)
class RoundResult:
    """What a caller gets back from a round (a replay returns the round it first played)."""

    game: str
    round_id: int
    request: dict[str, Any]
    bet: int
    payout: int
    outcome: dict[str, Any]
    balance: int
    balance_version: int
    xp_gained: int
    level: int
    leveled_up: bool
    server_seed_hash: str
    client_seed: str
    nonce: int
    config_version: int
    details: dict[str, Any] = field(default_factory=dict)
    replayed: bool = False

    @property
    def celebrate(self) -> bool:
        """Only a payout above the stake is a win worth celebrating."""
        return self.payout > self.bet


def table_of(game: Game) -> Table:
    """The table a new round of ``game`` is played on (the active version)."""
    active = configs.active(game.key)
    return Table(game.key, active.version, active.config)


def play(game_key: str, user: AuthUser, request: BaseModel | Mapping[str, Any], request_key: str) -> RoundResult:
    """Play one round of ``game_key`` for ``user``; ``request_key`` makes a retry return the same round.

    Raises the game's 422s for a bad request, 409 ``IDEMPOTENCY_KEY_REUSED`` when
    the key already played a different request, 429 ``ROUND_TOO_FAST`` when rounds
    come faster than the pace, ``InsufficientFunds`` (nothing recorded) when the
    player cannot cover the stake, and whatever the game's ``prepare`` refuses.
    """
    game = registry.get(game_key)
    parsed = request if isinstance(request, BaseModel) else game.parse_request(request)
    table = table_of(game)
    game.check_request(parsed, table, user)
    round_key = f"{game.key}:{user.id}:{request_key}"
    with session_scope() as db:
        locked = seeds.lock_active(db, user.id)
        found = rounds.by_key(db, round_key)
        if found is not None:
            if found.game != game.key or not game.same_request(found.request, parsed):
                raise IdempotencyConflict(details={"idempotency_key": request_key})
            return _replay(db, game, user, found)
        rounds.pace(user.id)
        context = game.prepare(db, user, parsed, table)
        seed = seeds.next_round(db, user.id, locked)
        units = rng.units(seed.server_seed, seed.client_seed, seed.nonce, game.floats_needed(parsed, table))
        settled = game.resolve(db, user, parsed, table, context, units)
        posting = _post(db, game, user, settled, round_key, f"{game.key}:{seed.seed_id}:{seed.nonce}")
        round_id = rounds.insert(
            db,
            user_id=user.id,
            game=game.key,
            version=table.version,
            seed=seed,
            bet=settled.stake,
            payout=settled.payout,
            outcome=settled.outcome,
            transfer_id=posting.transfer_id if posting else None,
            request_key=round_key,
            request=parsed.model_dump(mode="json"),
        )
        change = progression.add_xp(db, user.id, settled.xp, game.key) if settled.xp else None
        for kind, params in settled.feed:
            feed.announce(db, kind, user.id, game=game.key, **params)
        account = ledger.user_account(user.id)
        wallet = (
            ledger.WalletSnapshot(posting.balance(account), posting.version(account))
            if posting is not None
            else ledger.wallet_snapshot(user.id, db)
        )
        return RoundResult(
            game=game.key,
            round_id=round_id,
            request=parsed.model_dump(mode="json"),
            bet=settled.stake,
            payout=settled.payout,
            outcome=settled.outcome,
            balance=wallet.gold,
            balance_version=wallet.version,
            xp_gained=settled.xp,
            level=change.level if change else progression.level_of(db, user.id),
            leveled_up=bool(change and change.leveled_up),
            server_seed_hash=seed.server_seed_hash,
            client_seed=seed.client_seed,
            nonce=seed.nonce,
            config_version=table.version,
            details=settled.details,
        )


def _post(db: Any, game: Game, user: AuthUser, settled: Settlement, key: str, reference: str) -> ledger.Posting | None:
    """The round's one ledger transfer: the stake to the house, each prize back; none when no gold moves."""
    account = ledger.user_account(user.id)
    legs = [ledger.Leg(account, game.house, settled.stake, game.stake_kind)] if settled.stake else []
    legs += [ledger.Leg(game.house, account, c.amount, c.kind) for c in settled.credits if c.amount]
    if not legs:
        return None
    return ledger.post(db, key=key, kind=game.transfer_kind, legs=legs, reference=reference)


def _replay(db: Any, game: Game, user: AuthUser, found: rounds.StoredRound) -> RoundResult:
    wallet = ledger.wallet_snapshot(user.id, db)
    return RoundResult(
        game=found.game,
        round_id=found.id,
        request=dict(found.request),
        bet=found.bet,
        payout=found.payout,
        outcome=dict(found.outcome),
        balance=wallet.gold,
        balance_version=wallet.version,
        xp_gained=int(found.outcome.get("xp", 0)),
        level=progression.level_of(db, user.id),
        leveled_up=False,
        server_seed_hash=found.server_seed_hash,
        client_seed=found.client_seed,
        nonce=found.nonce,
        config_version=found.config_version,
        details=game.replay_details(db, user, found.outcome),
        replayed=True,
    )
