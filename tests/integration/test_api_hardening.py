"""Review fixes seen through the REST API: cursors out of range (L2), entry order (L1),
verify bounds and statuses (L7), and what anonymous callers learn from /api/health (L6)."""

from __future__ import annotations

import base64
import uuid

import pytest

from casino_app.services import heartbeat, ledger
from casino_app.services.ledger import Leg
from casino_app.settings import get_settings
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("path", ["/api/wallet/ledger", "/api/games/history"])
@pytest.mark.parametrize("digits", ["9" * 25, str(2**63), "١٢٣", "１２", "-1", " 7"])
async def test_cursors_beyond_bigint_or_in_other_digits_are_422(path: str, digits: str) -> None:
    kind = "e" if path == "/api/wallet/ledger" else "r"
    pair = new_player()
    async with api_client() as client:
        response = await client.get(path, params={"cursor": _cursor(kind + digits)}, headers=bearer(pair.access_token))
    error = assert_envelope(response, 422, "CURSOR_INVALID")
    assert error["details"] == {"field": "cursor"}


@pytest.mark.parametrize("path", ["/api/wallet/ledger", "/api/games/history"])
async def test_the_largest_bigint_cursor_is_a_valid_first_page(path: str) -> None:
    kind = "e" if path == "/api/wallet/ledger" else "r"
    pair = new_player()
    async with api_client() as client:
        response = await client.get(
            path, params={"cursor": _cursor(f"{kind}{2**63 - 1}")}, headers=bearer(pair.access_token)
        )
    assert response.status_code == 200, response.text


async def test_newest_ledger_row_shows_the_balance_after_a_bet_and_a_win() -> None:
    pair = new_player()
    account = ledger.user_account(pair.user.id)
    for n, (bet, win) in enumerate([(100, 250), (300, 40), (50, 5000)]):
        ledger.post(
            None,
            key=f"order-test:{pair.user.id}:{n}",
            kind="SLOT_SPIN",
            legs=[Leg(account, "house:slot", bet, "BET"), Leg("house:slot", account, win, "WIN")],
            reference=f"round:{n}",
        )
    async with api_client() as client:
        headers = bearer(pair.access_token)
        balance = (await client.get("/api/users/balance", headers=headers)).json()["gold"]
        items = (await client.get("/api/wallet/ledger", params={"limit": 100}, headers=headers)).json()["items"]
    assert items[0]["kind"] == "WIN"
    assert items[0]["balance_after"] == balance == ledger.balance_of(pair.user.id)
    oldest_first = sorted(items, key=lambda item: item["id"])
    running = 0
    for item in oldest_first:  # the running balance holds in id order
        running += item["amount"]
        assert item["balance_after"] == running, oldest_first


async def test_verify_bounds_count_and_pity() -> None:
    pair = new_player()
    base = {"game": "gacha", "server_seed": "0" * 64, "client_seed": "seed", "nonce": 0}
    async with api_client() as client:
        headers = bearer(pair.access_token)
        for extra in ({"count": 2**70}, {"count": 5}, {"pity_before": 10**30}, {"pity_before": 1001}):
            response = await client.post("/api/fairness/verify", json={**base, **extra}, headers=headers)
            assert_envelope(response, 422, "VALIDATION_ERROR")
        ok = await client.post("/api/fairness/verify", json={**base, "count": 10, "pity_before": 1000}, headers=headers)
    assert ok.status_code == 200, ok.text
    assert len(ok.json()["outcome"]["pulls"]) == 10


async def test_verify_with_an_unknown_config_version_is_a_documented_404() -> None:
    pair = new_player()
    body = {"game": "slot", "server_seed": "0" * 64, "client_seed": "0", "nonce": 0, "config_version": 2147483646}
    async with api_client() as client:
        response = await client.post("/api/fairness/verify", json=body, headers=bearer(pair.access_token))
        document = (await client.get("/api/openapi.json")).json()
    assert_envelope(response, 404, "CONFIG_VERSION_UNKNOWN")
    assert "404" in document["paths"]["/api/fairness/verify"]["post"]["responses"]


