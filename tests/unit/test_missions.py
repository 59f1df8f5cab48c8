"""Missions without a database: default data equals the migration's, KST periods, template rules, the listener."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from casino_app.services.actions import Action, Kind
from casino_app.services.missions import defaults, periods, progress, templates
from casino_app.services.missions.errors import MissionInvalid
from casino_app.settings import PROJECT_ROOT
from casino_app.state.missions import place_of, time_left

KST = ZoneInfo("Asia/Seoul")
MIGRATION = PROJECT_ROOT / "alembic" / "versions" / "20261128_0a1c7e5d9b02_missions.py"


def _migration():
    spec = importlib.util.spec_from_file_location("missions_migration", MIGRATION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_inserts_exactly_the_defaults() -> None:
    migration = _migration()
    rows = [dict(zip(migration.COLUMNS, row, strict=True)) for row in migration.DEFAULTS]
    assert rows == defaults.rows()


def test_every_default_passes_the_template_rules_and_counts_actions_only() -> None:
    for row in defaults.rows():
        values = {**row, "event_id": None, "is_active": True}
        if row["reward_item_key"] is None:  # items are checked against the live odds tables (integration)
            assert templates.validate(values)["key"] == row["key"]
        assert row["action"] in templates.ACTIONS
    assert len({row["key"] for row in defaults.rows()}) == len(defaults.DEFAULTS)


def test_onboarding_rewards_reach_a_gacha_pull_in_the_first_session() -> None:
    first_four = [m.reward_gold for m in defaults.DEFAULTS if m.cadence == "onboarding" and m.action != "gacha_pull"]
    start = 1_000 + 1_200  # starting gold and the first check-in (the live economy: test_missions_first_session)
    slot_stake = 100  # the smallest slot bet the onboarding spin risks
    assert len(first_four) == 4
    assert start + sum(first_four) - slot_stake >= 5_000
    assert max(m.reward_gold for m in defaults.DEFAULTS) <= templates.REWARD_GOLD_MAX


@pytest.mark.parametrize(
    ("at", "daily", "weekly"),
    [
        (datetime(2026, 11, 29, 23, 59, 59, tzinfo=KST), "D2026-11-29", "W2026-11-23"),  # Sunday night
        (datetime(2026, 11, 30, 0, 0, 0, tzinfo=KST), "D2026-11-30", "W2026-11-30"),  # Monday 00:00 KST
        (datetime(2026, 11, 29, 15, 0, 0, tzinfo=UTC), "D2026-11-30", "W2026-11-30"),  # the same instant in UTC
        (datetime(2026, 12, 31, 20, 0, 0, tzinfo=UTC), "D2027-01-01", "W2026-12-28"),
    ],
)
def test_periods_follow_kst(at: datetime, daily: str, weekly: str) -> None:
    now = periods.at(at)
    assert (now.daily, now.weekly) == (daily, weekly)
    assert now.key("onboarding") == "once"
    assert now.key("event", 7) == "E7"
    with pytest.raises(ValueError, match="no period"):
        now.key("event")


def test_resets_are_the_next_kst_midnight_and_monday() -> None:
    now = periods.at(datetime(2026, 11, 29, 23, 59, 59, tzinfo=KST))
    assert now.daily_ends_at == datetime(2026, 11, 30, tzinfo=KST)
    assert now.weekly_ends_at == datetime(2026, 11, 30, tzinfo=KST)
    monday = periods.at(datetime(2026, 11, 30, tzinfo=KST))
    assert monday.weekly_ends_at == datetime(2026, 12, 7, tzinfo=KST)
    left = time_left(monday.daily_ends_at, datetime(2026, 11, 30, 21, 30, tzinfo=KST))
    assert left["ko"].startswith("2시간 30분")
    assert left["en"].startswith("2h 30m")
    assert time_left(monday.weekly_ends_at, datetime(2026, 11, 30, tzinfo=KST))["en"].startswith("7d 0h")


def test_the_listener_sends_one_statement_per_countable_action() -> None:
    at = datetime(2026, 11, 30, 0, 0, 0, tzinfo=KST)
    (statement,) = progress.LISTENER.statements(Action(1, Kind.ROUND_PLAYED, game="slot", at=at))
    assert statement.params["daily"] == "D2026-11-30"
    assert statement.params["weekly"] == "W2026-11-30"
    assert (statement.params["action"], statement.params["game"], statement.params["count"]) == (
        "round_played",
        "slot",
        1,
    )
    assert progress.LISTENER.statements(Action(1, Kind.XP_EARNED, count=50, at=at)) == ()
    assert progress.LISTENER.statements(Action(1, Kind.LEVEL_REACHED, count=2, at=at)) == ()


VALID = {
    "key": "some_mission",
    "title_ko": "미션",
    "title_en": "Mission",
    "description_ko": "",
    "description_en": "",
    "cadence": "daily",
    "event_id": None,
    "action": "round_played",
    "game": "slot",
    "goal": 5,
    "reward_gold": 100,
    "reward_xp": 0,
    "reward_item_key": None,
    "reward_item_quantity": None,
    "sort": 0,
    "is_active": True,
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"key": "ab"}, "key"),
        ({"key": "1abc"}, "key"),
        ({"title_ko": ""}, "title_ko"),
        ({"title_en": "x" * 81}, "title_en"),
        ({"cadence": "hourly"}, "cadence"),
        ({"cadence": "event"}, "event_id"),
        ({"event_id": 3}, "event_id"),
        ({"action": "xp_earned"}, "action"),
        ({"game": "blackjack"}, "game"),
        ({"action": "follow"}, "game"),
        ({"goal": 0}, "goal"),
        ({"goal": True}, "goal"),
        ({"reward_gold": 100_001}, "reward_gold"),
        ({"reward_xp": -1}, "reward_xp"),
        ({"reward_item_quantity": 3}, "reward_item_quantity"),
        ({"sort": 10_001}, "sort"),
        ({"is_active": "yes"}, "is_active"),
    ],
)
def test_template_rules(change: dict, field: str) -> None:
    with pytest.raises(MissionInvalid) as refused:
        templates.validate({**VALID, **change})
    assert refused.value.details == {"field": field}


def test_a_valid_template_is_normalised() -> None:
    clean = templates.validate({**VALID, "title_ko": "  미션  ", "game": "", "reward_item_quantity": 0})
    assert (clean["title_ko"], clean["game"], clean["reward_item_quantity"]) == ("미션", None, None)
    assert set(clean) == set(templates.FIELDS)


def test_first_steps_link_to_where_they_are_done() -> None:
    assert place_of("round_played", "roulette") == "/games/roulette"
    assert place_of("round_verified", None) == "/fairness"
    assert place_of("mission_completed", None) == "/missions"
