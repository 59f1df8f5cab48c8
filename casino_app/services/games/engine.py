"""The round engine: the one single-player round sequence every game is played through.

One round is one transaction: the player's seed row is locked (their rounds are
strictly ordered), a retried request replays the round it already played, the
pace rule applies, the game takes what it needs (limits, counters), the next
nonce gives the round's floats, the game draws and settles, the stake and
prizes are posted to the ledger in one transfer, the round is recorded with its
proof and an outbox event, XP is granted, the round's actions are counted for
progression (``services.actions``: missions, achievements, battle pass,
leaderboards) and feed moments are announced. Either all of it commits or none
of it does.

Round trips (psycopg pipelines, ``core.db.run``): the first carries BEGIN, the
API call's idempotency claim when there is one, and one statement that locks the
seed row and takes the nonce, reserves the transfer and round ids and reads the
request key's round, the player's level and the game's ``prefetch`` (slot: its
win streak) — read again, after the lock, if a round of this player committed
meanwhile (see ``_OPENING``). The second posts the transfer (one statement,
``ledger.prepare``), then records the round with its outbox event, grants the XP
and counts the round's actions in as few statements as ``actions.Pending.sendable``
can merge them into.
The API call's stored response then goes out with the COMMIT. A replay gives its
nonce back; a failure anywhere rolls the whole round back.

Optional game hooks beside ``Game``'s (looked up with ``getattr``):
``prefetch(user, request, table) -> Sql | None`` (one SELECT of one column, read
in the opening statement) and ``prepare_prefetched(sql, db, user, request,
table)`` (``sql.rows`` filled), used instead of ``prepare`` when ``prefetch`` is
defined.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from casino_app.core import clock
from casino_app.core.db import Sql, run, session_scope
from casino_app.core.errors import NotFound
from casino_app.services import actions, feed, idempotency, ledger, progression
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.care import play as care_play
from casino_app.services.fairness import rng, seeds
from casino_app.services.games import configs, registry, rounds
from casino_app.services.games.registry import Game, Settlement, Table
from casino_app.services.games.win_tier import WinTier, win_tier
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
        """Only a payout above the stake is a win worth celebrating (``win_tier``)."""
        return win_tier(self.bet, self.payout) is not WinTier.NONE


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
    if game.shared:
        raise NotFound(code="GAME_UNKNOWN", details={"game": game_key})
    parsed = request if isinstance(request, BaseModel) else game.parse_request(request)
    table = table_of(game)
    game.check_request(parsed, table, user)
    round_key = f"{game.key}:{user.id}:{request_key}"
    prefetch = getattr(game, "prefetch", None)
    now = clock.now()
    with session_scope() as db:
        claim = idempotency.take_pending(db)
        prefetched = prefetch(user, parsed, table) if prefetch is not None else None
        opening = _opening(user.id, round_key, prefetched, now)
        sent = claim.statement() if claim is not None else None
        run(db, sent, opening)  # the claim first: its key's lock is always taken before the seed row's
        if claim is not None and sent is not None:
            claim.settle(sent)
        row = opening.rows[0]
        seed = seeds.taken(row[:5])
        if seed is None:  # the player's first round ever (or a rotation just now): the general path
            return _play_locked(db, game, user, parsed, table, round_key, request_key, now)
        seen, level, transfer_id, round_id, *rest = row[5:]
        if seen != seed.nonce:  # a round of this player committed after the statement's snapshot: read again
            again = _opening(user.id, round_key, prefetched, now, fresh=True)
            run(db, again)
            level, *rest = again.rows[0]
        care, stored = care_play.snapshot(now, rest[: care_play.COLUMN_COUNT]), rest[care_play.COLUMN_COUNT :]
        if prefetched is not None:
            prefetched.rows = [(value,) for value in stored.pop()]
        if stored[0] is not None:
            run(db, seeds.give_back(seed))
            return _replay(db, game, user, parsed, rounds.StoredRound(*stored), level, request_key)
        care_play.check_before(db, user.id, care)
        rounds.pace(user.id, user.rank)
        if prefetch is not None:
            context = game.prepare_prefetched(prefetched, db, user, parsed, table)  # type: ignore[attr-defined]
        else:
            context = game.prepare(db, user, parsed, table)
        ids = (transfer_id, round_id)
        return _settle(db, game, user, parsed, table, context, seed, round_key, ids, level, care)


# A round's opening statement: lock the seed row and take the nonce (``seeds.TAKE_NONCE``), reserve the
# transfer and round ids, and read the request key's round (if it was played), the player's level, their care state
# (``services.care.play``) and the game's prefetch. Those reads see the statement's snapshot, taken before the
# row lock was granted: ``seen`` (the nonce in that snapshot) equal to the nonce taken proves no round of this
# player committed in between (every round takes a nonce in its own transaction); otherwise they are read
# again (``fresh``).
_RESERVE = f"nextval(pg_get_serial_sequence('ledger_transfers', 'id')), {rounds.RESERVE_ID}"
_OPENING = """
    WITH seed AS ({take_nonce})
    SELECT seed.*, (SELECT f.nonce FROM fairness_seeds f WHERE f.id = seed.id),
           u.level, {reserve}, {care}, {reads}
    FROM users u LEFT JOIN seed ON true LEFT JOIN game_rounds r ON r.request_key = %(key)s {care_joins}
    WHERE u.id = %(user_id)s
