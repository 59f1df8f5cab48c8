"""The versioned economy configuration: versions, audit, what signup and the daily reward read, the admin API."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.models.audit import AuditLog
from casino_app.services import daily, ledger
from casino_app.services.economy import config
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio

DEFAULT = config.DEFAULT_ECONOMY.model_dump(mode="json")


def _changed(**changes: int) -> dict[str, int]:
    return {**DEFAULT, **changes}


async def _token(client, role: str) -> str:
    site_id = f"{role[:3]}{uuid.uuid4().hex[:8]}"
    new_staff(role, site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return response.json()["access_token"]


def test_version_1_is_the_shipped_default_and_reads_never_write() -> None:
    active = config.active()
    assert (active.version, active.config) == (1, config.DEFAULT_ECONOMY)
    [only] = config.versions()  # a table emptied behind the migration's back gets version 1 back
    assert (only["version"], only["is_active"], only["config"]) == (1, True, DEFAULT)


def test_a_new_version_is_active_for_everyone_and_audited_with_before_after_and_why() -> None:
    admin = new_staff("admin")
    published = config.add_version(_changed(starter_gold=2_000), reason="  tuning  ", actor_id=admin, ip="10.1.1.1")
    assert (published.version, published.config.starter_gold, published.reason) == (2, 2_000, "tuning")
    assert config.active().version == 2
    assert [(v["version"], v["is_active"]) for v in config.versions()] == [(2, True), (1, False)]
    with session_scope() as db:
        row = db.execute(sa.select(AuditLog).where(AuditLog.action == "economy_config.add_version")).scalar_one()
        assert (row.actor_id, row.target_id, row.ip) == (admin, "2", "10.1.1.1")
        assert row.details["before"] == {"version": 1, "config": DEFAULT}
        assert row.details["after"]["starter_gold"] == 2_000
        assert row.details["reason"] == "tuning"


def test_signup_and_the_daily_reward_read_the_active_version() -> None:
    admin = new_staff("admin")
    config.add_version(
        _changed(starter_gold=2_500, daily_gold_base=300, daily_gold_per_streak_day=100, daily_gold_cap=500),
        reason="test",
        actor_id=admin,
    )
    player = new_player()
    assert ledger.balance_of(player.user.id) == 2_500
    assert daily.reward_for(1).gold == 400
    assert daily.reward_for(9).gold == 500  # capped
    claimed = daily.claim(player.user.id)
    assert (claimed.gold, claimed.balance) == (400, 2_900)


def test_invalid_versions_and_blank_reasons_change_nothing() -> None:
    admin = new_staff("admin")
    with pytest.raises(config.ValidationFailed) as caught:
        config.add_version(_changed(daily_gold_cap=10), reason="x", actor_id=admin)
    assert caught.value.error_code == "ECONOMY_CONFIG_INVALID"
    with pytest.raises(config.ValidationFailed) as caught:
        config.add_version(DEFAULT, reason="   ", actor_id=admin)
    assert caught.value.error_code == "REASON_REQUIRED"
    assert config.active().version == 1


async def test_the_admin_api_reads_for_staff_and_publishes_for_admins_only() -> None:
    async with api_client() as client:
        assert_envelope(await client.get("/api/admin/economy/config"), 401)
        player = new_player()
        assert_envelope(await client.get("/api/admin/economy/config", headers=bearer(player.access_token)), 403)
        operator = bearer(await _token(client, "operator"))
        current = await client.get("/api/admin/economy/config", headers=operator)
        assert current.status_code == 200
        assert (current.json()["version"], current.json()["config"]) == (1, DEFAULT)
        body = {"config": _changed(daily_gold_cap=2_000), "reason": "한 주 더 지켜보기"}
        assert_envelope(await client.post("/api/admin/economy/configs", json=body, headers=operator), 403)
        assert_envelope(await client.post("/api/admin/economy/configs", json=body), 401)

        admin = bearer(await _token(client, "admin"))
        bad = await client.post(
            "/api/admin/economy/configs", json={**body, "config": _changed(daily_gold_cap=1)}, headers=admin
        )
        assert_envelope(bad, 422)  # the cap is below the first day's 1,200
        for config_in in (
            {**DEFAULT, "bonus": 5},
            {**DEFAULT, "starter_gold": "1000"},
            {**DEFAULT, "starter_gold": True},
        ):
            wrong = await client.post("/api/admin/economy/configs", json={**body, "config": config_in}, headers=admin)
            assert_envelope(wrong, 422)
        assert_envelope(
            await client.post("/api/admin/economy/configs", json={**body, "reason": ""}, headers=admin), 422
        )
        assert_envelope(await client.post("/api/admin/economy/configs", json={"config": DEFAULT}, headers=admin), 422)

        created = await client.post("/api/admin/economy/configs", json=body, headers=admin)
        assert created.status_code == 201
        assert (created.json()["version"], created.json()["config"]["daily_gold_cap"]) == (2, 2_000)
        assert created.json()["reason"] == "한 주 더 지켜보기"
        listed = (await client.get("/api/admin/economy/configs", headers=operator)).json()
        assert [(v["version"], v["is_active"]) for v in listed] == [(2, True), (1, False)]
        assert daily.reward_for(10).gold == 2_000


def test_the_simulator_can_read_the_live_versions() -> None:
    from casino_app.services.economy import inputs, sim
    from casino_app.services.missions import defaults as mission_defaults

    admin = new_staff("admin")
    config.add_version(_changed(daily_gold_cap=1_600), reason="try a lower cap", actor_id=admin)
    with session_scope() as db:
        mission_defaults.install(db)
    live = inputs.live()
    assert live.economy.daily_gold_cap == 1_600
    assert "economy v2" in live.source
    assert {m.key for m in live.missions} == {m.key for m in mission_defaults.DEFAULTS if m.cadence in inputs.CADENCES}
    assert live.slot == inputs.shipped().slot
    result = sim.run(live, days=2, players=10)
    assert result.daily[0].sources["daily"] > 0
