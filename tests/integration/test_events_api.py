"""Events over REST: the console (staff roles, audit, publish validation, edits by phase, bad input) and the
player routes (list, detail, join, claim with an Idempotency-Key and the live balance, leaderboard)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.audit import AuditLog
from casino_app.services import ledger
from casino_app.services.actions import Action, Kind, record
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


async def _staff(client, role: str = "admin") -> dict[str, str]:
    site_id = f"ev{role[:3]}{uuid.uuid4().hex[:8]}"
    new_staff(role, site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return bearer(response.json()["access_token"])


def _kst(delta: timedelta) -> str:
    """A KST wall-clock time ``delta`` from now, without an offset (naive means KST)."""
    return (clock.now() + delta).astimezone(clock.business_tz()).replace(tzinfo=None).isoformat(timespec="seconds")


def _event(key: str, starts: timedelta, ends: timedelta) -> dict[str, str]:
    return {
        "key": key,
        "title_ko": "겨울 이벤트",
        "title_en": "Winter event",
        "description_ko": "슬롯을 즐겨 보세요",
        "starts_at": _kst(starts),
        "ends_at": _kst(ends),
    }


MISSION = {"title_ko": "슬롯 1회", "title_en": "One spin", "action": "round_played", "game": "slot", "goal": 1}


def _audited(event_id: int) -> list[str]:
    with session_scope() as db:
        rows = db.exec(
            select(AuditLog).where(AuditLog.target_type == "event", AuditLog.target_id == str(event_id))
        ).all()
        return [row.action for row in sorted(rows, key=lambda r: r.id or 0)]


async def test_staff_roles_guard_the_console() -> None:
    player = bearer(new_player().access_token)
    async with api_client() as client:
        operator, admin = await _staff(client, "operator"), await _staff(client)
        body = _event("roles-check", timedelta(days=1), timedelta(days=2))
        assert_envelope(await client.get("/api/admin/events"), 401)
        assert_envelope(await client.get("/api/admin/events", headers=player), 403)
        assert (await client.get("/api/admin/events", headers=operator)).status_code == 200
        assert_envelope(await client.post("/api/admin/events", headers=operator, json=body), 403)
        assert_envelope(await client.post("/api/admin/events", headers=player, json=body), 403)
        created = await client.post("/api/admin/events", headers=admin, json=body)
        assert created.status_code == 201, created.text
        event_id = created.json()["id"]
        for path in ("publish", "end"):
            assert_envelope(await client.post(f"/api/admin/events/{event_id}/{path}", headers=operator), 403)
        assert_envelope(await client.delete(f"/api/admin/events/{event_id}", headers=operator), 403)
        added = await client.post(f"/api/admin/events/{event_id}/missions", headers=operator, json=MISSION)
        assert_envelope(added, 403)
        assert_envelope(await client.get("/api/events", headers=admin), 403)  # staff are not players
    assert _audited(event_id) == ["event.create"]


async def test_create_publish_edit_end_with_audit_and_kst_times() -> None:
    async with api_client() as client:
        admin = await _staff(client)
        body = _event("Winter-2026", timedelta(hours=1), timedelta(days=3))
        created = (await client.post("/api/admin/events", headers=admin, json=body)).json()
        event_id = created["id"]
        assert (created["key"], created["status"], created["phase"]) == ("winter-2026", "draft", "draft")
        assert created["starts_at"] == body["starts_at"] + "+09:00"  # naive input is KST, shown in KST
        taken = await client.post("/api/admin/events", headers=admin, json={**body, "key": "WINTER-2026"})
        assert_envelope(taken, 409, "EVENT_KEY_TAKEN")
        no_missions = await client.post(f"/api/admin/events/{event_id}/publish", headers=admin)
        assert_envelope(no_missions, 409, "EVENT_NO_MISSIONS")
        mission = await client.post(f"/api/admin/events/{event_id}/missions", headers=admin, json=MISSION)
        assert mission.status_code == 201, mission.text
        assert (mission.json()["event_id"], mission.json()["key"].startswith(f"event{event_id}_")) == (event_id, True)
        published = (await client.post(f"/api/admin/events/{event_id}/publish", headers=admin)).json()
        assert (published["status"], published["phase"], published["missions"]) == ("published", "upcoming", 1)
        again = await client.post(f"/api/admin/events/{event_id}/publish", headers=admin)
        assert_envelope(again, 409, "EVENT_LOCKED")
        renamed = {**body, "key": "winter-2026", "title_en": "Winter festival"}
        edited = await client.put(f"/api/admin/events/{event_id}", headers=admin, json=renamed)
        assert edited.json()["title_en"] == "Winter festival"
        rekeyed = await client.put(f"/api/admin/events/{event_id}", headers=admin, json={**renamed, "key": "other"})
        assert assert_envelope(rekeyed, 409, "EVENT_LOCKED")["details"]["field"] == "key"
        deleted = await client.delete(f"/api/admin/events/{event_id}", headers=admin)
        assert_envelope(deleted, 409, "EVENT_LOCKED")
        ended = (await client.post(f"/api/admin/events/{event_id}/end", headers=admin)).json()
        assert (ended["status"], ended["phase"]) == ("ended", "ended")
        assert_envelope(await client.post(f"/api/admin/events/{event_id}/end", headers=admin), 409, "EVENT_LOCKED")
        listed = (await client.get("/api/admin/events", headers=admin)).json()
        assert [e["id"] for e in listed] == [event_id]
    assert _audited(event_id) == ["event.create", "event.publish", "event.update", "event.end"]
    with session_scope() as db:
        (update,) = db.exec(select(AuditLog).where(AuditLog.action == "event.update")).all()
    assert update.details["changed"] == ["title_en"]
    assert (update.details["before"]["title_en"], update.details["after"]["title_en"]) == (
        "Winter event",
        "Winter festival",
    )
    assert update.actor_id is not None


async def test_live_events_only_get_later_ends_and_drafts_can_be_deleted() -> None:
    async with api_client() as client:
        admin = await _staff(client)
        live = _event("live-edit", -timedelta(hours=1), timedelta(days=1))
        event_id = (await client.post("/api/admin/events", headers=admin, json=live)).json()["id"]
        await client.post(f"/api/admin/events/{event_id}/missions", headers=admin, json=MISSION)
        published = await client.post(f"/api/admin/events/{event_id}/publish", headers=admin)
        assert published.json()["phase"] == "live"  # a start in the past: live at once
        late_mission = await client.post(f"/api/admin/events/{event_id}/missions", headers=admin, json=MISSION)
        assert_envelope(late_mission, 409, "EVENT_LOCKED")
        shorter = await client.put(
            f"/api/admin/events/{event_id}", headers=admin, json={**live, "ends_at": _kst(timedelta(hours=12))}
        )
        assert assert_envelope(shorter, 409, "EVENT_LOCKED")["details"]["field"] == "ends_at"
        moved = await client.put(
            f"/api/admin/events/{event_id}", headers=admin, json={**live, "starts_at": _kst(timedelta(0))}
        )
        assert assert_envelope(moved, 409, "EVENT_LOCKED")["details"]["field"] == "starts_at"
        longer = await client.put(
            f"/api/admin/events/{event_id}", headers=admin, json={**live, "ends_at": _kst(timedelta(days=2))}
        )
        assert longer.status_code == 200, longer.text
        draft = _event("draft-gone", timedelta(days=1), timedelta(days=2))
        draft_id = (await client.post("/api/admin/events", headers=admin, json=draft)).json()["id"]
        await client.post(f"/api/admin/events/{draft_id}/missions", headers=admin, json=MISSION)
        assert (await client.delete(f"/api/admin/events/{draft_id}", headers=admin)).status_code == 204
        assert_envelope(await client.get(f"/api/admin/events/{draft_id}", headers=admin), 404, "EVENT_NOT_FOUND")
        assert_envelope(await client.get(f"/api/admin/events/{draft_id}/missions", headers=admin), 404)
    assert _audited(draft_id) == ["event.create", "event.delete"]


async def test_bad_input_gets_4xx_envelopes() -> None:
    async with api_client() as client:
        admin = await _staff(client)
        good = _event("bad-input", timedelta(days=1), timedelta(days=2))
        cases = [
            ({**good, "ends_at": good["starts_at"]}, "EVENT_INVALID"),
            ({**good, "key": "a b"}, "VALIDATION_ERROR"),
            ({**good, "title_ko": "   "}, "EVENT_INVALID"),
            ({**good, "starts_at": "0001-01-01T00:00:00+09:00"}, "VALIDATION_ERROR"),
            ({**good, "starts_at": "tomorrow"}, "VALIDATION_ERROR"),
            ({**good, "status": "published"}, "VALIDATION_ERROR"),
        ]
        for body, code in cases:
            assert_envelope(await client.post("/api/admin/events", headers=admin, json=body), 422, code)
        past = _event("past-window", -timedelta(days=2), -timedelta(days=1))
        past_id = (await client.post("/api/admin/events", headers=admin, json=past)).json()["id"]
        await client.post(f"/api/admin/events/{past_id}/missions", headers=admin, json=MISSION)
        refused = await client.post(f"/api/admin/events/{past_id}/publish", headers=admin)
        assert assert_envelope(refused, 422, "EVENT_INVALID")["details"]["field"] == "ends_at"
        bad_game = await client.post(
            f"/api/admin/events/{past_id}/missions", headers=admin, json={**MISSION, "game": "nope"}
        )
        assert_envelope(bad_game, 422, "MISSION_INVALID")
        bad_action = await client.post(
            f"/api/admin/events/{past_id}/missions", headers=admin, json={**MISSION, "action": "xp_earned"}
        )
        assert_envelope(bad_action, 422, "VALIDATION_ERROR")
        keyed = {**MISSION, "key": "dup_mission_key"}
        first = await client.post(f"/api/admin/events/{past_id}/missions", headers=admin, json=keyed)
        assert first.status_code == 201, first.text
        duplicate = await client.post(f"/api/admin/events/{past_id}/missions", headers=admin, json=keyed)
        assert_envelope(duplicate, 409, "MISSION_KEY_TAKEN")
        assert_envelope(await client.post("/api/admin/events/999999/publish", headers=admin), 404, "EVENT_NOT_FOUND")
        assert_envelope(await client.post("/api/admin/events/0/publish", headers=admin), 422)
        player = bearer(new_player().access_token)
        assert_envelope(await client.get("/api/events/999999", headers=player), 404, "EVENT_NOT_FOUND")
        assert_envelope(await client.get(f"/api/events/{past_id}", headers=player), 404, "EVENT_NOT_FOUND")  # a draft
        assert_envelope(await client.post(f"/api/events/{past_id}/join", headers=player), 404, "EVENT_NOT_FOUND")
        no_key = await client.post(f"/api/events/{past_id}/missions/1/claim", headers=player)
        assert_envelope(no_key, 400, "IDEMPOTENCY_KEY_REQUIRED")
        board = await client.get(f"/api/events/{past_id}/leaderboard?limit=0", headers=player)
        assert_envelope(board, 422)


async def test_player_joins_plays_and_claims_once_with_the_live_balance() -> None:
    pair = new_player()
    user, headers = pair.user.id, bearer(pair.access_token)
    async with api_client() as client:
        admin = await _staff(client)
        body = _event("play-claim", -timedelta(minutes=5), timedelta(days=1))
        event_id = (await client.post("/api/admin/events", headers=admin, json=body)).json()["id"]
        reward = {**MISSION, "game": None, "reward_gold": 900}
        await client.post(f"/api/admin/events/{event_id}/missions", headers=admin, json=reward)
        await client.post(f"/api/admin/events/{event_id}/publish", headers=admin)
        (listed,) = (await client.get("/api/events", headers=headers)).json()
        assert (listed["id"], listed["phase"], listed["joined"]) == (event_id, "live", False)
        joined = (await client.post(f"/api/events/{event_id}/join", headers=headers)).json()
        assert (joined["joined"], joined["points"]) == (True, 0)
        with session_scope() as db:
            record(db, Action(user, Kind.ROUND_PLAYED, game="rps"))
        detail = (await client.get(f"/api/events/{event_id}", headers=headers)).json()
        (mission,) = detail["missions"]
        assert (mission["progress"], mission["completed"], mission["claimed"]) == (1, True, False)
        assert detail["event"]["points"] == 1
        before = ledger.balance_of(user)
        path = f"/api/events/{event_id}/missions/{mission['id']}/claim"
        key = {"Idempotency-Key": str(uuid.uuid4())}
        responses = await asyncio.gather(*[client.post(path, headers={**headers, **key}) for _ in range(5)])
        other = await client.post(path, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
        assert_envelope(other, 409, "MISSION_ALREADY_CLAIMED")
        board = (await client.get(f"/api/events/{event_id}/leaderboard", headers=headers)).json()
    ok = [r for r in responses if r.status_code == 200]
    assert ok, [r.text for r in responses]
    assert {r.json()["balance"] for r in ok} == {before + 900}
    assert all(r.status_code in (200, 409) for r in responses)
    assert ledger.balance_of(user) == before + 900
    assert board["me"] == {"joined": True, "points": 1, "rank": 1, "hidden": False}
    assert [(e["rank"], e["points"], e["is_me"]) for e in board["entries"]] == [(1, 1, True)]
