"""Achievement requirements (schema, goals, SQL translation, progress), the default set and its badge art."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

import pytest

from casino_app.components.theme import PALETTE
from casino_app.services.achievements import requirements as req
from casino_app.services.achievements.defaults import DEFAULTS
from casino_app.services.achievements.requirements import Goal, Measure
from casino_app.services.actions import Kind
from casino_app.settings import PROJECT_ROOT

BADGES = PROJECT_ROOT / "assets" / "badges"


@pytest.mark.parametrize(
    "data",
    [
        {"count": {"action": "round_played", "game": "slot", "at_least": 1}},
        {"count": {"action": "round_played", "game": None, "at_least": 100}},
        {"count": {"action": "gacha_pull", "at_least": 10}},
        {"level": {"at_least": 10}},
        {"streak": {"at_least": 7}},
        {"all": [{"level": {"at_least": 3}}, {"all": [{"count": {"action": "follow", "at_least": 2}}]}]},
    ],
)
def test_valid_requirements_parse_and_round_trip(data: dict[str, Any]) -> None:
    parsed = req.parse(data)
    assert req.parse(req.dump(parsed)) == parsed


@pytest.mark.parametrize(
    "data",
    [
        {"count": {"action": "gold_won", "at_least": 1}},  # gold is never a goal
        {"count": {"action": "xp_earned", "at_least": 100}},  # an internal signal, not countable
        {"count": {"action": "level_reached", "at_least": 1}},
        {"count": {"action": "round_played", "at_least": 0}},
        {"count": {"action": "round_played", "at_least": -3}},
        {"count": {"action": "round_played", "at_least": "5"}},
        {"count": {"action": "round_played", "at_least": True}},
        {"count": {"action": "round_played", "at_least": 1.5}},
        {"count": {"action": "round_played", "at_least": 10**10}},
        {"count": {"action": "round_played", "game": "Slot!", "at_least": 1}},
        {"count": {"action": "round_played", "at_least": 1, "wagered": 1000}},
        {"level": {"at_least": 5}, "streak": {"at_least": 2}},
        {"all": []},
        {"all": [{"level": {"at_least": 2}}] * 9},
        {"gold": {"at_least": 1}},
        {},
        [],
        None,
        "level",
    ],
)
def test_invalid_requirements_are_refused(data: Any) -> None:
    with pytest.raises(req.RequirementInvalid):
        req.parse(data)


def test_goals_flatten_nested_all() -> None:
    parsed = req.parse(
        {
            "all": [
                {"count": {"action": "round_played", "game": "rps", "at_least": 5}},
                {"all": [{"level": {"at_least": 4}}, {"streak": {"at_least": 3}}]},
            ]
        }
    )
    assert req.goals(parsed) == (
        Goal(Measure("count", "round_played", "rps"), 5),
        Goal(Measure("level"), 4),
        Goal(Measure("streak"), 3),
    )


def test_measures_move_only_with_their_action_and_game() -> None:
    slot_rounds = Measure("count", "round_played", "slot")
    any_rounds = Measure("count", "round_played", None)
    assert slot_rounds.moves_with(Kind.ROUND_PLAYED, "slot")
    assert not slot_rounds.moves_with(Kind.ROUND_PLAYED, "rps")
    assert not slot_rounds.moves_with(Kind.GACHA_PULL, "slot")
    assert any_rounds.moves_with(Kind.ROUND_PLAYED, "rps")
    assert Measure("level").moves_with(Kind.LEVEL_REACHED, None)
    assert not Measure("level").moves_with(Kind.XP_EARNED, None)
    assert Measure("streak").moves_with(Kind.DAILY_CHECKIN, None)


def test_condition_sql_binds_every_value() -> None:
    parsed = req.parse(
        {
            "all": [
                {"count": {"action": "round_played", "game": "slot", "at_least": 5}},
                {"count": {"action": "follow", "at_least": 2}},
                {"level": {"at_least": 4}},
            ]
        }
    )
    params: dict[str, Any] = {}
    sql = req.condition_sql(parsed, params, "r0")
    placeholders = set(re.findall(r"%\((\w+)\)s", sql))
    assert placeholders - {"user_id"} == set(params)
    assert params["r0_0_game"] == "slot"
    assert params["r0_0_target"] == 5
    assert params["r0_1_action"] == "follow"
    assert "r0_1_game" not in params
    assert "SUM(total)" in sql
    assert "FROM users" in sql
    assert "slot" not in sql
    assert "follow" not in sql


def test_progress_counts_each_goal_up_to_its_target() -> None:
    single = req.parse({"count": {"action": "round_played", "at_least": 100}})
    assert req.progress(single, {Measure("count", "round_played"): 37}) == (37, 100)
    assert req.progress(single, {Measure("count", "round_played"): 250}) == (100, 100)
    assert req.progress(single, {}) == (0, 100)
    both = req.parse({"all": [{"level": {"at_least": 5}}, {"streak": {"at_least": 7}}]})
    assert req.progress(both, {Measure("level"): 9, Measure("streak"): 2}) == (5 + 2, 12)


def test_defaults_are_valid_unique_and_modest() -> None:
    keys = [row["key"] for row in DEFAULTS]
    assert len(keys) == len(set(keys))
    assert 12 <= len(keys) <= 16
    assert len({row["badge"] for row in DEFAULTS}) == len(keys)
    assert [row["sort"] for row in DEFAULTS] == sorted(row["sort"] for row in DEFAULTS)
    for row in DEFAULTS:
        req.parse(row["requirements"])
        assert 100 <= row["reward_gold"] <= 1000, row["key"]
        assert 0 <= row["reward_xp"] <= 300, row["key"]
        assert re.search(r"[\uac00-\ud7a3]", row["name_ko"]), row["key"]
        assert row["color"] in PALETTE


def test_every_default_game_is_a_registered_game() -> None:
    from casino_app.services.games import registry

    games = {g.measure.game for row in DEFAULTS for g in req.goals(req.parse(row["requirements"])) if g.measure.game}
    assert games == {"slot", "gacha", "rps", "roulette"}
    assert games <= set(registry.keys())


def test_every_badge_is_an_svg_in_its_colour() -> None:
    for row in DEFAULTS:
        path = BADGES / f"{row['badge']}.svg"
        assert path.exists(), path
        root = ET.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox") == "0 0 96 96"
        text = path.read_text(encoding="utf-8")
        assert PALETTE[row["color"]] in text, row["key"]
        assert "http" not in text.replace("http://www.w3.org/2000/svg", "")  # nothing loaded from elsewhere


def test_profile_tiles_show_progress_and_dates_in_kst() -> None:
    from casino_app.services.achievements.views import AchievementView, OwnAchievements
    from casino_app.state.achievements import tiles

    done = AchievementView(
        "first_slot", "첫 스핀", "First spin", "", "", "first-slot", "pink", True,
        datetime(2026, 3, 9, 16, 0, tzinfo=UTC), 1, 1, 100, 20,
    )  # fmt: skip
    locked = AchievementView(
        "rounds_1000", "베테랑", "Veteran", "", "", "rounds-1000", "gold", False, None, 640, 1000, 1000, 300
    )
    first, second = tiles(OwnAchievements(1, [done, locked]))
    assert (first["unlocked"], first["achieved_at"], first["percent"]) == ("1", "2026-03-10", "100")
    assert first["src"] == "/badges/first-slot.svg"
    assert first["color"] == "var(--cc-pink)"
    assert (second["unlocked"], second["current"], second["target"], second["percent"]) == ("", "640", "1,000", "64")


def test_public_badges_carry_no_progress_or_reward() -> None:
    from casino_app.services.achievements.views import BadgeView
    from casino_app.state.achievements import badge_items

    (item,) = badge_items(
        [BadgeView("verifier", "검증자", "Verifier", "verifier", "success", datetime(2026, 3, 9, 15, 0, tzinfo=UTC))]
    )
    assert item == {
        "key": "verifier",
        "name_ko": "검증자",
        "name_en": "Verifier",
        "src": "/badges/verifier.svg",
        "color": "var(--cc-success)",
        "achieved_at": "2026-03-10",
    }
