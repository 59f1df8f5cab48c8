"""The notification center service: filters, keyset paging, unread counts, read state (own rows only, pushed to
the other tabs), settings (service categories locked, consents timestamped, audited and confirmed) and the
delivery policy as ``notify`` applies it (muted categories, marketing consent, the night window)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.services import notifications, realtime
from casino_app.services.messaging import center
from tests.support.accounts import new_player

# 2026-11-28 12:00 KST (daytime) and 23:30 KST (inside the 21:00–08:00 night window).
NOON_KST = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
NIGHT_KST = datetime(2026, 11, 28, 14, 30, tzinfo=UTC)


@pytest.fixture
def pushed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str, dict[str, Any]]]:
    """Every realtime event published to a player (instead of the bus)."""
    sent: list[tuple[int, str, dict[str, Any]]] = []
    monkeypatch.setattr(realtime, "to_user", lambda user_id, kind, **data: sent.append((user_id, kind, data)))
    return sent


def _send(user_id: int, kind: str, category: str | None = None, **params: Any) -> bool:
    with session_scope() as db:
        return notifications.notify(db, user_id, kind, category=category, **params)


def _audit(user_id: int) -> list[dict[str, Any]]:
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT details FROM audit_log WHERE action = 'notifications.settings' AND target_id = :u ORDER BY id"
            ),
            {"u": str(user_id)},
        ).all()
    return [dict(r.details) for r in rows]


def test_filters_and_keyset_paging_see_only_the_players_own_rows() -> None:
    me, other = new_player().user.id, new_player().user.id
    for level in range(2, 7):
        _send(me, "level_up", level=level)
    _send(me, "gold_adjusted", amount=500)
    _send(other, "level_up", level=9)

    first = center.page(me, limit=4)
    assert [i.kind for i in first.items] == ["gold_adjusted", "level_up", "level_up", "level_up"]
    assert first.next_before == first.items[-1].id
    rest = center.page(me, before=first.next_before, limit=4)
    assert [i.params["level"] for i in rest.items] == [3, 2]
    assert rest.next_before is None

    rewards = center.page(me, category="reward")
    assert {i.category for i in rewards.items} == {"reward"}
    assert len(rewards.items) == 5
    assert all(i.params.get("level") != 9 for i in rewards.items)

    center.mark_read(me, rewards.items[0].id)
    unread = center.page(me, unread_only=True, category="reward")
    assert len(unread.items) == 4
    assert not any(i.read for i in unread.items)

    with pytest.raises(ValidationFailed) as bad:
        center.page(me, category="casino")
    assert bad.value.error_code == "NOTIFICATION_CATEGORY_INVALID"


def test_unread_counts_and_read_state_are_pushed_to_the_other_tabs(pushed: list) -> None:
    me, other = new_player().user.id, new_player().user.id
    _send(me, "level_up", level=2)
    _send(me, "level_up", level=3)
    _send(me, "gold_adjusted", amount=-100)
    theirs = center.page(other).items  # nothing yet
    assert theirs == []
    _send(other, "level_up", level=5)
    their_id = center.page(other).items[0].id

    assert center.unread(me) == center.Unread(3, {"reward": 2, "account": 1})
    newest_reward = center.page(me, category="reward").items[0].id
    pushed.clear()

    assert center.mark_read(me, newest_reward) == center.Unread(2, {"reward": 1, "account": 1})
    read_event = {"id": newest_reward, "category": None, "unread": 2, "by_category": {"reward": 1, "account": 1}}
    assert pushed == [(me, center.READ_EVENT, read_event)]

    pushed.clear()
    assert center.mark_read(me, newest_reward).total == 2  # already read: no change, no event
    assert pushed == []

    for foreign in (their_id, 10**12):
        with pytest.raises(NotFound) as missing:
            center.mark_read(me, foreign)
        assert missing.value.error_code == "NOTIFICATION_NOT_FOUND"
    assert center.unread(other).total == 1  # someone else's stays unread

    changed, counts = center.mark_all_read(me, "reward")
    assert (changed, counts) == (1, center.Unread(1, {"account": 1}))
    assert pushed[-1][2]["category"] == "reward"
    changed, counts = center.mark_all_read(me)
    assert (changed, counts.total) == (1, 0)
    pushed.clear()
    assert center.mark_all_read(me) == (0, center.Unread(0, {}))
    assert pushed == []


def test_service_categories_cannot_be_muted_and_unknown_ones_are_refused() -> None:
    me = new_player().user.id
    for category in ("account", "purchase", "notice"):
        with pytest.raises(ValidationFailed) as locked:
            center.update_settings(me, center.SettingsChange(muted=[category]))
        assert locked.value.error_code == "NOTIFICATION_CATEGORY_LOCKED"
        with pytest.raises(ValidationFailed):
            center.update_settings(me, center.SettingsChange(mute=(category,)))
    with pytest.raises(ValidationFailed) as unknown:
        center.update_settings(me, center.SettingsChange(muted=["reward", "spam"]))
    assert unknown.value.error_code == "NOTIFICATION_CATEGORY_INVALID"
    assert center.settings(me) == center.Settings((), None, None)  # nothing half-written

    saved = center.update_settings(me, center.SettingsChange(muted=["social", "game", "social"]))
    assert saved.muted == ("game", "social")
    toggled = center.update_settings(me, center.SettingsChange(mute=("event",), unmute=("game",)))
    assert toggled.muted == ("social", "event")


def test_a_muted_category_is_not_delivered_but_service_messages_always_are() -> None:
    me = new_player().user.id
    center.update_settings(me, center.SettingsChange(muted=["reward"]))
    assert _send(me, "level_up", level=2) is False
    assert _send(me, "gold_adjusted", amount=10) is True
    assert [i.kind for i in center.page(me).items] == ["gold_adjusted"]
    center.update_settings(me, center.SettingsChange(unmute=("reward",)))
    assert _send(me, "level_up", level=3) is True


def test_consents_are_timestamped_audited_and_confirmed_and_night_needs_marketing() -> None:
    me = new_player().user.id
    frozen = clock.FrozenClock(NOON_KST)
    with clock.use_clock(frozen):
        with pytest.raises(ValidationFailed) as needs:
            center.update_settings(me, center.SettingsChange(night=True))
        assert needs.value.error_code == "NIGHT_CONSENT_NEEDS_MARKETING"
        with pytest.raises(ValidationFailed):
            center.update_settings(me, center.SettingsChange(marketing=False, night=True))

        given = center.update_settings(me, center.SettingsChange(marketing=True))
        assert given == center.Settings((), NOON_KST, None)
        frozen.advance(timedelta(hours=1))
        both = center.update_settings(me, center.SettingsChange(marketing=True, night=True))
        assert both.marketing_consent_at == NOON_KST  # giving it again keeps the first time
        assert both.night_consent_at == NOON_KST + timedelta(hours=1)
        assert center.update_settings(me, center.SettingsChange(marketing=True)) == both  # no change, no audit

        frozen.advance(timedelta(hours=1))
        withdrawn = center.update_settings(me, center.SettingsChange(marketing=False))
        assert withdrawn == center.Settings((), None, None)  # the night consent goes with it

    assert center.settings(me) == withdrawn
    audit = _audit(me)
    assert len(audit) == 3
    assert audit[0]["before"]["marketing_consent_at"] is None
    assert audit[0]["after"]["marketing_consent_at"] == NOON_KST.isoformat()
    assert audit[2]["after"] == {"muted": [], "marketing_consent_at": None, "night_consent_at": None}

    receipts = [(i.kind, i.category, i.params["at"]) for i in reversed(center.page(me).items)]
    assert receipts == [
        ("marketing_consent_given", "account", "2026-11-28 12:00"),
        ("night_consent_given", "account", "2026-11-28 13:00"),
        ("marketing_consent_withdrawn", "account", "2026-11-28 14:00"),
        ("night_consent_withdrawn", "account", "2026-11-28 14:00"),
    ]


def test_marketing_needs_consent_and_at_night_the_night_consent() -> None:
    me = new_player().user.id
    with clock.use_clock(clock.FrozenClock(NOON_KST)):
        assert _send(me, "campaign", "marketing", ko={"title": "혜택", "body": "할인"}) is False  # no consent
        center.update_settings(me, center.SettingsChange(marketing=True))
        assert _send(me, "campaign", "marketing", ko={"title": "혜택", "body": "할인"}) is True
    with clock.use_clock(clock.FrozenClock(NIGHT_KST)):
        assert _send(me, "campaign", "marketing", ko={"title": "밤", "body": "할인"}) is False  # 23:30 KST
        assert _send(me, "level_up", level=2) is True  # the night window only concerns marketing
        center.update_settings(me, center.SettingsChange(night=True))
        assert _send(me, "campaign", "marketing", ko={"title": "밤", "body": "할인"}) is True
    kinds = [(i.kind, i.category) for i in center.page(me, category="marketing").items]
    assert kinds == [("campaign", "marketing"), ("campaign", "marketing")]
