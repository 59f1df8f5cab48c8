"""Missions over REST: the board in the caller's language, idempotent claims, and the staff API (roles, audit, 4xx)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.services import actions, ledger
from casino_app.services.actions import Action, Kind
from casino_app.services.missions import defaults
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.events import make_event

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _default_missions() -> None:
    with session_scope() as db:
        defaults.install(db)


def _rows(sql: str, **params: object) -> list[tuple]:
    with get_engine().connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params).all()]


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def _staff(client, role: str) -> dict[str, str]:
    site_id = f"ops{uuid.uuid4().hex[:8]}"
    new_staff(role, site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return bearer(response.json()["access_token"])


def _mission_id(key: str) -> int:
    return int(_rows("SELECT id FROM mission_templates WHERE key = :k", k=key)[0][0])


async def test_board_in_the_callers_language_and_an_idempotent_claim() -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    with session_scope() as db:
        actions.record(db, Action(pair.user.id, Kind.GACHA_PULL, game="gacha"))
    async with api_client() as client:
        board = (await client.get("/api/missions", headers=headers)).json()
        assert {"daily", "weekly", "onboarding", "onboarding_done", "resets"} <= set(board)
        gacha = next(m for m in board["onboarding"] if m["key"] == "onboarding_gacha_pull")
        assert gacha["title"] == "가챠 한 번 뽑기"
        assert (gacha["progress"], gacha["goal"], gacha["completed"], gacha["claimed"]) == (1, 1, True, False)
        assert gacha["reward"]["gold"] == 300
        assert gacha["reward"]["item"]["key"] == "roulette_ticket"
        english = (await client.get("/api/missions", headers={**headers, "Accept-Language": "en-US"})).json()
        assert next(m for m in english["onboarding"] if m["id"] == gacha["id"])["title"] == "Pull the gacha"

        before = ledger.balance_of(pair.user.id)
        key = _key()
        first = await client.post(f"/api/missions/{gacha['id']}/claim", headers={**headers, **key})
        assert first.status_code == 200, first.text
        assert first.json()["gold"] == 300
        assert first.json()["balance"] == before + 300
        again = await client.post(f"/api/missions/{gacha['id']}/claim", headers={**headers, **key})
        assert again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        other = await client.post(f"/api/missions/{gacha['id']}/claim", headers={**headers, **_key()})
        assert_envelope(other, 409, "MISSION_ALREADY_CLAIMED")
        assert ledger.balance_of(pair.user.id) == before + 300

        assert_envelope(await client.post(f"/api/missions/{gacha['id']}/claim", headers=headers), 400)
        slot = next(m for m in board["onboarding"] if m["key"] == "onboarding_slot_spin")
        not_yet = await client.post(f"/api/missions/{slot['id']}/claim", headers={**headers, **_key()})
        assert_envelope(not_yet, 409, "MISSION_NOT_COMPLETED")
        missing = await client.post("/api/missions/999999/claim", headers={**headers, **_key()})
        assert_envelope(missing, 404, "MISSION_NOT_FOUND")
        assert_envelope(await client.post("/api/missions/0/claim", headers={**headers, **_key()}), 422)
        assert_envelope(await client.get("/api/missions"), 401)
        assert_envelope(await client.get("/api/missions", headers=await _staff(client, "admin")), 403)


NEW = {
    "key": "weekly_rps_rounds",
    "title_ko": "가위바위보 10판",
    "title_en": "10 RPS rounds",
    "cadence": "weekly",
    "action": "round_played",
    "game": "rps",
    "goal": 10,
    "reward_gold": 500,
    "reward_xp": 20,
}


async def test_staff_roles_crud_and_audit() -> None:
    player = bearer(new_player().access_token)
    async with api_client() as client:
        operator, admin = await _staff(client, "operator"), await _staff(client, "admin")
        assert_envelope(await client.get("/api/admin/missions", headers=player), 403)
        assert len((await client.get("/api/admin/missions", headers=operator)).json()) == len(defaults.DEFAULTS)
        assert_envelope(await client.post("/api/admin/missions", json=NEW, headers=operator), 403, "STAFF_REQUIRED")
        assert_envelope(await client.post("/api/admin/missions", json=NEW, headers=player), 403)

        created = await client.post("/api/admin/missions", json=NEW, headers=admin)
        assert created.status_code == 201, created.text
        mission = created.json()["id"]
        assert_envelope(await client.post("/api/admin/missions", json=NEW, headers=admin), 409, "MISSION_KEY_TAKEN")
        assert (await client.get(f"/api/admin/missions/{mission}", headers=operator)).json()["game"] == "rps"

        edited = await client.put(f"/api/admin/missions/{mission}", json={"goal": 12, "game": None}, headers=admin)
        assert (edited.json()["goal"], edited.json()["game"]) == (12, None)
        assert_envelope(await client.put(f"/api/admin/missions/{mission}", json={"goal": 3}, headers=operator), 403)
        off = await client.post(f"/api/admin/missions/{mission}/deactivate", headers=admin)
        assert off.json()["is_active"] is False
        on = await client.post(f"/api/admin/missions/{mission}/activate", headers=admin)
        assert on.json()["is_active"] is True

        in_use = _mission_id("daily_checkin")
        pair = new_player()
        with session_scope() as db:
            actions.record(db, Action(pair.user.id, Kind.DAILY_CHECKIN))
        kept = (await client.delete(f"/api/admin/missions/{in_use}", headers=admin)).json()
        assert (kept["deleted"], kept["template"]["is_active"]) == (False, False)
        gone = (await client.delete(f"/api/admin/missions/{mission}", headers=admin)).json()
        assert gone["deleted"] is True
        assert_envelope(await client.get(f"/api/admin/missions/{mission}", headers=operator), 404, "MISSION_NOT_FOUND")

    audit = _rows(
        "SELECT action, details FROM audit_log WHERE target_type = 'mission_template' AND target_id = :t ORDER BY id",
        t=str(mission),
    )
    assert [a for a, _ in audit] == [
        "mission.template.create",
        "mission.template.update",
        "mission.template.deactivate",
        "mission.template.activate",
        "mission.template.delete",
    ]
    assert audit[1][1]["before"] == {"goal": 10, "game": "rps"}
    assert audit[1][1]["after"] == {"goal": 12, "game": None}
    assert _rows("SELECT action FROM audit_log WHERE target_id = :t", t=str(in_use)) == [
        ("mission.template.deactivate",)
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action": "xp_earned"}, "action"),
        ({"game": "poker"}, "game"),
        ({"action": "gacha_pull", "game": "slot"}, "game"),
        ({"goal": 0}, None),
        ({"goal": 10_001}, None),
        ({"reward_gold": 100_001}, None),
        ({"reward_gold": -1}, None),
        ({"cadence": "event"}, "event_id"),
        ({"event_id": 1}, "event_id"),
        ({"cadence": "event", "event_id": 987654}, "event_id"),
        ({"cadence": "monthly"}, None),
        ({"reward_item_key": "golden_unicorn", "reward_item_quantity": 1}, "reward_item_key"),
        ({"reward_item_key": "roulette_ticket"}, "reward_item_quantity"),
        ({"reward_item_quantity": 2}, "reward_item_quantity"),
        ({"key": "Bad Key"}, None),
        ({"title_ko": "   "}, "title_ko"),
        ({"title_en": "x\u0000y"}, None),
        ({"goal": "10"}, None),
        ({"unknown": 1}, None),
    ],
)
async def test_bad_templates_are_422_never_500(change: dict, field: str | None) -> None:
    async with api_client() as client:
        admin = await _staff(client, "admin")
        response = await client.post("/api/admin/missions", json={**NEW, **change}, headers=admin)
        error = assert_envelope(response, 422)
        if field is not None:
            assert error["code"] == "MISSION_INVALID"
            assert error["details"]["field"] == field


async def test_fixed_fields_and_bad_edits_are_refused() -> None:
    mission = _mission_id("weekly_follow")
    async with api_client() as client:
        admin = await _staff(client, "admin")
        for body in ({"cadence": "daily"}, {"key": "x_y_z"}, {"goal": 0}, {"action": "nope"}, {"reward_xp": 10_001}):
            assert_envelope(await client.put(f"/api/admin/missions/{mission}", json=body, headers=admin), 422)
        missing = await client.put("/api/admin/missions/999999", json={"goal": 2}, headers=admin)
        assert_envelope(missing, 404, "MISSION_NOT_FOUND")
        assert_envelope(await client.post("/api/admin/missions/999999/activate", headers=admin), 404)
        assert_envelope(await client.delete("/api/admin/missions/999999", headers=admin), 404)


def _event_mission(event_id: int) -> int:
    return int(_rows("SELECT id FROM mission_templates WHERE event_id = :e ORDER BY id LIMIT 1", e=event_id)[0][0])


async def test_event_missions_are_fixed_once_the_event_started() -> None:
    # The events module's rule (missions only before the start) holds on the generic missions API too.
    now = clock.now()
    live = make_event(starts_at=now - timedelta(days=1))
    ended = make_event(starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=3))
    upcoming = make_event(starts_at=now + timedelta(days=2))
    draft = make_event(starts_at=now - timedelta(days=1), publish=False)  # not published: it has not started
    body = {**NEW, "cadence": "event", "action": "round_played", "game": "slot"}
    async with api_client() as client:
        admin = await _staff(client, "admin")
        for event in (live, ended):
            refused = await client.post(
                "/api/admin/missions", json={**body, "key": f"late_{event}", "event_id": event}, headers=admin
            )
            error = assert_envelope(refused, 409, "EVENT_LOCKED")
            assert error["details"]["status"] == ("live" if event == live else "ended")
            mission = _event_mission(event)
            for change in (
                {"goal": 99},
                {"reward_gold": 100_000},
                {"reward_xp": 5},
                {"action": "gacha_pull", "game": None},
                {"game": "rps"},
                {"reward_item_key": "roulette_ticket", "reward_item_quantity": 1},
            ):
                edit = await client.put(f"/api/admin/missions/{mission}", json=change, headers=admin)
                assert_envelope(edit, 409, "EVENT_LOCKED")
            texts = {"title_en": "Renamed", "description_ko": "설명만 바뀌어요"}
            renamed = await client.put(f"/api/admin/missions/{mission}", json=texts, headers=admin)
            assert renamed.status_code == 200, renamed.text
            assert renamed.json()["title_en"] == "Renamed"
            same = await client.put(f"/api/admin/missions/{mission}", json={"goal": 1}, headers=admin)  # unchanged
            assert same.status_code == 200, same.text
        assert not _rows("SELECT id FROM mission_templates WHERE key LIKE 'late\\_%'")
        assert _rows("SELECT goal, reward_gold FROM mission_templates WHERE id = :m", m=_event_mission(live)) == [
            (1, 500)
        ]

        for event in (upcoming, draft):
            added = await client.post(
                "/api/admin/missions", json={**body, "key": f"early_{event}", "event_id": event}, headers=admin
            )
            assert added.status_code == 201, added.text
            edit = await client.put(f"/api/admin/missions/{added.json()['id']}", json={"goal": 7}, headers=admin)
            assert edit.json()["goal"] == 7


async def test_the_board_lists_yesterdays_unclaimed_reward_after_midnight() -> None:
    kst = clock.business_tz()
    frozen = clock.FrozenClock(clock.start_of_business_day(clock.business_date(clock.now())) - timedelta(seconds=2))
    with clock.use_clock(frozen):
        pair = new_player()
        headers = bearer(pair.access_token)
        with session_scope() as db:
            actions.record(db, Action(pair.user.id, Kind.DAILY_CHECKIN))
        yesterday = f"D{frozen.now().astimezone(kst).date().isoformat()}"
        frozen.advance(timedelta(seconds=3))  # 00:00:01 KST
        async with api_client() as client:
            board = (await client.get("/api/missions", headers=headers)).json()
            first = board["daily"][0]
            assert (first["key"], first["period_key"], first["previous_period"]) == ("daily_checkin", yesterday, True)
            assert (first["completed"], first["claimed"], first["note"]) == (True, False, "어제 완료한 미션")
            today = next(m for m in board["daily"] if m["key"] == "daily_checkin" and not m["previous_period"])
            assert (today["progress"], today["completed"], today["note"]) == (0, False, None)
            english = (await client.get("/api/missions", headers={**headers, "Accept-Language": "en"})).json()
            assert english["daily"][0]["note"] == "Completed yesterday"

            claimed = await client.post(f"/api/missions/{first['id']}/claim", headers={**headers, **_key()})
            assert claimed.status_code == 200, claimed.text
            assert claimed.json()["gold"] == 100
            after = (await client.get("/api/missions", headers=headers)).json()
            assert not any(m["previous_period"] for m in after["daily"])