"""
_AGAIN = """
    SELECT u.level, {care}, {reads}
    FROM users u LEFT JOIN game_rounds r ON r.request_key = %(key)s {care_joins}
    WHERE u.id = %(user_id)s
"""
_READS = """r.id, r.game, r.config_version, r.bet, r.payout, r.outcome, r.request, r.server_seed_hash,
           r.client_seed, r.nonce"""


def _opening(user_id: int, round_key: str, prefetched: Sql | None, now: datetime, *, fresh: bool = False) -> Sql:
    params: dict[str, Any] = {"user_id": user_id, "key": round_key, **care_play.params(now)}
    reads = _READS
    if prefetched is not None:  # one column per row, delivered as an array
        assert isinstance(prefetched.params, Mapping)
        for name, value in prefetched.params.items():
            if params.setdefault(name, value) != value:
                raise ValueError(f"prefetch parameter {name!r} clashes with the engine's")
        reads += f", ARRAY({prefetched.text})"
    care = {"care": care_play.COLUMNS, "care_joins": care_play.JOINS}
    text = (
        _AGAIN.format(reads=reads, **care)
        if fresh
        else _OPENING.format(take_nonce=seeds.TAKE_NONCE, reserve=_RESERVE, reads=reads, **care)
    )
    return Sql(text, params)


def _play_locked(
    db: Any,
    game: Game,
    user: AuthUser,
    parsed: BaseModel,
    table: Table,
    round_key: str,
    request_key: str,
    now: datetime,
) -> RoundResult:
    """The sequence step by step, for a player without an active seed row yet (it is created here)."""
    locked = seeds.lock_active(db, user.id)
    found = rounds.by_key(db, round_key)
    if found is not None:
        return _replay(db, game, user, parsed, found, progression.level_of(db, user.id), request_key)
    care = care_play.read(db, user.id, now)
    care_play.check_before(db, user.id, care)
    rounds.pace(user.id, user.rank)
    context = game.prepare(db, user, parsed, table)
    seed = seeds.next_round(db, user.id, locked)
    run(db, reserved := Sql(f"SELECT {_RESERVE}"))
    ids = (int(reserved.rows[0][0]), int(reserved.rows[0][1]))
    return _settle(db, game, user, parsed, table, context, seed, round_key, ids, None, care)


def _settle(
    db: Any,
    game: Game,
    user: AuthUser,
    parsed: BaseModel,
    table: Table,
    context: Any,
    seed: seeds.RoundSeed,
    round_key: str,
    ids: tuple[int, int],
    level: int | None,
    care: care_play.Snapshot,
) -> RoundResult:
    """Draw, settle, and send the posting, the round, the XP and the care counters in one round trip (``ids``:
    the transfer and round ids reserved for it)."""
    transfer_id, round_id = ids
    units = rng.units(seed.server_seed, seed.client_seed, seed.nonce, game.floats_needed(parsed, table))
    settled = game.resolve(db, user, parsed, table, context, units)
    care_play.check_stake(care, settled.stake)  # before anything is sent: a refusal leaves nothing behind
    request = parsed.model_dump(mode="json")
    posting = _posting(game, user, settled, round_key, f"{game.key}:{seed.seed_id}:{seed.nonce}", transfer_id)
    recorded = rounds.NewRound(
        user_id=user.id,
        game=game.key,
        version=table.version,
        seed=seed,
        bet=settled.stake,
        payout=settled.payout,
        outcome=settled.outcome,
        transfer_id=transfer_id if posting is not None else None,
        request_key=round_key,
        request=request,
    ).reserved(round_id)
    xp = progression.add_xp_statement(user.id, settled.xp) if settled.xp else None
    snapshot = ledger.snapshot_statement(user.id) if posting is None else None
    counted = actions.pending(*_actions(game, user, settled))
    db.flush()  # whatever the game changed through the ORM goes first, in order
    try:
        counters = care_play.count(user.id, care, settled.stake, settled.payout)
        run(
            db,
            posting.statement if posting is not None else None,
            snapshot,
            # the round, its event, the XP and care upserts merge with the independent listeners'
            *counted.sendable(*recorded, xp, counters),
        )
    except sa.exc.DBAPIError:
        if posting is not None:
            posting.refused()  # a refused debit is the answer, not what failed after it
        raise
    posted = posting.finish(db) if posting is not None else None
    counted.finish(db)
    change = progression.added(db, xp, game.key) if xp is not None else None
    for kind, params in settled.feed:
        feed.announce(db, kind, user.id, game=game.key, **params)
    account = ledger.user_account(user.id)
    wallet = (
        ledger.WalletSnapshot(posted.balance(account), posted.version(account))
        if posted is not None
        else ledger.snapshot_of(snapshot)  # type: ignore[arg-type]
    )
    if change is not None:
        level = change.level
    elif level is None:
        level = progression.level_of(db, user.id)
    return RoundResult(
        game=game.key,
        round_id=round_id,
        request=request,
        bet=settled.stake,
        payout=settled.payout,
        outcome=settled.outcome,
        balance=wallet.gold,
        balance_version=wallet.version,
        xp_gained=settled.xp,
        level=level,
        leveled_up=bool(change and change.leveled_up),
        server_seed_hash=seed.server_seed_hash,
        client_seed=seed.client_seed,
        nonce=seed.nonce,
        config_version=table.version,
        details=settled.details,
    )


def _actions(game: Game, user: AuthUser, settled: Settlement) -> list[actions.Action]:
    """What the round counts for progression: the round itself (with its multiplier when staked) and the game's
    own actions. Not its XP: a round's XP grows with the stake, and nothing may rank or reward gold wagered."""
    multiplier = settled.payout * 10_000 // settled.stake if settled.stake else None
    counted = [actions.Action(user.id, actions.Kind.ROUND_PLAYED, game=game.key, multiplier_bp=multiplier)]
    counted += [actions.Action(user.id, kind, game=game.key, count=n) for kind, n in settled.actions if n]
    return counted


