"""Wallet REST: balance, history pagination, idempotent money routes, admin tools."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.services import ledger
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio


async def _staff_token(client) -> str:
    site_id = f"ops{uuid.uuid4().hex[:8]}"
    new_staff("operator", site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return response.json()["access_token"]


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def test_signup_grants_welcome_gold_and_history_pages() -> None:
    pair = new_player()
    fund(pair.user.id, 5)
    fund(pair.user.id, 7)
    async with api_client() as client:
        headers = bearer(pair.access_token)
        assert (await client.get("/api/users/balance", headers=headers)).json() == {"gold": 1012}
        first = (await client.get("/api/wallet/ledger?limit=2", headers=headers)).json()
        assert [i["amount"] for i in first["items"]] == [7, 5]
        assert first["items"][0]["balance_after"] == 1012
        second = (await client.get(f"/api/wallet/ledger?limit=2&cursor={first['next_cursor']}", headers=headers)).json()
        assert [i["kind"] for i in second["items"]] == ["WELCOME"]
        assert second["next_cursor"] is None
        bad = await client.get("/api/wallet/ledger?cursor=nonsense!", headers=headers)
        assert_envelope(bad, 422, "CURSOR_INVALID")


async def test_money_routes_require_an_idempotency_key() -> None:
    pair = new_player()
    async with api_client() as client:
        missing = await client.post("/api/streak/claim", headers=bearer(pair.access_token))
        assert_envelope(missing, 400, "IDEMPOTENCY_KEY_REQUIRED")
        invalid = await client.post("/api/streak/claim", headers={**bearer(pair.access_token), "Idempotency-Key": "x"})
        assert_envelope(invalid, 400, "IDEMPOTENCY_KEY_INVALID")


async def test_claim_twice_with_the_same_key_replays_and_a_new_key_is_409() -> None:
    pair = new_player()
    key = _key()
    async with api_client() as client:
        headers = {**bearer(pair.access_token), **key}
        first = await client.post("/api/streak/claim", headers=headers)
        assert first.status_code == 200, first.text
        replay = await client.post("/api/streak/claim", headers=headers)
        assert replay.json() == first.json()
        assert replay.headers["idempotent-replayed"] == "true"
        again = await client.post("/api/streak/claim", headers={**bearer(pair.access_token), **_key()})
        assert_envelope(again, 409, "ALREADY_CLAIMED")
        status = (await client.get("/api/streak/status", headers=bearer(pair.access_token))).json()
        assert status["claimed_today"] is True
        history = (await client.get("/api/streak/history", headers=bearer(pair.access_token))).json()
        assert len(history["claimed_dates"]) == 1
        protection = await client.post(
            "/api/streak/protection", headers=bearer(pair.access_token), json={"auto_use": False}
        )
        assert protection.json()["auto_use"] is False
    assert ledger.balance_of(pair.user.id) == 1000 + 1200


async def test_admin_adjustment_is_audited_and_idempotent() -> None:
    pair = new_player()
    async with api_client() as client:
        token = await _staff_token(client)
        key = _key()
        url = f"/api/admin/users/{pair.user.id}/gold"
        credit = await client.post(url, headers={**bearer(token), **key}, json={"amount": 500, "reason": "보상 지급"})
        assert credit.status_code == 200, credit.text
        assert credit.json()["balance"] == 1500
        same = await client.post(url, headers={**bearer(token), **key}, json={"amount": 500, "reason": "보상 지급"})
        assert same.json() == credit.json()
        reused = await client.post(url, headers={**bearer(token), **key}, json={"amount": 501, "reason": "보상 지급"})
        assert_envelope(reused, 409, "IDEMPOTENCY_KEY_REUSED")
        too_much = await client.post(url, headers={**bearer(token), **_key()}, json={"amount": -5000, "reason": "회수"})
        assert_envelope(too_much, 409, "INSUFFICIENT_FUNDS")
        no_reason = await client.post(url, headers={**bearer(token), **_key()}, json={"amount": 5, "reason": "  "})
        assert_envelope(no_reason, 422)
        zero = await client.post(url, headers={**bearer(token), **_key()}, json={"amount": 0, "reason": "x"})
        assert_envelope(zero, 422, "AMOUNT_INVALID")
        player_try = await client.post(
            url, headers={**bearer(pair.access_token), **_key()}, json={"amount": 5, "reason": "x"}
        )
        assert_envelope(player_try, 403)
        reconcile = (await client.get("/api/admin/ledger/reconcile", headers=bearer(token))).json()
        assert reconcile["ok"] is True
        assert reconcile["sums"] == {"GOLD": 0}
        assert reconcile["mismatched_accounts"] == 0
    with get_engine().connect() as conn:
        audits = (
            conn.execute(sa.text("SELECT details->>'amount' FROM audit_log WHERE action = 'gold.adjust'"))
            .scalars()
            .all()
        )
    assert audits == ["500"]


async def test_200_concurrent_rest_debits_on_one_wallet() -> None:
    pair = new_player()
    async with api_client() as client:
        token = await _staff_token(client)
        url = f"/api/admin/users/{pair.user.id}/gold"
        amounts = [3 + (i * 7) % 13 for i in range(200)]
        responses = await asyncio.gather(
            *[
                client.post(url, headers={**bearer(token), **_key()}, json={"amount": -a, "reason": "load"})
                for a in amounts
            ]
        )
    statuses = [r.status_code for r in responses]
    assert all(s < 500 for s in statuses)
    assert set(statuses) <= {200, 409}
    for response in responses:
        if response.status_code == 409:
            assert response.json()["error"]["code"] == "INSUFFICIENT_FUNDS"
        else:
            assert response.json()["balance"] >= 0
    accepted = sum(a for a, r in zip(amounts, responses, strict=True) if r.status_code == 200)
    assert ledger.balance_of(pair.user.id) == 1000 - accepted
    assert 409 in statuses
    assert ledger.reconcile().ok


async def test_same_idempotency_key_50_times_concurrently_moves_gold_once() -> None:
    pair = new_player()
    async with api_client() as client:
        token = await _staff_token(client)
        key = _key()
        url = f"/api/admin/users/{pair.user.id}/gold"
        responses = await asyncio.gather(
            *[
                client.post(url, headers={**bearer(token), **key}, json={"amount": 77, "reason": "once"})
                for _ in range(50)
            ]
        )
    ok = [r for r in responses if r.status_code == 200]
    assert ok
    assert all(r.status_code in (200, 409) for r in responses)
    assert len({r.text for r in ok}) == 1  # identical responses
    assert ledger.balance_of(pair.user.id) == 1077
    with get_engine().connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM ledger_transfers WHERE kind = 'ADMIN_ADJUST'")) == 1


async def test_economy_view_reports_sources_sinks_and_alert() -> None:
    new_player()
    pair = new_player()
    async with api_client() as client:
        token = await _staff_token(client)
        await client.post(
            f"/api/admin/users/{pair.user.id}/gold",
            headers={**bearer(token), **_key()},
            json={"amount": -300, "reason": "sink"},
        )
        view = (await client.get("/api/admin/economy?days=7", headers=bearer(token))).json()
    assert view["circulation"] == 1700
    today = view["daily"][-1]
    assert today["sources"]["WELCOME"] == 2000
    assert today["sinks"]["ADMIN_ADJUST"] == 300
    assert view["net_injection"] == 1700
    assert view["net_injection_pct"] == 100.0
    assert view["inflation_alert"] is True
    assert len(view["daily"]) == 7