# --- /api/health -------------------------------------------------------------------------------


@pytest.fixture
def production_health(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production's default: anonymous callers get the status only."""
    monkeypatch.setattr(get_settings(), "app_env", "production")
    assert get_settings().health_details is False


@pytest.mark.usefixtures("production_health")
async def test_anonymous_health_in_production_is_status_only() -> None:
    heartbeat.beat("test")
    async with api_client() as client:
        anonymous = await client.get("/api/health")
        forged = await client.get("/api/health", headers={"authorization": "Bearer not-a-token"})
    assert anonymous.status_code == 200
    assert anonymous.json() == {"status": "ok"}
    assert forged.json() == {"status": "ok"}


@pytest.mark.usefixtures("production_health")
async def test_staff_and_the_metrics_token_see_the_details(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import SecretStr

    token = f"metrics-{uuid.uuid4().hex}{uuid.uuid4().hex}"
    monkeypatch.setattr(get_settings(), "metrics_token", SecretStr(token))
    site_id = f"ops{uuid.uuid4().hex[:8]}"
    new_staff("operator", site_id=site_id)
    player = new_player()
    async with api_client() as client:
        login = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
        staff = await client.get("/api/health", headers=bearer(login.json()["access_token"]))
        scraper = await client.get("/api/health", headers=bearer(token))
        as_player = await client.get("/api/health", headers=bearer(player.access_token))
    for response in (staff, scraper):
        assert response.status_code == 200
        assert response.json()["migrations"]["at_head"] is True
    assert as_player.json() == {"status": "ok"}


async def test_health_details_stay_public_outside_production() -> None:
    async with api_client() as client:
        report = (await client.get("/api/health")).json()
    assert {"status", "database", "migrations", "redis", "jobs"} <= set(report)


@pytest.mark.usefixtures("production_health")
async def test_unhealthy_is_still_503_but_without_details(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.services import health

    real = health.check

    def broken() -> health.HealthReport:
        report = real()
        report.status = "unhealthy"
        report.database = {"ok": False, "error": "OperationalError"}
        return report

    monkeypatch.setattr(health, "check", broken)
    async with api_client() as client:
        response = await client.get("/api/health")
    error = assert_envelope(response, 503, "UNHEALTHY")
    assert error["details"] == {}
    assert "OperationalError" not in response.text


async def test_single_leg_transfers_still_end_on_the_balance() -> None:
    pair = new_player()
    fund(pair.user.id, 7)
    async with api_client() as client:
        items = (await client.get("/api/wallet/ledger", headers=bearer(pair.access_token))).json()["items"]
    assert items[0]["amount"] == 7
    assert items[0]["balance_after"] == ledger.balance_of(pair.user.id)


@pytest.mark.parametrize(
    ("method", "path", "body", "field", "type_"),
    [
        ("PATCH", "/api/users/me", {"sound_enabled": 0}, "sound_enabled", "bool_type"),
        ("POST", "/api/streak/protection", {"auto_use": "true"}, "auto_use", "bool_type"),
        ("POST", "/api/users/verify-age", {"birth_date": 0}, "birth_date", "string_type"),
        ("POST", "/api/games/slot/spin", {"bet_amount": True}, "bet_amount", "int_type"),
        ("POST", "/api/games/slot/spin", {"bet_amount": "100"}, "bet_amount", "int_type"),
    ],
)
async def test_values_of_another_json_type_are_not_converted(
    method: str, path: str, body: dict, field: str, type_: str
) -> None:
    pair = new_player()
    headers = {**bearer(pair.access_token), "Idempotency-Key": uuid.uuid4().hex}
    async with api_client() as client:
        response = await client.request(method, path, json=body, headers=headers)
    error = assert_envelope(response, 422, "VALIDATION_ERROR")
    assert {"field": field, "type": type_} in [{k: f[k] for k in ("field", "type")} for f in error["details"]["fields"]]
    assert ledger.balance_of(pair.user.id) == 1000  # nothing was spent
