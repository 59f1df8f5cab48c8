"""The REST surface as served (review L6, L7): docs only where enabled, envelopes for every /api path,
a contract that states every status and the stricter rules, and cursors that never reach the database
out of range (L2)."""

from __future__ import annotations

import base64
import json
import re

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from casino_app.api.app import create_api
from casino_app.core.errors import ValidationFailed
from casino_app.services import cursors
from casino_app.settings import get_settings
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _reflex(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)


def served_app() -> Starlette:
    """The API wired the way Reflex serves it: Reflex's app mounted at "" after the API routes,
    the whole thing mounted at "" in an outer app."""
    api = create_api()
    api.mount("", _reflex)
    outer = Starlette()
    outer.mount("", api)
    return outer


def _client(app: object) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


# --- docs --------------------------------------------------------------------------------------


async def test_docs_are_served_by_default_outside_production() -> None:
    async with api_client() as client:
        docs = await client.get("/api/docs")
        document = await client.get("/api/openapi.json")
    assert docs.status_code == 200
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "Casino-Club API"


async def test_docs_are_off_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "app_env", "production")
    async with _client(served_app()) as client:
        for path in ("/api/docs", "/api/openapi.json"):
            assert_envelope(await client.get(path), 404, "NOT_FOUND")
        assert (await client.get("/docs/oauth2-redirect")).text == "Not Found"  # left to the frontend


async def test_docs_can_be_switched_off_explicitly() -> None:
    with environment(API_DOCS_ENABLED="false"):
        async with api_client() as client:
            assert_envelope(await client.get("/api/openapi.json"), 404, "NOT_FOUND")


def test_the_document_is_built_even_when_it_is_not_served(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.api.openapi_export import render

    expected = render()
    monkeypatch.setattr(get_settings(), "app_env", "production")
    assert render() == expected


# --- every /api path answers with the envelope -------------------------------------------------


async def test_unknown_api_paths_are_404_when_served_under_reflex() -> None:
    async with _client(served_app()) as client:
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "SECTESTA"):
            response = await client.request(method, "/api/nonexistent")
            error = assert_envelope(response, 404, "NOT_FOUND")
            assert error["details"]["path"] == "/api/nonexistent"
            assert "allow" not in response.headers


async def test_a_known_path_with_another_method_is_405_with_allow() -> None:
    async with _client(served_app()) as client:
        for method in ("DELETE", "SECTESTA"):
            response = await client.request(method, "/api/health")
            assert_envelope(response, 405, "METHOD_NOT_ALLOWED")
            assert response.headers["allow"] == "GET"
        login = await client.get("/api/auth/login")
    assert_envelope(login, 405, "METHOD_NOT_ALLOWED")
    assert login.headers["allow"] == "POST"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/games/%C3%99%0AK/odds", 422),
        ("GET", "/api/games/slot%0A/odds", 422),
        ("DELETE", "/api/auth/sessions/%0A", 401),
        ("GET", "/api/admin/games/%0A/configs", 401),
        ("POST", "/api/admin/games/%0A/configs", 401),
        ("GET", "/api/no%0Asuch", 404),
        ("GET", "/api/%0D%0A", 404),
        ("GET", "/api/x%09y/%0B", 404),
    ],
)
async def test_control_characters_in_api_paths_get_an_envelope(method: str, path: str, status: int) -> None:
    async with _client(served_app()) as client:
        response = await client.request(method, path)
    assert_envelope(response, status)


async def test_pages_outside_the_api_still_reach_reflex() -> None:
    async with _client(served_app()) as client:
        assert (await client.get("/wallet%0A")).text == "Not Found"
        assert (await client.get("/some/page")).text == "Not Found"


# --- the contract ------------------------------------------------------------------------------


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def test_every_operation_documents_the_statuses_it_can_answer() -> None:
    document = create_api().openapi()
    for method, path, operation in _operations(document):
        statuses = set(operation["responses"])
        where = f"{method} {path}"
        if path.startswith("/api/"):
            assert "413" in statuses, where  # the body limit applies to every /api request
        if operation.get("security"):
            assert "401" in statuses, where
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            assert "404" in statuses, where
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in statuses, where
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", [])):
            assert {"400", "409"} <= statuses, where
    verify = document["paths"]["/api/fairness/verify"]["post"]["responses"]
    assert "404" in verify
    assert "CONFIG_VERSION_UNKNOWN" in verify["404"]["description"]
    assert "503" in document["paths"]["/api/health"]["get"]["responses"]


