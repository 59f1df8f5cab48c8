"""Demo event for a fresh install: one live event with three missions (idempotent by its key; never in
production — ``services.seed`` decides).

It runs for two weeks from the start of the KST day it is seeded on. Its missions count actions a new player
does anyway (spins, check-ins, verifying a round); rewards stay small next to a day's play (1,200–1,800 gold).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.events import Event
from casino_app.services.events import admin
from casino_app.settings import get_settings

DEMO_KEY = "demo-neon-festival"
DEMO_EVENT = {
    "key": DEMO_KEY,
    "title_ko": "네온 페스티벌",
    "title_en": "Neon festival",
    "description_ko": "2주 동안 열리는 이벤트예요. 미션을 완료하면 보상과 함께 이벤트 순위 점수를 받아요.",
    "description_en": "A two-week event. Each mission you complete pays its reward and one point on the event board.",
}
DEMO_MISSIONS = (
    {
        "key": "demo_festival_slot",
        "title_ko": "슬롯 30회",
        "title_en": "30 slot spins",
        "description_ko": "이벤트 기간에 슬롯을 30번 돌리세요.",
        "description_en": "Spin the slot 30 times during the event.",
        "action": "round_played",
        "game": "slot",
        "goal": 30,
        "reward_gold": 800,
        "reward_xp": 50,
        "sort": 10,
    },
    {
        "key": "demo_festival_checkins",
        "title_ko": "3일 출석",
        "title_en": "Check in on 3 days",
        "description_ko": "이벤트 기간에 3일 출석하세요.",
        "description_en": "Check in on 3 days during the event.",
        "action": "daily_checkin",
        "goal": 3,
        "reward_gold": 1_000,
        "reward_xp": 80,
        "sort": 20,
    },
    {
        "key": "demo_festival_verify",
        "title_ko": "결과 검증하기",
        "title_en": "Verify a round",
        "description_ko": "공정성 화면에서 내 게임 결과 하나를 검증하세요.",
        "description_en": "Verify one of your rounds on the fairness page.",
        "action": "round_verified",
        "goal": 1,
        "reward_gold": 300,
        "reward_xp": 30,
        "sort": 30,
    },
)
DURATION = timedelta(days=14)


def seed_events() -> str:
    """Create and publish the demo event as the demo admin unless it exists (audited like any console change)."""
    with session_scope() as db:
        if db.execute(sa.select(Event.id).where(Event.key == DEMO_KEY)).first() is not None:
            return "events: demo event exists"
        admin_id = db.execute(sa.select(User.id).where(User.site_id == get_settings().demo_admin_site_id)).scalar()
    if admin_id is None:
        return "events: no demo admin"
    starts = clock.start_of_business_day(clock.business_date())
    with session_scope():  # one transaction: the event appears whole, or not at all
        event = admin.create({**DEMO_EVENT, "starts_at": starts, "ends_at": starts + DURATION}, actor_id=admin_id)
        assert event.id is not None
        for mission in DEMO_MISSIONS:
            admin.add_mission(event.id, mission, actor_id=admin_id)
        admin.publish(event.id, actor_id=admin_id)
    return f"events: demo event with {len(DEMO_MISSIONS)} missions"
