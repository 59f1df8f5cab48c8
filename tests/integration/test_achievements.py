"""Achievements: unlocked in the action's own transaction, exactly once, paid through the ledger."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.achievements import Achievement
from casino_app.services import actions, ledger, progression
from casino_app.services.achievements import defaults, definitions, rewards
from casino_app.services.actions import Action, Kind
from tests.support.wallets import player_with_gold


@pytest.fixture(autouse=True)
def _defaults() -> None:
    with session_scope() as db:
        defaults.install(db)
    definitions.forget()


def define(key: str, requirements: dict[str, Any], *, gold: int = 50, xp: int = 0, active: bool = True) -> int:
    """Add an achievement definition (as an operator's data would) and drop the cache."""
    with session_scope() as db:
        row = Achievement(
            key=key,
            name_ko=key,
            name_en=key,
            badge="verifier",
            color="cyan",
            requirements=requirements,
            reward_gold=gold,
            reward_xp=xp,
            is_active=active,
            sort=1000,
            created_at=clock.now(),
        )
        db.add(row)
        db.flush()
        assert row.id is not None
        definitions.forget()
        return row.id


def record(user_id: int, kind: Kind, game: str | None = None, count: int = 1) -> None:
    with session_scope() as db:
        actions.record(db, Action(user_id, kind, game=game, count=count))


def unlocked(user_id: int) -> dict[str, int | None]:
    """Key → reward transfer id of every achievement the player unlocked."""
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT a.key, u.reward_transfer_id FROM user_achievements u"
                " JOIN achievements a ON a.id = u.achievement_id WHERE u.user_id = :u"
            ),
            {"u": user_id},
        ).all()
    return {row.key: row.reward_transfer_id for row in rows}


def reward_transfers(user_id: int) -> int:
    with session_scope() as db:
        return int(
            db.execute(
                sa.text("SELECT count(*) FROM ledger_transfers WHERE kind = :k AND idempotency_key LIKE :p"),
                {"k": rewards.TRANSFER_KIND, "p": f"achievement:{user_id}:%"},
            ).scalar_one()
        )


def notifications_of(user_id: int) -> list[dict[str, Any]]:
    with session_scope() as db:
        rows = db.execute(
            sa.text("SELECT params FROM notifications WHERE user_id = :u AND kind = 'achievement_unlocked'"),
            {"u": user_id},
        ).all()
    return [dict(row.params) for row in rows]


def xp_of(user_id: int) -> int:
    with session_scope() as db:
        return int(db.execute(sa.text("SELECT xp FROM users WHERE id = :u"), {"u": user_id}).scalar_one())


def test_an_action_unlocks_pays_gold_and_xp_links_the_transfer_and_notifies() -> None:
    user = player_with_gold(0)
    record(user, Kind.FOLLOW)
    got = unlocked(user)
    assert set(got) == {"first_follow"}
    assert got["first_follow"] is not None  # the gold transfer is linked to the unlock
    assert ledger.balance_of(user) == 100
    assert xp_of(user) == 20
    (note,) = notifications_of(user)
    assert note["key"] == "first_follow"
    assert (note["gold"], note["xp"], note["name_ko"]) == (100, 20, "첫 친구")
    record(user, Kind.FOLLOW)  # a second follow unlocks and pays nothing more
    assert ledger.balance_of(user) == 100
    assert reward_transfers(user) == 1
    assert ledger.reconcile().ok


def test_a_rolled_back_action_unlocks_nothing() -> None:
    user = player_with_gold(0)
    seen_inside: list[str] = []

    def failing_action() -> None:
        with session_scope() as db:
            actions.record(db, Action(user, Kind.FOLLOW))
            seen_inside.extend(_keys_in(db, user))
            raise RuntimeError("the action fails after counting")

    with pytest.raises(RuntimeError):
        failing_action()
    assert seen_inside == ["first_follow"]  # unlocked inside the transaction...
    assert unlocked(user) == {}  # ...and gone with it
    assert ledger.balance_of(user) == 0
    assert reward_transfers(user) == 0
    assert notifications_of(user) == []


def _keys_in(db: Any, user_id: int) -> list[str]:
    return list(
        db.execute(
            sa.text(
                "SELECT a.key FROM user_achievements u JOIN achievements a ON a.id = u.achievement_id"
                " WHERE u.user_id = :u"
            ),
            {"u": user_id},
        ).scalars()
    )


def test_twenty_concurrent_actions_crossing_the_threshold_unlock_once_and_pay_once() -> None:
    define("follow_10", {"count": {"action": "follow", "game": None, "at_least": 10}}, gold=77)
    user = player_with_gold(0)
    for _ in range(5):
        record(user, Kind.FOLLOW)
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda _: record(user, Kind.FOLLOW), range(20)))
    got = unlocked(user)
    assert set(got) == {"first_follow", "follow_10"}
    assert reward_transfers(user) == 2
    assert ledger.balance_of(user) == 100 + 77
    assert len(notifications_of(user)) == 2
    assert ledger.reconcile().ok


def test_concurrent_first_actions_unlock_once() -> None:
    user = player_with_gold(0)
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda _: record(user, Kind.ROUND_VERIFIED, game="slot"), range(20)))
    assert set(unlocked(user)) == {"verifier"}
    assert ledger.balance_of(user) == 200
    assert reward_transfers(user) == 1


