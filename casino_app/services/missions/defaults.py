"""The missions every install starts with (product content; the migration inserts the same rows).

Onboarding rewards are sized so a new player (1,000 starting gold plus the first
1,200-gold check-in) can afford a 5,000-gold gacha pull within a first session:
the first four pay 3,000 together, more than any slot stake they risk. Goals count
actions only, never gold; weekly goals stay small. ``install`` puts back any
default that is missing (a wiped test database, a fresh install that skipped data).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.dialects.postgresql import insert
from sqlmodel import Session

from casino_app.core import clock
from casino_app.models.missions import MissionTemplate


@dataclass(frozen=True)
class DefaultMission:
    """One default template (a row of ``mission_templates`` without its id and times)."""

    key: str
    cadence: str
    action: str
    game: str | None
    goal: int
    reward_gold: int
    reward_xp: int
    reward_item_key: str | None
    reward_item_quantity: int | None
    sort: int
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str


DEFAULTS: tuple[DefaultMission, ...] = (
    # First steps: shown on the welcome screen and on home until claimed.
    DefaultMission(
        "onboarding_daily_checkin", "onboarding", "daily_checkin", None, 1, 800, 50, None, None, 10,
        "출석 보상 받기", "Claim the daily reward",
        "오늘의 출석 보상을 받아 보세요.", "Claim today's check-in reward.",
    ),
    DefaultMission(
        "onboarding_slot_spin", "onboarding", "round_played", "slot", 1, 700, 50, None, None, 20,
        "슬롯 한 번 돌리기", "Spin the slot",
        "네온 슬롯을 한 번 돌려 보세요.", "Spin the neon slot once.",
    ),
    DefaultMission(
        "onboarding_roulette_spin", "onboarding", "round_played", "roulette", 1, 700, 50, None, None, 30,
        "룰렛 한 번 돌리기", "Spin the roulette",
        "경품 룰렛을 한 번 돌려 보세요.", "Spin the prize roulette once.",
    ),
    DefaultMission(
        "onboarding_verify_round", "onboarding", "round_verified", None, 1, 800, 50, None, None, 40,
        "게임 결과 검증하기", "Verify a round",
        "공정성 화면에서 내 게임 결과 하나를 직접 검증해 보세요.", "Check one of your rounds on the fairness page.",
    ),
    DefaultMission(
        "onboarding_gacha_pull", "onboarding", "gacha_pull", None, 1, 300, 50, "roulette_ticket", 1, 50,
        "가챠 한 번 뽑기", "Pull the gacha",
        "가챠를 한 번 뽑아 보세요. 룰렛 스핀 티켓을 드려요.", "Pull the gacha once and get a roulette spin ticket.",
    ),
    # Daily: reset at 00:00 KST.
    DefaultMission(
        "daily_checkin", "daily", "daily_checkin", None, 1, 100, 20, None, None, 10,
        "오늘 출석하기", "Check in today",
        "오늘의 출석 보상을 받으세요.", "Claim today's check-in reward.",
    ),
    DefaultMission(
        "daily_rounds_any", "daily", "round_played", None, 10, 300, 30, None, None, 20,
        "아무 게임 10판", "Play 10 rounds",
        "어떤 게임이든 10판을 플레이하세요.", "Play 10 rounds of any game.",
    ),
    DefaultMission(
        "daily_slot_rounds", "daily", "round_played", "slot", 20, 400, 30, None, None, 30,
        "슬롯 20회", "20 slot spins",
        "슬롯을 20번 돌리세요.", "Spin the slot 20 times.",
    ),
    DefaultMission(
        "daily_rps_rounds", "daily", "round_played", "rps", 3, 200, 20, None, None, 40,
        "가위바위보 3판", "3 rock-paper-scissors rounds",
        "가위바위보를 3판 플레이하세요.", "Play 3 rounds of rock-paper-scissors.",
    ),
    # Weekly: reset on Monday 00:00 KST.
    DefaultMission(
        "weekly_checkins", "weekly", "daily_checkin", None, 5, 1_500, 100, None, None, 10,
        "이번 주 5일 출석", "Check in on 5 days",
        "이번 주에 5일 출석하세요.", "Check in on 5 days this week.",
    ),
    DefaultMission(
        "weekly_rounds_any", "weekly", "round_played", None, 50, 1_000, 80, None, None, 20,
        "이번 주 50판", "Play 50 rounds",
        "이번 주에 어떤 게임이든 50판을 플레이하세요.", "Play 50 rounds of any game this week.",
    ),
    DefaultMission(
        "weekly_gacha_pulls", "weekly", "gacha_pull", None, 3, 1_000, 50, None, None, 30,
        "가챠 3회", "3 gacha pulls",
        "이번 주에 가챠를 3번 뽑으세요.", "Pull the gacha 3 times this week.",
    ),
    DefaultMission(
        "weekly_verify_rounds", "weekly", "round_verified", None, 3, 600, 50, None, None, 40,
        "결과 3번 검증하기", "Verify 3 rounds",
        "이번 주에 내 게임 결과 3개를 검증하세요.", "Verify 3 of your rounds this week.",
    ),
    DefaultMission(
        "weekly_follow", "weekly", "follow", None, 1, 300, 30, None, None, 50,
        "플레이어 팔로우하기", "Follow a player",
        "다른 플레이어를 한 명 팔로우하세요.", "Follow another player.",
    ),
)  # fmt: skip


def rows() -> list[dict[str, object]]:
    """The defaults as ``mission_templates`` column values."""
    return [asdict(mission) for mission in DEFAULTS]


def install(db: Session) -> int:
    """Insert every default whose key is missing (existing templates stay as staff left them); how many were added."""
    now = clock.now()
    table = MissionTemplate.__table__
    values = [{**row, "is_active": True, "created_at": now, "updated_at": now} for row in rows()]
    added = db.execute(
        insert(table).values(values).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)
    ).all()
    return len(added)
