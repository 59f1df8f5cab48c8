"""Battle pass: pass XP counts actions (never gold) inside the season's window; claims follow the rules, once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError
from casino_app.services import actions, daily, ledger
from casino_app.services.actions import Action, Kind
from casino_app.services.battlepass import claims, seasons
from casino_app.services.battlepass.admin import TierInput
from casino_app.services.battlepass.rewards import Reward
from casino_app.services.games import inventory, slot
from tests.support import battlepass as bp
from tests.support.accounts import new_player
from tests.support.wallets import player_with_gold


def _record(*items: Action) -> None:
    with session_scope() as db:
        actions.record(db, *items)


def _code(call, *args) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(AppError) as caught:
        call(*args)
    return caught.value.status, caught.value.error_code


# --- pass XP -----------------------------------------------------------------------------------


def test_rounds_check_ins_and_missions_add_the_seasons_amounts_and_nothing_else_counts() -> None:
    season = bp.season(xp_per_round=7, xp_per_checkin=40, xp_per_mission=25)
    user = new_player().user.id
    _record(Action(user, Kind.ROUND_PLAYED, game="slot", multiplier_bp=50_000))
    _record(Action(user, Kind.ROUND_PLAYED, game="gacha"))
    _record(Action(user, Kind.DAILY_CHECKIN))
    _record(Action(user, Kind.MISSION_COMPLETED, mission_id=3), Action(user, Kind.MISSION_COMPLETED, mission_id=4))
    assert bp.pass_xp(season.id, user) == 7 * 2 + 40 + 25 * 2
    _record(
        Action(user, Kind.XP_EARNED, count=900),
        Action(user, Kind.GACHA_PULL, count=10),
        Action(user, Kind.FOLLOW),
        Action(user, Kind.LEVEL_REACHED, count=5),
        Action(user, Kind.ROUND_VERIFIED),
    )
    assert bp.pass_xp(season.id, user) == 104


def test_the_stake_makes_no_difference_through_the_round_engine() -> None:
    season = bp.season(xp_per_round=10)
    small, big = player_with_gold(100_000), player_with_gold(100_000)
    for n in range(3):
        slot.spin(small, 100, f"small-{n}")
        slot.spin(big, 10_000, f"big-{n}")
    slot.spin(big, 10_000, "big-0")  # a replay plays nothing and counts nothing
    assert bp.pass_xp(season.id, small) == bp.pass_xp(season.id, big) == 30


def test_a_daily_check_in_earns_pass_xp_once() -> None:
    season = bp.season(xp_per_checkin=100)
    user = new_player().user.id
    daily.claim(user)
    with pytest.raises(AppError):
        daily.claim(user)
    assert bp.pass_xp(season.id, user) == 100


def test_no_pass_xp_outside_the_window_or_in_a_draft() -> None:
    now = clock.now()
    draft = bp.season(publish=False)
    later = bp.season(starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=10))
    user = new_player().user.id
    _record(Action(user, Kind.ROUND_PLAYED, game="slot"), Action(user, Kind.DAILY_CHECKIN))
    assert bp.pass_xp(draft.id, user) == bp.pass_xp(later.id, user) == 0
    with clock.use_clock(clock.FrozenClock(later.ends_at)):  # the end is outside the window
        _record(Action(user, Kind.ROUND_PLAYED, game="slot"))
    assert bp.pass_xp(later.id, user) == 0
    with clock.use_clock(clock.FrozenClock(later.starts_at)):
        _record(Action(user, Kind.ROUND_PLAYED, game="slot"))
    assert bp.pass_xp(later.id, user) == 10


def test_a_rolled_back_action_adds_no_pass_xp() -> None:
    season = bp.season()
    user = new_player().user.id

    def fails_after_counting() -> None:
        with session_scope() as db:
            actions.record(db, Action(user, Kind.DAILY_CHECKIN))
            raise RuntimeError("the action failed after counting")

    with pytest.raises(RuntimeError):
        fails_after_counting()
    assert bp.pass_xp(season.id, user) == 0


# --- claims ------------------------------------------------------------------------------------


def test_a_free_gold_reward_is_paid_once_through_the_ledger() -> None:
    season = bp.season()
    user = player_with_gold(0)
    bp.set_xp(season.id, user, 150)  # tiers 1 and 2
    first = claims.claim(user, bp.tier_id(season.id, 2))
    assert (first.kind, first.amount, first.balance) == ("gold", 200, 200)
    assert _code(claims.claim, user, bp.tier_id(season.id, 2)) == (409, "BATTLEPASS_ALREADY_CLAIMED")
    assert _code(claims.claim, user, bp.tier_id(season.id, 3)) == (409, "BATTLEPASS_TIER_LOCKED")
    assert ledger.balance_of(user) == 200
    assert ledger.reconcile().ok
    with session_scope() as db:
        legs = db.execute(
            sa.text(
                "SELECT a.code, e.amount FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id"
                " JOIN battlepass_claims c ON c.transfer_id = e.transfer_id WHERE c.user_id = :u ORDER BY e.amount"
            ),
            {"u": user},
        ).all()
    assert [tuple(r) for r in legs] == [("rewards:battlepass", -200), (f"user:{user}", 200)]


def test_premium_rewards_need_premium_and_tiers_without_a_reward_are_404() -> None:
    season = bp.season(tier_list=[TierInput(1, 0, Reward("gold", 10), Reward("gold", 99)), TierInput(2, 50)])
    user = player_with_gold(0)
    bp.set_xp(season.id, user, 60)
    assert _code(claims.claim, user, bp.tier_id(season.id, 1), "premium") == (409, "BATTLEPASS_PREMIUM_REQUIRED")
    assert _code(claims.claim, user, bp.tier_id(season.id, 2), "free") == (404, "BATTLEPASS_NO_REWARD")
    assert _code(claims.claim, user, 2**62) == (404, "BATTLEPASS_TIER_NOT_FOUND")
    assert _code(claims.claim, user, bp.tier_id(season.id, 1), "gold") == (404, "BATTLEPASS_NO_REWARD")
    assert ledger.balance_of(user) == 0


def test_xp_and_item_rewards() -> None:
    tiers = [TierInput(1, 0, Reward("xp", 120)), TierInput(2, 10, Reward("item", 2, "roulette_ticket"))]
    season = bp.season(tier_list=tiers)
    pair = new_player()
    user = pair.user.id
    bp.set_xp(season.id, user, 10)
    before = pair.user.xp
    xp = claims.claim(user, bp.tier_id(season.id, 1))
    assert xp.xp_total == before + 120
    claims.claim(user, bp.tier_id(season.id, 2))
    with session_scope() as db:
        assert inventory.quantity(db, user, "roulette_ticket") == 2


def test_a_draft_seasons_tier_is_not_found() -> None:
    season = bp.season(publish=False)
    user = new_player().user.id
    assert _code(claims.claim, user, bp.tier_id(season.id, 1)) == (404, "BATTLEPASS_TIER_NOT_FOUND")


def test_sixteen_concurrent_claims_pay_once() -> None:
    season = bp.season()
    user = player_with_gold(0)
    bp.set_xp(season.id, user, 400)
    tier = bp.tier_id(season.id, 5)

    def attempt(_: int) -> str:
        try:
            claims.claim(user, tier)
            return "ok"
        except AppError as exc:
            return exc.error_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(attempt, range(16)))
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "BATTLEPASS_ALREADY_CLAIMED"}
    assert ledger.balance_of(user) == 500
    assert bp.claims(user) == [(5, "free")]


def test_rewards_stay_claimable_for_the_grace_period_after_the_end() -> None:
    season = bp.season()
    user = player_with_gold(0)
    bp.set_xp(season.id, user, 100)
    with clock.use_clock(clock.FrozenClock(season.ends_at + timedelta(days=1))):
        view = seasons.status(user)
        assert view.season is not None
        assert (view.season.ended, view.season.seconds_left) == (True, 0)
        claims.claim(user, bp.tier_id(season.id, 1))
        _record(Action(user, Kind.ROUND_PLAYED, game="slot"))  # no pass XP once ended
    assert bp.pass_xp(season.id, user) == 100
    with clock.use_clock(clock.FrozenClock(season.ends_at + seasons.CLAIM_GRACE)):
        assert seasons.status(user).season is None
        assert _code(claims.claim, user, bp.tier_id(season.id, 2)) == (409, "BATTLEPASS_SEASON_CLOSED")
    assert ledger.balance_of(user) == 100


# --- status ------------------------------------------------------------------------------------


def test_status_without_a_season_is_empty_and_names_the_next_one() -> None:
    user = new_player().user.id
    empty = seasons.status(user)
    assert (empty.season, empty.upcoming, empty.tiers, empty.xp) == (None, None, [], 0)
    now = clock.now()
    later = bp.season(starts_at=now + timedelta(days=2))
    upcoming = seasons.status(user)
    assert upcoming.season is None
    assert upcoming.upcoming is not None
    assert upcoming.upcoming.starts_at == later.starts_at


def test_status_shows_tiers_with_both_tracks_and_their_states() -> None:
    season = bp.season()
    user = player_with_gold(0)
    bp.set_xp(season.id, user, 250)  # tiers 1-3 reached
    claims.claim(user, bp.tier_id(season.id, 1))
    view = seasons.status(user)
    assert view.season is not None
    assert view.season.key == season.key
    assert view.season.premium is not None
    assert view.season.premium.on_sale
    assert (view.xp, view.tier, view.next_tier_xp, view.premium) == (250, 3, 300, False)
    states = [(t.level, t.free.state, t.premium.state) for t in view.tiers if t.free and t.premium]
    assert states == [
        (1, "claimed", "premium"),
        (2, "claimable", "premium"),
        (3, "claimable", "premium"),
        (4, "locked", "locked"),
        (5, "locked", "locked"),
    ]
    assert view.claimable == 2
    assert 0 < view.season.seconds_left <= 29 * 86_400


def test_the_demo_season_is_seeded_once_with_its_premium_product() -> None:
    from casino_app.services.battlepass import demo
    from tests.support.accounts import new_staff

    new_staff("admin", site_id="bpdemoadmin")
    assert demo.seed_season("nobody_here") == "battlepass: no demo admin"
    first = demo.seed_season("bpdemoadmin")
    again = demo.seed_season("bpdemoadmin")
    assert "already published" in again
    user = new_player().user.id
    view = seasons.status(user)
    assert view.season is not None
    assert view.season.key in first
    assert len(view.tiers) == demo.TIERS
    assert view.season.premium is not None
    assert view.season.premium.on_sale
    assert [t.free.state for t in view.tiers[:2]] == ["claimable", "locked"]  # tier 1 needs no pass XP
    with session_scope() as db:
        seasons_made = db.execute(sa.text("SELECT count(*) FROM battlepass_seasons")).scalar_one()
    assert seasons_made == 1
