"""The console's players section: search, detail, notes and the audited account actions over REST and the
services — roles (support reads and keeps notes only), reasons, 404/409, the ban's immediate effect on open
tokens, and the forced password change after a reset."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.core.errors import Forbidden, Unauthorized, ValidationFailed
from casino_app.services.accounts import identity, password_change, sessions
from casino_app.services.console import notes, player_actions, players
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.crash_play import staff_token

pytestmark = pytest.mark.anyio
BASE = "/api/admin/players"


def _audits(action: str) -> list[dict]:
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT actor_id, target_id, details FROM audit_log WHERE action = :a ORDER BY id"), {"a": action}
        ).mappings()
        return [dict(r) for r in rows]


def _login(site_id: str, password: str = PASSWORD) -> sessions.TokenPair:
    return sessions.login(site_id, password, portal=sessions.PLAYER, client=sessions.ClientInfo("10.0.0.2", "pytest"))


async def test_search_finds_by_nickname_site_id_and_id_without_staff() -> None:
    alice = new_player(site_id="alice_k", nickname="Alice별")
    new_player(site_id="bob_k", nickname="밥돌이")
    new_staff("operator", site_id="alice_staff")
    _, token = staff_token("support")
    async with api_client() as client:
        by_nick = (await client.get(BASE, params={"q": "alice별"}, headers=bearer(token))).json()
        by_part = (await client.get(BASE, params={"q": "ALI"}, headers=bearer(token))).json()
        by_id = (await client.get(BASE, params={"q": str(alice.user.id)}, headers=bearer(token))).json()
        everyone = (await client.get(BASE, headers=bearer(token))).json()
        wildcard = (await client.get(BASE, params={"q": "%"}, headers=bearer(token))).json()
        bad = await client.get(BASE, params={"q": "a\x00b"}, headers=bearer(token))
        player = await client.get(BASE, headers=bearer(alice.access_token))
    assert [r["site_id"] for r in by_nick["items"]] == ["alice_k"]
    assert [r["site_id"] for r in by_part["items"]] == ["alice_k"]  # the staff account is never listed
    assert by_id["items"][0]["id"] == alice.user.id
    assert everyone["total"] == 2
    assert everyone["pages"] == 1
    assert wildcard["total"] == 0  # "%" is literal
    assert_envelope(bad, 422, "QUERY_INVALID")
    assert_envelope(player, 403, "STAFF_REQUIRED")


async def test_detail_shows_account_gold_sessions_care_and_notes() -> None:
    pair = new_player()
    support_id, support = staff_token("support")
    async with api_client() as client:
        added = await client.post(
            f"{BASE}/{pair.user.id}/notes", json={"body": "  전화 문의\n환불 안내  "}, headers=bearer(support)
        )
        empty = await client.post(f"{BASE}/{pair.user.id}/notes", json={"body": "   "}, headers=bearer(support))
        long = await client.post(f"{BASE}/{pair.user.id}/notes", json={"body": "가" * 1001}, headers=bearer(support))
        view = (await client.get(f"{BASE}/{pair.user.id}", headers=bearer(support))).json()
        missing = await client.get(f"{BASE}/999999999", headers=bearer(support))
        staff_target = await client.get(f"{BASE}/{support_id}", headers=bearer(support))
    assert added.status_code == 201, added.text
    assert added.json()["body"] == "전화 문의\n환불 안내"
    assert_envelope(empty, 422, "NOTE_REQUIRED")
    assert_envelope(long, 422, "NOTE_TOO_LONG")
    assert view["profile"]["site_id"] == pair.user.site_id
    assert view["profile"]["is_active"] is True
    assert view["profile"]["must_change_password"] is False
    assert view["balance"] == 1000
    assert view["ledger"][0]["kind"] == "WELCOME"
    assert len(view["sessions"]) == 1
    assert view["sessions"][0]["live"] is True
    assert view["protection"]["on_break"] is None
    assert [n["body"] for n in view["notes"]] == ["전화 문의\n환불 안내"]
    assert view["notes"][0]["author_id"] == support_id
    assert_envelope(missing, 404, "PLAYER_NOT_FOUND")
    assert_envelope(staff_target, 404, "PLAYER_NOT_FOUND")
    (row,) = _audits("player.note")
    assert row["actor_id"] == support_id
    assert row["target_id"] == str(pair.user.id)


async def test_support_cannot_act_and_reason_is_required() -> None:
    pair = new_player()
    _, support = staff_token("support")
    _, operator = staff_token("operator")
    async with api_client() as client:
        for action in ("ban", "unban", "logout", "password-reset"):
            refused = await client.post(
                f"{BASE}/{pair.user.id}/{action}", json={"reason": "x"}, headers=bearer(support)
            )
            assert_envelope(refused, 403, "STAFF_REQUIRED")
        rank = await client.post(
            f"{BASE}/{pair.user.id}/rank", json={"rank": "VIP", "reason": "x"}, headers=bearer(support)
        )
        assert_envelope(rank, 403, "STAFF_REQUIRED")
        blank = await client.post(f"{BASE}/{pair.user.id}/ban", json={"reason": "   "}, headers=bearer(operator))
        assert_envelope(blank, 422, "REASON_REQUIRED")
        long = await client.post(f"{BASE}/{pair.user.id}/ban", json={"reason": "가" * 201}, headers=bearer(operator))
        assert_envelope(long, 422, "REASON_TOO_LONG")
        unknown = await client.post(f"{BASE}/999999999/ban", json={"reason": "x"}, headers=bearer(operator))
        assert_envelope(unknown, 404, "PLAYER_NOT_FOUND")
    assert identity.load(pair.user.id).rank == "STANDARD"
    assert _audits("player.ban") == []


def test_services_recheck_the_role() -> None:
    pair = new_player()
    support = identity.load(new_staff("support"))
    with pytest.raises(Forbidden):
        player_actions.ban(support, pair.user.id, "x")
    with pytest.raises(Forbidden):
        player_actions.adjust_gold(support, pair.user.id, 10, "x", key="k1")
    with pytest.raises(Forbidden):
        players.search(identity.load(pair.user.id))
    with pytest.raises(ValidationFailed):
        notes.add_note(support, pair.user.id, "a\x07b")


async def test_ban_stops_an_open_token_at_once_and_unban_restores() -> None:
    pair = new_player()
    operator_id, operator = staff_token("operator")
    async with api_client() as client:
        assert (await client.get("/api/users/balance", headers=bearer(pair.access_token))).status_code == 200
        banned = await client.post(f"{BASE}/{pair.user.id}/ban", json={"reason": "부정 이용"}, headers=bearer(operator))
        assert banned.status_code == 200, banned.text
        assert banned.json()["revoked_sessions"] == 1
        refused = await client.get("/api/users/balance", headers=bearer(pair.access_token))
        assert refused.status_code == 401
        again = await client.post(f"{BASE}/{pair.user.id}/ban", json={"reason": "again"}, headers=bearer(operator))
        assert_envelope(again, 409, "ALREADY_BANNED")
        with pytest.raises(Exception, match="ACCOUNT_DISABLED"):
            _login(pair.user.site_id)
        lifted = await client.post(
            f"{BASE}/{pair.user.id}/unban", json={"reason": "소명 확인"}, headers=bearer(operator)
        )
        assert lifted.status_code == 200
        not_banned = await client.post(f"{BASE}/{pair.user.id}/unban", json={"reason": "x"}, headers=bearer(operator))
        assert_envelope(not_banned, 409, "NOT_BANNED")
    assert _login(pair.user.site_id).access_token
    (ban_row,) = _audits("player.ban")
    assert ban_row["actor_id"] == operator_id
    assert ban_row["details"]["before"] == {"is_active": True}
    assert ban_row["details"]["after"] == {"is_active": False}
    assert ban_row["details"]["reason"] == "부정 이용"
    assert _audits("player.unban")[0]["details"]["reason"] == "소명 확인"


async def test_rank_change_and_force_logout_are_audited() -> None:
    pair = new_player()
    _, operator = staff_token("operator")
    async with api_client() as client:
        changed = await client.post(
            f"{BASE}/{pair.user.id}/rank", json={"rank": "VIP", "reason": "이벤트"}, headers=bearer(operator)
        )
        same = await client.post(
            f"{BASE}/{pair.user.id}/rank", json={"rank": "VIP", "reason": "이벤트"}, headers=bearer(operator)
        )
        bad = await client.post(
            f"{BASE}/{pair.user.id}/rank", json={"rank": "GOLD", "reason": "x"}, headers=bearer(operator)
        )
        out = await client.post(f"{BASE}/{pair.user.id}/logout", json={"reason": "기기 분실"}, headers=bearer(operator))
        after = await client.get("/api/users/balance", headers=bearer(pair.access_token))
    assert changed.json()["before"] == {"rank": "STANDARD"}
    assert changed.json()["after"] == {"rank": "VIP"}
    assert_envelope(same, 409, "RANK_UNCHANGED")
    assert bad.status_code == 422
    assert out.json()["revoked_sessions"] == 1
    assert after.status_code == 401
    assert identity.load(pair.user.id).rank == "VIP"
    assert _audits("player.rank")[0]["details"]["reason"] == "이벤트"
    assert _audits("player.logout")[0]["details"]["reason"] == "기기 분실"
    assert _login(pair.user.site_id).user.id == pair.user.id  # the account stays active


async def test_password_reset_forces_a_change_before_anything_else() -> None:
    pair = new_player()
    _, operator = staff_token("operator")
    async with api_client() as client:
        reset = await client.post(
            f"{BASE}/{pair.user.id}/password-reset", json={"reason": "본인 요청"}, headers=bearer(operator)
        )
        assert reset.status_code == 200, reset.text
        temporary = reset.json()["temporary_password"]
        assert len(temporary) == 19
        assert reset.json()["revoked_sessions"] == 1
        assert (await client.get("/api/users/balance", headers=bearer(pair.access_token))).status_code == 401
        with pytest.raises(Exception, match="INVALID_CREDENTIALS"):
            _login(pair.user.site_id)
        login = await client.post("/api/auth/login", json={"site_id": pair.user.site_id, "password": temporary})
        assert login.status_code == 200
        assert login.json()["user"]["must_change_password"] is True
        token = login.json()["access_token"]
        assert_envelope(await client.get("/api/users/balance", headers=bearer(token)), 403, "PASSWORD_CHANGE_REQUIRED")
        assert_envelope(await client.post("/api/streak/claim", headers=bearer(token)), 403, "PASSWORD_CHANGE_REQUIRED")
        assert (await client.get("/api/users/me", headers=bearer(token))).json()["must_change_password"] is True
        assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 200
        wrong = await client.post(
            "/api/auth/password",
            json={"current_password": "nope-nope", "new_password": "brand-new-77"},
            headers=bearer(token),
        )
        assert_envelope(wrong, 422, "CURRENT_PASSWORD_WRONG")
        same = await client.post(
            "/api/auth/password", json={"current_password": temporary, "new_password": temporary}, headers=bearer(token)
        )
        assert_envelope(same, 422, "PASSWORD_UNCHANGED")
        short = await client.post(
            "/api/auth/password", json={"current_password": temporary, "new_password": "short"}, headers=bearer(token)
        )
        assert_envelope(short, 422, "NEW_PASSWORD_INVALID")
        changed = await client.post(
            "/api/auth/password",
            json={"current_password": temporary, "new_password": "brand-new-77"},
            headers=bearer(token),
        )
        assert changed.status_code == 200, changed.text
        assert (await client.get("/api/users/balance", headers=bearer(token))).status_code == 200
    assert _login(pair.user.site_id, "brand-new-77").user.must_change_password is False
    (row,) = _audits("player.password_reset")
    assert row["details"]["after"] == {"must_change_password": True}
    assert row["details"]["reason"] == "본인 요청"
    assert temporary not in str(row["details"])


async def test_gold_adjustment_audit_carries_balances_and_reason() -> None:
    pair = new_player()
    operator_id, operator = staff_token("operator")
    async with api_client() as client:
        url = f"/api/admin/users/{pair.user.id}/gold"
        headers = {**bearer(operator), "Idempotency-Key": uuid.uuid4().hex}
        done = await client.post(url, headers=headers, json={"amount": 250, "reason": " 보상 "})
    assert done.status_code == 200, done.text
    (row,) = _audits("gold.adjust")
    assert row["actor_id"] == operator_id
    assert row["details"]["before"] == {"balance": 1000}
    assert row["details"]["after"] == {"balance": 1250}
    assert row["details"]["reason"] == "보상"
    staff = identity.load(operator_id)
    result = player_actions.adjust_gold(staff, pair.user.id, -50, "회수", key="console-1")
    assert result.balance == 1200
    assert player_actions.adjust_gold(staff, pair.user.id, -50, "회수", key="console-1").replayed is True
    with pytest.raises(ValidationFailed, match="REASON_TOO_LONG"):
        player_actions.adjust_gold(staff, pair.user.id, 5, "가" * 201, key="console-2")


def test_ban_and_reset_end_an_open_browser_tab_session_and_flag_it() -> None:
    pair = new_player()
    operator = identity.load(new_staff("operator"))
    client = sessions.ClientInfo("10.0.0.3", "pytest")
    web = sessions.login(pair.user.site_id, PASSWORD, portal=sessions.PLAYER, client=client, channel=sessions.WEB)
    assert sessions.validate_session(web.session_id, pair.user.id).id == pair.user.id
    player_actions.ban(operator, pair.user.id, "도용 의심")
    with pytest.raises(Unauthorized):
        sessions.validate_session(web.session_id, pair.user.id)  # the tab's next event finds no user
    player_actions.unban(operator, pair.user.id, "확인 완료")
    reset = player_actions.reset_password(operator, pair.user.id, "본인 요청")
    web = sessions.login(pair.user.site_id, reset.temporary_password, portal=sessions.PLAYER, client=client)
    assert sessions.validate_session(web.session_id, pair.user.id).must_change_password is True
    password_change.change(pair.user.id, reset.temporary_password, "new-secret-99", keep_session=web.session_id)
    assert sessions.validate_session(web.session_id, pair.user.id).must_change_password is False
