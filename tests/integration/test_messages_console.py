"""The ``/admin/messages`` console state: review then confirm (the reviewed send goes out once), campaigns scheduled
and stopped from the list, and the role re-checked on every handler."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

import casino_app.casino_app  # noqa: F401 - registers every state (in the main context, before any test's task)
from casino_app.core import clock
from casino_app.i18n import CATALOGS
from casino_app.services.accounts import identity
from tests.support.accounts import new_player, new_staff
from tests.support.campaigns import outcomes, player, received, status

pytestmark = pytest.mark.anyio

SEND = {"category": "notice", "title_ko": "점검", "body_ko": "내일 새벽 점검", "reason": "정기 점검"}


async def _state(monkeypatch: pytest.MonkeyPatch, user: identity.AuthUser) -> Any:
    """The console state in a fresh state tree whose tab belongs to ``user``."""
    import reflex as rx

    from casino_app.state import auth
    from casino_app.state.admin_messages import AdminMessagesState

    async def current(self: Any) -> identity.AuthUser:
        return user

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return await root.get_state(AdminMessagesState)


async def _confirm_send(state: Any) -> None:
    from casino_app.state.admin_messages import AdminMessagesState as S

    async for _ in S.confirm_send.fn(state):
        pass


async def test_a_reviewed_broadcast_goes_out_once_and_shows_its_totals(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin_messages import AdminMessagesState as S

    players = [player(), player(), player(muted=("event",))]
    state = await _state(monkeypatch, identity.load(new_staff("operator")))
    assert await S.load.fn(state) is None
    assert state.items == []

    await S.review_send.fn(state, {**SEND, "audience": "all", "category": "event"})
    assert state.error == {}
    assert state.review["count"] == "3"
    assert received("broadcast") == {}  # nothing goes out on review
    await _confirm_send(state)
    await _confirm_send(state)  # a second click has no draft left
    assert received("broadcast") == {players[0]: 1, players[1]: 1}
    assert state.result["sent"] == "2"
    assert state.result["skipped_muted"] == "1"
    assert [(row["kind"], row["status"]) for row in state.items] == [("broadcast", "sent")]

    await S.review_send.fn(state, {**SEND, "audience": "one", "recipient": str(players[2]), "title_en": "Only"})
    assert state.error["ko"] == CATALOGS["ko"]["error.MESSAGE_INVALID"]  # English needs its body too
    await S.review_send.fn(state, {**SEND, "audience": "one", "recipient": str(players[2])})
    assert state.review["recipient"] == f"#{players[2]}"
    await _confirm_send(state)
    assert received("broadcast")[players[2]] == 1  # a notice reaches a player who muted events


async def test_a_campaign_is_reviewed_scheduled_and_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin_messages import AdminMessagesState as S

    player()
    state = await _state(monkeypatch, identity.load(new_staff("admin")))
    await S.load.fn(state)
    when = (clock.now() + timedelta(hours=3)).astimezone(clock.business_tz()).strftime("%Y-%m-%dT%H:%M")
    form = {**SEND, "name": "연말 이벤트", "rank": "STANDARD", "min_level": "1", "scheduled_at": when}
    await S.review_campaign.fn(state, {**form, "max_level": "열"})
    assert state.form_error == "messages_admin.bad_number"
    await S.review_campaign.fn(state, {**form, "scheduled_at": "2020-01-01T00:00"})
    assert state.error["ko"] == CATALOGS["ko"]["error.SCHEDULE_INVALID"].format(max_days=90)
    await S.review_campaign.fn(state, form)
    assert state.campaign_review == {"name": "연말 이벤트", "count": "1", "when": when.replace("T", " ")}
    assert state.items == []
    await S.confirm_campaign.fn(state)
    assert state.campaign_saved == "연말 이벤트"
    [row] = state.items
    assert (row["kind"], row["status"], row["active"]) == ("campaign", "scheduled", "1")

    S.ask_cancel.fn(state, row["id"])
    assert state.cancel_name == "연말 이벤트"
    await S.confirm_cancel.fn(state)
    assert state.cancelled == "연말 이벤트"
    assert status(int(row["id"])) == "cancelled"
    assert outcomes(int(row["id"])) == {}


async def test_support_staff_and_players_cannot_send(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.admin_messages import AdminMessagesState as S

    target = player()
    support = await _state(monkeypatch, identity.load(new_staff("support")))
    await S.review_send.fn(support, {**SEND, "audience": "all"})
    assert support.error["ko"] == CATALOGS["ko"]["error.STAFF_REQUIRED"]
    assert support.review == {}
    support._draft = {"user_id": target, "category": "notice", "message": {"ko": {"title": "a", "b": "c"}}}
    await _confirm_send(support)
    assert received("broadcast") == {}

    stranger = await _state(monkeypatch, new_player().user)
    assert await S.load.fn(stranger) is not None  # a redirect to the staff login
    await S.review_campaign.fn(stranger, {**SEND, "name": "x", "scheduled_at": "2030-01-01T00:00"})
    assert stranger.campaign_review == {}
