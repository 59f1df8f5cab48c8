"""The achievements a fresh install starts with (product content).

The migration ``0a1c7e5d9b03`` inserts exactly these rows (a test checks that the
two agree); ``install`` puts them into a database that lacks them (tests empty
every table). Rewards are modest and every goal counts actions, levels or
check-in days — never gold won, wagered or lost.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.models.achievements import Achievement


def _count(action: str, at_least: int, game: str | None = None) -> dict[str, Any]:
    return {"count": {"action": action, "game": game, "at_least": at_least}}


def _row(
    sort: int,
    key: str,
    names: tuple[str, str],
    descriptions: tuple[str, str],
    color: str,
    requirements: dict[str, Any],
    gold: int,
    xp: int,
) -> dict[str, Any]:
    return {
        "key": key,
        "name_ko": names[0],
        "name_en": names[1],
        "description_ko": descriptions[0],
        "description_en": descriptions[1],
        "badge": key.replace("_", "-"),
        "color": color,
        "requirements": requirements,
        "reward_gold": gold,
        "reward_xp": xp,
        "sort": sort,
    }


DEFAULTS: tuple[dict[str, Any], ...] = (
    _row(
        10,
        "first_slot",
        ("첫 스핀", "First spin"),
        ("슬롯을 처음으로 플레이했어요.", "Played the slot for the first time."),
        "pink",
        _count("round_played", 1, "slot"),
        100,
        20,
    ),
    _row(
        20,
        "first_gacha",
        ("첫 뽑기", "First pull"),
        ("가챠를 처음으로 뽑았어요.", "Pulled the gacha for the first time."),
        "violet",
        _count("round_played", 1, "gacha"),
        100,
        20,
    ),
    _row(
        30,
        "first_rps",
        ("가위바위보 데뷔", "Rock-paper-scissors debut"),
        ("가위바위보를 처음으로 플레이했어요.", "Played rock-paper-scissors for the first time."),
        "cyan",
        _count("round_played", 1, "rps"),
        100,
        20,
    ),
    _row(
        40,
        "first_roulette",
        ("첫 룰렛", "First roulette"),
        ("룰렛을 처음으로 돌렸어요.", "Spun the roulette for the first time."),
        "gold",
        _count("round_played", 1, "roulette"),
        100,
        20,
    ),
    _row(
        50,
        "rounds_100",
        ("단골손님", "Regular"),
        ("모든 게임을 합쳐 100판을 플레이했어요.", "Played 100 rounds across all games."),
        "cyan",
        _count("round_played", 100),
        300,
        100,
    ),
    _row(
        60,
        "rounds_1000",
        ("베테랑", "Veteran"),
        ("모든 게임을 합쳐 1,000판을 플레이했어요.", "Played 1,000 rounds across all games."),
        "gold",
        _count("round_played", 1000),
        1000,
        300,
    ),
    _row(
        70,
        "verifier",
        ("검증자", "Verifier"),
        ("내 라운드의 공정성을 직접 검증했어요.", "Verified the fairness of one of your rounds yourself."),
        "success",
        _count("round_verified", 1),
        200,
        50,
    ),
    _row(
        80,
        "streak_7",
        ("일주일 개근", "Perfect week"),
        ("7일 연속으로 출석했어요.", "Checked in 7 days in a row."),
        "pink",
        {"streak": {"at_least": 7}},
        500,
        100,
    ),
    _row(
        90,
        "checkin_30",
        ("출석왕", "Check-in champion"),
        ("누적 30일 출석했어요.", "Checked in on 30 days in total."),
        "violet",
        _count("daily_checkin", 30),
        700,
        150,
    ),
    _row(
        100,
        "level_5",
        ("레벨 5", "Level 5"),
        ("레벨 5에 도달했어요.", "Reached level 5."),
        "cyan",
        {"level": {"at_least": 5}},
        200,
        0,
    ),
    _row(
        110,
        "level_10",
        ("레벨 10", "Level 10"),
        ("레벨 10에 도달했어요.", "Reached level 10."),
        "violet",
        {"level": {"at_least": 10}},
        500,
        0,
    ),
    _row(
        120,
        "level_20",
        ("레벨 20", "Level 20"),
        ("레벨 20에 도달했어요.", "Reached level 20."),
        "gold",
        {"level": {"at_least": 20}},
        1000,
        0,
    ),
    _row(
        130,
        "missions_10",
        ("임무 수행자", "Mission runner"),
        ("미션을 10개 완료했어요.", "Completed 10 missions."),
        "success",
        _count("mission_completed", 10),
        500,
        100,
    ),
    _row(
        140,
        "first_follow",
        ("첫 친구", "First friend"),
        ("다른 플레이어를 처음으로 팔로우했어요.", "Followed another player for the first time."),
        "pink",
        _count("follow", 1),
        100,
        20,
    ),
    _row(
        150,
        "profile_completed",
        ("나를 소개해요", "All about me"),
        ("프로필을 모두 채웠어요.", "Completed your profile."),
        "cyan",
        _count("profile_completed", 1),
        100,
        20,
    ),
)


def install(db: Session) -> int:
    """Insert every default achievement whose key is missing (existing rows are left as they are)."""
    rows = [{**row, "is_active": True, "created_at": clock.now()} for row in DEFAULTS]
    result = db.execute(
        insert(Achievement.__table__)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(sa.text("1"))
    )
    return len(result.all())