def _posting(
    game: Game, user: AuthUser, settled: Settlement, key: str, reference: str, transfer_id: int
) -> ledger.Prepared | None:
    """The round's one ledger transfer: the stake to the house, each prize back; none when no gold moves."""
    account = ledger.user_account(user.id)
    legs = [ledger.Leg(account, game.house, settled.stake, game.stake_kind)] if settled.stake else []
    legs += [ledger.Leg(game.house, account, c.amount, c.kind) for c in settled.credits if c.amount]
    if not legs:
        return None
    prepared = ledger.prepare(key=key, kind=game.transfer_kind, legs=legs, reference=reference, transfer_id=transfer_id)
    assert prepared is not None  # every leg moves this player's wallet
    return prepared


def _replay(
    db: Any, game: Game, user: AuthUser, parsed: BaseModel, found: rounds.StoredRound, level: int, request_key: str
) -> RoundResult:
    if found.game != game.key or not game.same_request(found.request, parsed):
        raise IdempotencyConflict(details={"idempotency_key": request_key})
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
        level=level,
        leveled_up=False,
        server_seed_hash=found.server_seed_hash,
        client_seed=found.client_seed,
        nonce=found.nonce,
        config_version=found.config_version,
        details=game.replay_details(db, user, found.outcome),
        replayed=True,
    )