def test_money_routes_document_their_body_and_a_required_idempotency_key() -> None:
    document = create_api().openapi()
    money = {
        ("post", "/api/games/slot/spin"): "SpinOut",
        ("post", "/api/games/gacha/pull"): "PullOut",
        ("post", "/api/games/rps/play"): "RpsPlayOut",
        ("post", "/api/games/roulette/spin"): "RouletteSpinOut",
        ("post", "/api/streak/claim"): "ClaimOut",
        ("post", "/api/admin/users/{user_id}/gold"): "AdjustmentOut",
        ("post", "/api/shop/orders"): "OrderOut",
        ("post", "/api/shop/orders/{code}/withdraw"): "OrderOut",
        ("post", "/api/admin/shop/orders/{code}/refund"): "AdminOrderOut",
        ("post", "/api/shop/limited/buy"): "LimitedBuyOut",
        ("post", "/api/games/crash/bet"): "CrashBetOut",
        ("post", "/api/games/crash/cashout"): "CashoutOut",
    }
    for (method, path), model in money.items():
        operation = document["paths"][path][method]
        (key,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert key["required"] is True
        assert key["schema"]["pattern"] == "^[A-Za-z0-9._:-]{8,100}$"
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok == {"$ref": f"#/components/schemas/{model}"}


def test_field_rules_are_stated_in_the_schema() -> None:
    schemas = create_api().openapi()["components"]["schemas"]
    signup = schemas["SignupRequest"]["properties"]
    assert signup["site_id"]["pattern"] == "^[A-Za-z0-9_]{4,20}$"
    assert signup["nickname"]["pattern"] == r"^[0-9A-Za-z_\uac00-\ud7a3]{2,12}$"
    reserved = re.compile(signup["nickname"]["not"]["pattern"])
    assert all(reserved.fullmatch(word) for word in ("admin", "System", "OPERATOR", "운영자"))
    assert not reserved.fullmatch("admin2")
    assert (signup["password"]["minLength"], signup["password"]["maxLength"]) == (8, 128)
    assert signup["invite_code"]["pattern"] == "^[A-Za-z0-9_-]{4,32}$"
    update = schemas["ProfileUpdate"]["properties"]
    assert update["avatar"]["anyOf"][0]["enum"][0] == "neon-cat"
    assert update["locale"]["anyOf"][0]["enum"] == ["ko", "en"]
    verify = schemas["VerifyIn"]["properties"]
    assert verify["count"]["enum"] == [1, 10]
    assert verify["pity_before"]["maximum"] == 1000


def test_the_committed_document_carries_the_same_contract() -> None:
    from casino_app.api.openapi_export import OPENAPI_PATH

    committed = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert "404" in committed["paths"]["/api/fairness/verify"]["post"]["responses"]


# --- cursors -----------------------------------------------------------------------------------


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "raw",
    [
        "e" + "9" * 25,  # overflows bigint
        f"e{2**63}",
        "e١٢٣",  # Arabic-Indic digits: int() reads 123
        "e１２３",  # full-width digits
        "e+12",
        "e 12",
        "e1_000",
        "e0",
        "e-5",
        "e",
        "r12",  # another listing's cursor
    ],
)
def test_out_of_range_or_foreign_cursors_are_invalid(raw: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        cursors.decode("e", _cursor(raw))
    assert caught.value.error_code == "CURSOR_INVALID"


def test_cursors_round_trip_up_to_the_largest_bigint() -> None:
    for value in (1, 42, 2**63 - 1):
        assert cursors.decode("e", cursors.encode("e", value)) == value


# --- JSON types are not converted -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "accepted"),
    [
        ({"pity_before": False}, False),
        ({"count": True}, False),
        ({"nonce": "5"}, False),
        ({"config_version": 1.5}, False),
        ({"sold_out": [[1]]}, False),
        ({"nonce": 5.0}, True),  # an integral number is an integer, as in JSON Schema
        ({"count": 10, "pity_before": 3, "config_version": None}, True),
    ],
)
def test_request_fields_take_only_their_json_type(body: dict, accepted: bool) -> None:
    from pydantic import ValidationError

    from casino_app.api.routes.fairness import VerifyIn

    base = {"game": "gacha", "server_seed": "0" * 64, "client_seed": "seed", "nonce": 0}
    try:
        VerifyIn.model_validate({**base, **body})
    except ValidationError:
        assert not accepted
    else:
        assert accepted
