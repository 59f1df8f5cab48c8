"""Helpers for the operator-messaging tests: players with given settings, notifications and deliveries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.models.messaging import NotificationPreference
from casino_app.services import realtime
from casino_app.services.accounts import identity
from casino_app.services.care import exclusions
from tests.support.accounts import new_player, new_staff

MESSAGE = {
    "ko": {"title": "점검 안내", "body": "오늘 밤 점검이 있어요."},
    "en": {"title": "Maintenance", "body": "Tonight."},
}


def player(
    *,
    muted: tuple[str, ...] = (),
    consent: bool = False,
    night: bool = False,
    on_break: bool = False,
    active: bool = True,
) -> int:
    """A signed-up player with the given notification settings (and optionally self-excluded or disabled)."""
    uid = new_player().user.id
    now = clock.now()
    if muted or consent or night:
        with session_scope() as db:
            db.add(
                NotificationPreference(
                    user_id=uid,
                    muted=list(muted),
                    marketing_consent_at=now if consent else None,
                    night_consent_at=now if night else None,
                    updated_at=now,
                )
            )
    if on_break:
        exclusions.start(uid, "self_exclusion", "6m")
    if not active:
        with get_engine().begin() as conn:
            conn.execute(sa.text("UPDATE users SET is_active = false WHERE id = :u"), {"u": uid})
    return uid


def operator(role: str = "operator") -> identity.AuthUser:
    """A staff member as the services see them."""
    return identity.load(new_staff(role))


def received(kind: str) -> dict[int, int]:
    """How many notifications of ``kind`` each player holds."""
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT user_id, count(*) FROM notifications WHERE kind = :k GROUP BY user_id"), {"k": kind}
        ).all()
    return {int(uid): int(n) for uid, n in rows}


def outcomes(campaign_id: int) -> dict[int, str]:
    """Each handled player's delivery outcome."""
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT user_id, outcome FROM campaign_deliveries WHERE campaign_id = :c"), {"c": campaign_id}
        ).all()
    return {int(uid): str(outcome) for uid, outcome in rows}


def status(campaign_id: int) -> str:
    """The campaign's status."""
    with get_engine().connect() as conn:
        return str(conn.scalar(sa.text("SELECT status FROM campaigns WHERE id = :c"), {"c": campaign_id}))


def kst(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A KST wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=clock.business_tz())


@asynccontextmanager
async def realtime_events() -> AsyncIterator[list[realtime.Event]]:
    """Collect every realtime event published while the block runs (the in-process bus)."""
    got: list[realtime.Event] = []
    stream = realtime.subscribe()
    first = asyncio.ensure_future(stream.__anext__())
    await asyncio.sleep(0.2)  # the first __anext__ registers the subscription

    async def pump() -> None:
        got.append(await first)
        while True:
            got.append(await stream.__anext__())

    task = asyncio.create_task(pump())
    try:
        yield got
        await asyncio.sleep(0.3)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await stream.aclose()
