"""Safeguards around the console's account actions and the delivery policy: a label cannot carry a campaign
past a break, ended sessions take their browsers' pushes with them, reasons are clean text, and changing a
password cannot be used to guess one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import RateLimited, ValidationFailed
from casino_app.models.messaging import PushSubscription
from casino_app.services import audit, rate_limit
from casino_app.services.accounts import identity, password_change
from casino_app.services.care import exclusions
from casino_app.services.console import player_actions
from casino_app.services.messaging import policy
from tests.support.accounts import PASSWORD, new_player, new_staff

P256DH = "B" + "A" * 86
AUTH = "A" * 22


def _subscribe(user_id: int, tag: str) -> None:
    with session_scope() as db:
        db.add(
            PushSubscription(
                user_id=user_id, endpoint=f"https://fcm.googleapis.com/fcm/send/{tag}", p256dh=P256DH, auth=AUTH
            )
        )


def _subscriptions(user_id: int) -> int:
    table = PushSubscription.__table__
    with get_engine().connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).where(table.c.user_id == user_id)).scalar_one())


def test_a_notice_campaign_does_not_reach_a_player_on_a_break_but_a_direct_notice_does() -> None:
    uid = new_player().user.id
    exclusions.start(uid, "cool_off", "24h")
    with session_scope() as db:
        now = clock.now()
        assert policy.blocked(db, uid, "notice", campaign=True, now=now) == policy.ON_BREAK
        assert policy.blocked(db, uid, "event", campaign=True, now=now) == policy.ON_BREAK
        assert policy.blocked(db, uid, "notice", now=now) is None  # the player's own account: always
        assert policy.blocked(db, uid, "account", now=now) is None


def test_ban_force_logout_and_password_change_forget_the_players_push_browsers() -> None:
    operator = identity.load(new_staff("operator"))
    banned, logged_out, changer = new_player(), new_player(), new_player()
    for pair, tag in ((banned, "a"), (logged_out, "b"), (changer, "c")):
        _subscribe(pair.user.id, f"{tag}{pair.user.id}")
    player_actions.ban(operator, banned.user.id, "abuse")
    player_actions.force_logout(operator, logged_out.user.id, "shared device")
    password_change.change(changer.user.id, PASSWORD, "a-new-password-9", keep_session=None)
    assert [_subscriptions(p.user.id) for p in (banned, logged_out, changer)] == [0, 0, 0]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201, "line\x00nul", "tab\tinside", "bell\x07"])
def test_staff_reasons_are_one_clean_line(reason: str) -> None:
    with pytest.raises(ValidationFailed):
        audit.clean_reason(reason)
    assert audit.clean_reason("  환불 요청 #12  ") == "환불 요청 #12"


def test_a_reason_with_a_control_character_is_refused_before_anything_changes() -> None:
    operator = identity.load(new_staff("operator"))
    pair = new_player()
    with pytest.raises(ValidationFailed):
        player_actions.ban(operator, pair.user.id, "spam\x00")
    assert identity.load(pair.user.id).id == pair.user.id
    with get_engine().connect() as conn:
        active = conn.execute(sa.text("SELECT is_active FROM users WHERE id = :id"), {"id": pair.user.id}).scalar()
    assert active is True


def test_password_changes_are_rate_limited_per_player() -> None:
    rate_limit.reset_memory()
    pair = new_player()
    for _ in range(password_change.ATTEMPTS_PER_15_MINUTES):
        with pytest.raises(ValidationFailed):
            password_change.change(pair.user.id, "wrong-guess-1", "another-pass-7", keep_session=None)
    with pytest.raises(RateLimited):
        password_change.change(pair.user.id, PASSWORD, "another-pass-7", keep_session=None)


def test_a_staff_password_reset_mails_the_owner_when_they_have_an_address() -> None:
    operator = identity.load(new_staff("operator"))
    with_mail, without_mail = new_player(), new_player()
    with get_engine().begin() as conn:
        conn.execute(
            sa.text("UPDATE users SET email = :e WHERE id = :id"),
            {"e": f"owner{with_mail.user.id}@example.com", "id": with_mail.user.id},
        )
    player_actions.reset_password(operator, with_mail.user.id, "locked out, asked by phone")
    player_actions.reset_password(operator, without_mail.user.id, "locked out, asked by phone")
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT user_id, template, category, body_text FROM email_messages WHERE template = :t"),
            {"t": "password_reset_notice"},
        ).all()
    mine = [r for r in rows if r.user_id in (with_mail.user.id, without_mail.user.id)]
    assert [(r.user_id, r.category) for r in mine] == [(with_mail.user.id, "account")]
    assert "임시" in mine[0].body_text  # Korean by default, and never the password itself
