"""Missions: templates (daily, weekly, onboarding, event) and per-period progress, with the default missions.

The default rows are product content (every install and the test database get
them); ``casino_app/services/missions/defaults.py`` holds the same data and a unit
test keeps the two equal. The migration imports nothing from the app.

Revision ID: 0a1c7e5d9b02
Revises: 0a1c7e5d9b01
Create Date: 2026-11-28 13:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0a1c7e5d9b02"
down_revision: str | None = "0a1c7e5d9b01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    "key",
    "cadence",
    "action",
    "game",
    "goal",
    "reward_gold",
    "reward_xp",
    "reward_item_key",
    "reward_item_quantity",
    "sort",
    "title_ko",
    "title_en",
    "description_ko",
    "description_en",
)
DEFAULTS = (
    ("onboarding_daily_checkin", "onboarding", "daily_checkin", None, 1, 800, 50, None, None, 10,
     "출석 보상 받기", "Claim the daily reward",
     "오늘의 출석 보상을 받아 보세요.", "Claim today's check-in reward."),
    ("onboarding_slot_spin", "onboarding", "round_played", "slot", 1, 700, 50, None, None, 20,
     "슬롯 한 번 돌리기", "Spin the slot",
     "네온 슬롯을 한 번 돌려 보세요.", "Spin the neon slot once."),
    ("onboarding_roulette_spin", "onboarding", "round_played", "roulette", 1, 700, 50, None, None, 30,
     "룰렛 한 번 돌리기", "Spin the roulette",
     "경품 룰렛을 한 번 돌려 보세요.", "Spin the prize roulette once."),
    ("onboarding_verify_round", "onboarding", "round_verified", None, 1, 800, 50, None, None, 40,
     "게임 결과 검증하기", "Verify a round",
     "공정성 화면에서 내 게임 결과 하나를 직접 검증해 보세요.", "Check one of your rounds on the fairness page."),
    ("onboarding_gacha_pull", "onboarding", "gacha_pull", None, 1, 300, 50, "roulette_ticket", 1, 50,
     "가챠 한 번 뽑기", "Pull the gacha",
     "가챠를 한 번 뽑아 보세요. 룰렛 스핀 티켓을 드려요.", "Pull the gacha once and get a roulette spin ticket."),
    ("daily_checkin", "daily", "daily_checkin", None, 1, 100, 20, None, None, 10,
     "오늘 출석하기", "Check in today",
     "오늘의 출석 보상을 받으세요.", "Claim today's check-in reward."),
    ("daily_rounds_any", "daily", "round_played", None, 10, 300, 30, None, None, 20,
     "아무 게임 10판", "Play 10 rounds",
     "어떤 게임이든 10판을 플레이하세요.", "Play 10 rounds of any game."),
    ("daily_slot_rounds", "daily", "round_played", "slot", 20, 400, 30, None, None, 30,
     "슬롯 20회", "20 slot spins",
     "슬롯을 20번 돌리세요.", "Spin the slot 20 times."),
    ("daily_rps_rounds", "daily", "round_played", "rps", 3, 200, 20, None, None, 40,
     "가위바위보 3판", "3 rock-paper-scissors rounds",
     "가위바위보를 3판 플레이하세요.", "Play 3 rounds of rock-paper-scissors."),
    ("weekly_checkins", "weekly", "daily_checkin", None, 5, 1_500, 100, None, None, 10,
     "이번 주 5일 출석", "Check in on 5 days",
     "이번 주에 5일 출석하세요.", "Check in on 5 days this week."),
    ("weekly_rounds_any", "weekly", "round_played", None, 50, 1_000, 80, None, None, 20,
     "이번 주 50판", "Play 50 rounds",
     "이번 주에 어떤 게임이든 50판을 플레이하세요.", "Play 50 rounds of any game this week."),
    ("weekly_gacha_pulls", "weekly", "gacha_pull", None, 3, 1_000, 50, None, None, 30,
     "가챠 3회", "3 gacha pulls",
     "이번 주에 가챠를 3번 뽑으세요.", "Pull the gacha 3 times this week."),
    ("weekly_verify_rounds", "weekly", "round_verified", None, 3, 600, 50, None, None, 40,
     "결과 3번 검증하기", "Verify 3 rounds",
     "이번 주에 내 게임 결과 3개를 검증하세요.", "Verify 3 of your rounds this week."),
    ("weekly_follow", "weekly", "follow", None, 1, 300, 30, None, None, 50,
     "플레이어 팔로우하기", "Follow a player",
     "다른 플레이어를 한 명 팔로우하세요.", "Follow another player."),
)  # fmt: skip


def upgrade() -> None:
    templates = op.create_table(
        "mission_templates",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("title_ko", sa.String(length=80), nullable=False),
        sa.Column("title_en", sa.String(length=80), nullable=False),
        sa.Column("description_ko", sa.String(length=300), server_default="", nullable=False),
        sa.Column("description_en", sa.String(length=300), server_default="", nullable=False),
        sa.Column("cadence", sa.String(length=12), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("game", sa.String(length=20), nullable=True),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("reward_gold", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reward_xp", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reward_item_key", sa.String(length=40), nullable=True),
        sa.Column("reward_item_quantity", sa.Integer(), nullable=True),
        sa.Column("sort", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "cadence IN ('daily', 'weekly', 'onboarding', 'event')", name=op.f("ck_mission_templates_cadence_known")
        ),
        sa.CheckConstraint(
            "(cadence = 'event') = (event_id IS NOT NULL)",
            name=op.f("ck_mission_templates_event_only_for_event_cadence"),
        ),
        sa.CheckConstraint("goal > 0", name=op.f("ck_mission_templates_goal_positive")),
        sa.CheckConstraint("reward_gold >= 0", name=op.f("ck_mission_templates_reward_gold_non_negative")),
        sa.CheckConstraint("reward_xp >= 0", name=op.f("ck_mission_templates_reward_xp_non_negative")),
        sa.CheckConstraint(
            "(reward_item_key IS NULL AND reward_item_quantity IS NULL)"
            " OR (reward_item_key IS NOT NULL AND reward_item_quantity > 0)",
            name=op.f("ck_mission_templates_reward_item_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_mission_templates_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_templates")),
        sa.UniqueConstraint("key", name=op.f("uq_mission_templates_key")),
    )
    op.create_index("ix_mission_templates_action_active", "mission_templates", ["action", "is_active"], unique=False)
    op.create_index("ix_mission_templates_event_id", "mission_templates", ["event_id"], unique=False)
    op.create_table(
        "mission_progress",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("mission_id", sa.BigInteger(), nullable=False),
        sa.Column("period_key", sa.String(length=24), nullable=False),
        sa.Column("progress", sa.Integer(), server_default="0", nullable=False),
        sa.Column("goal", sa.Integer(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_transfer_id", sa.BigInteger(), nullable=True),
        sa.Column("claim_key", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "claimed_at IS NULL OR completed_at IS NOT NULL", name=op.f("ck_mission_progress_claimed_after_completed")
        ),
        sa.CheckConstraint("goal > 0", name=op.f("ck_mission_progress_goal_positive")),
        sa.CheckConstraint("progress >= 0 AND progress <= goal", name=op.f("ck_mission_progress_progress_within_goal")),
        sa.ForeignKeyConstraint(
            ["claim_transfer_id"],
            ["ledger_transfers.id"],
            name=op.f("fk_mission_progress_claim_transfer_id_ledger_transfers"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission_templates.id"],
            name=op.f("fk_mission_progress_mission_id_mission_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mission_progress_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "mission_id", "period_key", name=op.f("pk_mission_progress")),
    )
    op.create_index("ix_mission_progress_mission_id", "mission_progress", ["mission_id"], unique=False)
    op.bulk_insert(templates, [dict(zip(COLUMNS, row, strict=True)) for row in DEFAULTS])


def downgrade() -> None:
    op.drop_index("ix_mission_progress_mission_id", table_name="mission_progress")
    op.drop_table("mission_progress")
    op.drop_index("ix_mission_templates_event_id", table_name="mission_templates")
    op.drop_index("ix_mission_templates_action_active", table_name="mission_templates")
    op.drop_table("mission_templates")
