"""Achievements (issue 11): definitions with requirements as data, the ones each player unlocked, and the
default set of achievements (mirrored in ``casino_app/services/achievements/defaults.py``; a test compares them).

Revision ID: 0a1c7e5d9b03
Revises: 0a1c7e5d9b02
Create Date: 2026-11-28 13:00:00.000000+00:00
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0a1c7e5d9b03"
down_revision: str | None = "0a1c7e5d9b02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    "key",
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "badge",
    "color",
    "requirements",
    "reward_gold",
    "reward_xp",
    "sort",
)


def _count(action: str, at_least: int, game: str | None = None) -> dict[str, Any]:
    return {"count": {"action": action, "game": game, "at_least": at_least}}


# Frozen copy of the defaults as of this revision (later changes are new revisions, not edits here).
_DEFAULTS: tuple[tuple[Any, ...], ...] = (
    ("first_slot", "첫 스핀", "First spin", "슬롯을 처음으로 플레이했어요.", "Played the slot for the first time.",
     "first-slot", "pink", _count("round_played", 1, "slot"), 100, 20, 10),
    ("first_gacha", "첫 뽑기", "First pull", "가챠를 처음으로 뽑았어요.", "Pulled the gacha for the first time.",
     "first-gacha", "violet", _count("round_played", 1, "gacha"), 100, 20, 20),
    ("first_rps", "가위바위보 데뷔", "Rock-paper-scissors debut", "가위바위보를 처음으로 플레이했어요.",
     "Played rock-paper-scissors for the first time.", "first-rps", "cyan", _count("round_played", 1, "rps"),
     100, 20, 30),
    ("first_roulette", "첫 룰렛", "First roulette", "룰렛을 처음으로 돌렸어요.", "Spun the roulette for the first time.",
     "first-roulette", "gold", _count("round_played", 1, "roulette"), 100, 20, 40),
    ("rounds_100", "단골손님", "Regular", "모든 게임을 합쳐 100판을 플레이했어요.", "Played 100 rounds across all games.",
     "rounds-100", "cyan", _count("round_played", 100), 300, 100, 50),
    ("rounds_1000", "베테랑", "Veteran", "모든 게임을 합쳐 1,000판을 플레이했어요.",
     "Played 1,000 rounds across all games.", "rounds-1000", "gold", _count("round_played", 1000), 1000, 300, 60),
    ("verifier", "검증자", "Verifier", "내 라운드의 공정성을 직접 검증했어요.",
     "Verified the fairness of one of your rounds yourself.", "verifier", "success", _count("round_verified", 1),
     200, 50, 70),
    ("streak_7", "일주일 개근", "Perfect week", "7일 연속으로 출석했어요.", "Checked in 7 days in a row.", "streak-7",
     "pink", {"streak": {"at_least": 7}}, 500, 100, 80),
    ("checkin_30", "출석왕", "Check-in champion", "누적 30일 출석했어요.", "Checked in on 30 days in total.",
     "checkin-30", "violet", _count("daily_checkin", 30), 700, 150, 90),
    ("level_5", "레벨 5", "Level 5", "레벨 5에 도달했어요.", "Reached level 5.", "level-5", "cyan",
     {"level": {"at_least": 5}}, 200, 0, 100),
    ("level_10", "레벨 10", "Level 10", "레벨 10에 도달했어요.", "Reached level 10.", "level-10", "violet",
     {"level": {"at_least": 10}}, 500, 0, 110),
    ("level_20", "레벨 20", "Level 20", "레벨 20에 도달했어요.", "Reached level 20.", "level-20", "gold",
     {"level": {"at_least": 20}}, 1000, 0, 120),
    ("missions_10", "임무 수행자", "Mission runner", "미션을 10개 완료했어요.", "Completed 10 missions.", "missions-10",
     "success", _count("mission_completed", 10), 500, 100, 130),
    ("first_follow", "첫 친구", "First friend", "다른 플레이어를 처음으로 팔로우했어요.",
     "Followed another player for the first time.", "first-follow", "pink", _count("follow", 1), 100, 20, 140),
    ("profile_completed", "나를 소개해요", "All about me", "프로필을 모두 채웠어요.", "Completed your profile.",
     "profile-completed", "cyan", _count("profile_completed", 1), 100, 20, 150),
)  # fmt: skip


def upgrade() -> None:
    achievements = op.create_table(
        "achievements",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name_ko", sa.String(length=60), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.Column("description_ko", sa.String(length=200), server_default="", nullable=False),
        sa.Column("description_en", sa.String(length=200), server_default="", nullable=False),
        sa.Column("badge", sa.String(length=40), nullable=False),
        sa.Column("color", sa.String(length=12), nullable=False),
        sa.Column("requirements", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reward_gold", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("reward_xp", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("sort", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("reward_gold >= 0", name=op.f("ck_achievements_reward_gold_non_negative")),
        sa.CheckConstraint("reward_xp >= 0", name=op.f("ck_achievements_reward_xp_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievements")),
        sa.UniqueConstraint("key", name=op.f("uq_achievements_key")),
    )
    op.create_table(
        "user_achievements",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("achievement_id", sa.BigInteger(), nullable=False),
        sa.Column("achieved_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("reward_transfer_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["achievement_id"], ["achievements.id"], name=op.f("fk_user_achievements_achievement_id_achievements")
        ),
        sa.ForeignKeyConstraint(
            ["reward_transfer_id"],
            ["ledger_transfers.id"],
            name=op.f("fk_user_achievements_reward_transfer_id_ledger_transfers"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_achievements_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "achievement_id", name=op.f("pk_user_achievements")),
    )
    op.bulk_insert(achievements, [dict(zip(_COLUMNS, row, strict=True)) for row in _DEFAULTS])


def downgrade() -> None:
    op.drop_table("user_achievements")
    op.drop_table("achievements")
