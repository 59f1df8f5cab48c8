"""The battle pass screens' view-model helpers: the console's tier text, and the player's track rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from casino_app.core.errors import AppError
from casino_app.models.battlepass import BattlePassTier
from casino_app.services.battlepass import seasons
from casino_app.services.battlepass.admin import TierInput, validate_tiers
from casino_app.services.battlepass.rewards import Reward
from casino_app.state.admin_battlepass import format_tiers, parse_tiers
from casino_app.state.battlepass import progress_percent, season_fields, tier_rows


def _error(text: str) -> dict:
    with pytest.raises(AppError) as caught:
        parse_tiers(text)
    assert caught.value.error_code == "BATTLEPASS_SEASON_INVALID"
    return caught.value.details


def test_tier_text_parses_numbers_by_line_and_round_trips() -> None:
    text = "0, gold:100, -\n\n500, xp:50, item:roulette_ticket:2\n1_000,,gold:2000\n"
    tiers = parse_tiers(text)
    assert tiers == [
        TierInput(1, 0, Reward("gold", 100), None),
        TierInput(2, 500, Reward("xp", 50), Reward("item", 2, "roulette_ticket")),
        TierInput(3, 1_000, None, Reward("gold", 2_000)),
    ]
    rows = [
        BattlePassTier(
            season_id=1,
            level=t.level,
            xp_required=t.xp_required,
            **{
                f"{track}_{k}": getattr(getattr(t, track), k, None)
                for track in ("free", "premium")
                for k in ("kind", "item", "amount")
            },
        )
        for t in tiers
    ]
    assert parse_tiers(format_tiers(rows)) == tiers


@pytest.mark.parametrize(
    ("text", "field", "level"),
    [
        ("abc, gold:1", "xp_required", 1),
        ("0, gold:1\n10, gold:1, xp:1, xp:2", "xp_required", 2),
        ("0, silver:5", "free", 1),
        ("0, gold:0", "free", 1),
        ("0, gold:-5", "free", 1),
        ("0, -, item:roulette_ticket", "premium", 1),
        ("0, -, gold:1:2", "premium", 1),
    ],
)
def test_malformed_tier_text_names_the_field_and_the_line(text: str, field: str, level: int) -> None:
    assert _error(text) == {"field": field, "level": level}


def test_the_service_rules_rising_xp_and_levels_from_one() -> None:
    with pytest.raises(AppError) as caught:
        validate_tiers([TierInput(1, 100), TierInput(2, 100)])
    assert caught.value.details == {"field": "xp_required", "level": 2}
    with pytest.raises(AppError) as caught:
        validate_tiers([TierInput(2, 0)])
    assert caught.value.details == {"field": "level", "level": 1}
    with pytest.raises(AppError):
        validate_tiers([TierInput(1, 0, Reward("gold", 10**12))])


def _status(xp: int, premium: bool) -> seasons.PassStatus:
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    season = seasons.SeasonView(
        id=1,
        key="s1",
        name_ko="겨울",
        name_en="Winter",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=2, hours=5, minutes=30),
        claim_until=now + timedelta(days=9),
        ended=False,
        seconds_left=int(timedelta(days=2, hours=5, minutes=30).total_seconds()),
        xp_per_round=10,
        xp_per_checkin=100,
        xp_per_mission=50,
        premium=None,
    )

    def reward(state: str) -> seasons.TrackReward:
        return seasons.TrackReward("gold", 1_000, None, None, None, state)

    tiers = [
        seasons.TierView(1, 1, 0, True, reward("claimed"), reward("claimable" if premium else "premium")),
        seasons.TierView(2, 2, 100, xp >= 100, reward("claimable"), None),
        seasons.TierView(3, 3, 300, xp >= 300, reward("locked"), reward("locked")),
    ]
    return seasons.PassStatus(season, None, xp, 2, 300, premium, 2, tiers)


def test_track_rows_and_header_are_display_strings() -> None:
    view = _status(150, premium=False)
    rows = tier_rows(view)
    assert [r["free_state"] for r in rows] == ["claimed", "claimable", "locked"]
    assert [r["premium_state"] for r in rows] == ["premium", "", "locked"]
    assert rows[0]["free_amount"] == "1,000"
    assert rows[1]["current"] == "1"
    fields = season_fields(view)
    assert (fields["days"], fields["hours"]) == ("2", "5")
    assert fields["starts"] == "2026-11-30 12:00"  # KST
    assert progress_percent(view) == 25  # 50 of the 200 XP from tier 2 to tier 3


def test_the_previous_seasons_claimable_tiers_get_their_own_rows_and_ids() -> None:
    from casino_app.state.battlepass import previous_fields, previous_rows

    view = _status(150, premium=False)
    assert (previous_fields(view), previous_rows(view)) == ({}, [])
    prev_season = replace(view.season, key="s0", name_ko="가을", ended=True, seconds_left=0)
    claimable = [t for t in view.tiers if t.level == 2]
    view = replace(view, previous=seasons.PreviousSeason(prev_season, 1, claimable))
    rows = previous_rows(view)
    assert [(r["level"], r["free_state"], r["prefix"], r["current"]) for r in rows] == [("2", "claimable", "prev-", "")]
    assert all(r["prefix"] == "" for r in tier_rows(view))  # the live track keeps its element ids
    fields = previous_fields(view)
    assert (fields["name_ko"], fields["claim_until"], fields["claimable"]) == ("가을", "2026-12-10 12:00", "1")
