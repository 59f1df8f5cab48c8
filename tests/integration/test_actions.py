"""The action vocabulary's emitters: what rounds, check-ins, verifications and profiles count, once each.

The counts table (``player_action_counts``) is the first listener; these tests read it to check that each
domain service counts its action in its own transaction, that replays and refusals count nothing, and
that gold never becomes a count.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.services import actions, daily
from casino_app.services.accounts import users
from casino_app.services.fairness import rng, seeds
from casino_app.services.games import gacha, slot, verified
from casino_app.services.ledger import InsufficientFunds
from tests.support.accounts import new_player
from tests.support.wallets import fund, player_with_gold


def _counts(user_id: int) -> dict[tuple[str, str], int]:
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT action, game, total FROM player_action_counts WHERE user_id = :u"), {"u": user_id}
        )
        return {(action, game): int(total) for action, game, total in rows}


def test_a_round_counts_once_and_a_replay_counts_nothing() -> None:
    user = player_with_gold(10_000)
    slot.spin(user, 100, "key-1")
    slot.spin(user, 100, "key-1")  # a retry of the same request
    slot.spin(user, 100, "key-2")
    assert _counts(user)[("round_played", "slot")] == 2


def test_a_refused_stake_counts_nothing() -> None:
    user = player_with_gold(50)
    with pytest.raises(InsufficientFunds):
        slot.spin(user, 100, "too-much")
    assert _counts(user) == {}


def test_a_ten_pull_is_one_round_and_ten_pulls() -> None:
    pair = new_player()
    fund(pair.user.id, 100_000)
    gacha.pull(pair.user, 10, "ten")
    gacha.pull(pair.user, 1, "one")
    counts = _counts(pair.user.id)
    assert counts[("round_played", "gacha")] == 2
    assert counts[("gacha_pull", "gacha")] == 11


def test_fifty_concurrent_rounds_count_exactly_fifty() -> None:
    user = player_with_gold(100_000)
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda n: slot.spin(user, 100, f"c-{n}"), range(50)))
    assert _counts(user)[("round_played", "slot")] == 50


def test_daily_check_in_counts_and_xp_is_not_a_count() -> None:
    user = player_with_gold(0)
    daily.claim(user)
    counts = _counts(user)
    assert counts == {("daily_checkin", ""): 1}  # XP earned and gold are signals, never countable goals


def test_verifying_an_own_round_counts_once_and_someone_elses_never() -> None:
    user = player_with_gold(10_000)
    spun = slot.spin(user, 100, "to-verify")
    revealed = seeds.rotate(user)
    seed_hex = revealed.revealed_server_seed
    stranger = player_with_gold(0)
    with session_scope() as db:
        client_seed, nonce, seed_hash = db.execute(
            sa.text("SELECT client_seed, nonce, server_seed_hash FROM game_rounds WHERE id = :id"),
            {"id": spun.round_id},
        ).one()
    assert rng.seed_hash(bytes.fromhex(seed_hex)) == seed_hash  # what the verify route hashes the given seed to
    assert not verified.mark(stranger, "slot", seed_hash, client_seed, nonce)
    assert verified.mark(user, "slot", seed_hash, client_seed, nonce)
    assert not verified.mark(user, "slot", seed_hash, client_seed, nonce)
    assert _counts(user)[("round_verified", "slot")] == 1
    assert _counts(stranger) == {}


def test_choosing_an_avatar_completes_the_profile_once() -> None:
    pair = new_player()
    users.update_profile(pair.user.id, nickname="새이름")
    assert ("profile_completed", "") not in _counts(pair.user.id)
    users.update_profile(pair.user.id, avatar="neon-dog")
    users.update_profile(pair.user.id, avatar="neon-cat")
    assert _counts(pair.user.id)[("profile_completed", "")] == 1


def test_an_action_rolled_back_with_its_transaction_counts_nothing() -> None:
    user = player_with_gold(0)

    def failing_action() -> None:
        with session_scope() as db:
            actions.record(db, actions.Action(user, actions.Kind.FOLLOW))
            raise RuntimeError("the business action failed after counting")

    with pytest.raises(RuntimeError):
        failing_action()
    assert _counts(user) == {}


def test_an_action_counts_at_least_one() -> None:
    with pytest.raises(ValueError):
        actions.Action(1, actions.Kind.GACHA_PULL, count=0)