def test_game_counts_and_any_game_sums() -> None:
    define("slot_3", {"count": {"action": "round_played", "game": "slot", "at_least": 3}})
    define("any_4", {"count": {"action": "round_played", "game": None, "at_least": 4}})
    user = player_with_gold(0)
    record(user, Kind.ROUND_PLAYED, game="rps")
    record(user, Kind.ROUND_PLAYED, game="rps")
    record(user, Kind.ROUND_PLAYED, game="slot")
    assert set(unlocked(user)) == {"first_rps", "first_slot"}
    record(user, Kind.ROUND_PLAYED, game="slot")  # 2 slot, 4 in all
    assert set(unlocked(user)) == {"first_rps", "first_slot", "any_4"}
    record(user, Kind.ROUND_PLAYED, game="rps")  # rps rounds never count toward the slot goal
    assert "slot_3" not in unlocked(user)
    record(user, Kind.ROUND_PLAYED, game="slot")
    assert "slot_3" in unlocked(user)


def test_all_of_several_goals_and_counts_of_many() -> None:
    define(
        "social_gambler_free",
        {
            "all": [
                {"count": {"action": "follow", "game": None, "at_least": 2}},
                {"count": {"action": "gacha_pull", "game": None, "at_least": 10}},
            ]
        },
    )
    user = player_with_gold(0)
    record(user, Kind.GACHA_PULL, game="gacha", count=10)  # one 10-pull counts ten
    assert "social_gambler_free" not in unlocked(user)
    record(user, Kind.FOLLOW)
    assert "social_gambler_free" not in unlocked(user)
    record(user, Kind.FOLLOW)
    assert "social_gambler_free" in unlocked(user)


def test_levels_unlock_through_xp_and_a_reward_level_up_chains() -> None:
    define("level_3", {"level": {"at_least": 3}}, gold=10, xp=500)  # its XP reaches level 4 …
    define("level_4", {"level": {"at_least": 4}}, gold=10)  # … which unlocks this one in turn
    user = player_with_gold(0)
    with session_scope() as db:
        progression.add_xp(db, user, 999, "test")  # level 2
    assert unlocked(user) == {}
    with session_scope() as db:
        progression.add_xp(db, user, 1, "test")  # level 3
    assert set(unlocked(user)) == {"level_3", "level_4"}
    assert xp_of(user) == 1500
    assert ledger.balance_of(user) == 20


def test_a_seven_day_streak_unlocks_on_the_seventh_check_in() -> None:
    from casino_app.services import daily

    user = player_with_gold(0)
    frozen = clock.FrozenClock(datetime(2026, 3, 9, 3, 0, tzinfo=UTC))
    with clock.use_clock(frozen):
        for day in range(1, 8):
            daily.claim(user)
            assert ("streak_7" in unlocked(user)) == (day == 7)
            frozen.advance(timedelta(days=1))


def test_a_slot_round_through_the_engine_unlocks_first_slot_in_its_transaction() -> None:
    from casino_app.services.games import slot

    user = player_with_gold(10_000)
    slot.spin(user, 100, "ach-first")
    assert "first_slot" in unlocked(user)
    slot.spin(user, 100, "ach-first")  # a replay counts nothing
    slot.spin(user, 100, "ach-second")
    assert reward_transfers(user) == 1
    with session_scope() as db:
        total = db.execute(
            sa.text("SELECT total FROM player_action_counts WHERE user_id = :u AND action = 'round_played'"),
            {"u": user},
        ).scalar_one()
    assert total == 2


def test_inactive_and_invalid_definitions_never_unlock() -> None:
    define("off", {"count": {"action": "follow", "game": None, "at_least": 1}}, active=False)
    define("broken", {"count": {"action": "gold_won", "game": None, "at_least": 1}})
    define("too_rich", {"count": {"action": "follow", "game": None, "at_least": 1}}, gold=10**9)
    user = player_with_gold(0)
    record(user, Kind.FOLLOW)
    assert set(unlocked(user)) == {"first_follow"}


def test_a_deactivated_definition_stops_unlocking_even_while_cached() -> None:
    user = player_with_gold(0)
    definitions.active()  # cached with first_follow active
    with session_scope() as db:
        db.execute(sa.text("UPDATE achievements SET is_active = false WHERE key = 'first_follow'"))
    record(user, Kind.FOLLOW)
    assert unlocked(user) == {}


def test_no_statement_for_actions_that_move_no_achievement() -> None:
    from casino_app.services.achievements.evaluate import LISTENER

    assert LISTENER.statements(Action(1, Kind.XP_EARNED, count=5)) == ()
    (slot_round,) = LISTENER.statements(Action(1, Kind.ROUND_PLAYED, game="slot"))
    keys = {d.key for d in definitions.active().affected_by(Kind.ROUND_PLAYED, "slot")}
    assert keys == {"first_slot", "rounds_100", "rounds_1000"}
    assert slot_round.text.count("WHEN") == 3


def test_verifying_an_own_round_unlocks_the_verifier_once() -> None:
    from casino_app.services.games import slot, verified

    user = player_with_gold(10_000)
    slot.spin(user, 100, "ach-verify")
    with session_scope() as db:
        row = db.execute(
            sa.text("SELECT server_seed_hash, client_seed, nonce FROM game_rounds WHERE user_id = :u"), {"u": user}
        ).one()
    assert verified.mark(user, "slot", row.server_seed_hash, row.client_seed, row.nonce)
    assert not verified.mark(user, "slot", row.server_seed_hash, row.client_seed, row.nonce)  # counted once
    assert set(unlocked(user)) == {"first_slot", "verifier"}
    assert reward_transfers(user) == 2


def test_twenty_concurrent_rounds_through_the_engine_unlock_once() -> None:
    from casino_app.services.games import slot

    define("slot_10", {"count": {"action": "round_played", "game": "slot", "at_least": 10}}, gold=33)
    user = player_with_gold(100_000)
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(lambda i: slot.spin(user, 100, f"ach-c{i}"), range(20)))
    assert set(unlocked(user)) == {"first_slot", "slot_10"}
    assert reward_transfers(user) == 2
    assert ledger.reconcile().ok
