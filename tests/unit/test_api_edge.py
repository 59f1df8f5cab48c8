"""The API edge: one error envelope for every failure, request ids, body limits."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from casino_app.api.app import create_api
from casino_app.core.errors import Conflict, RateLimited
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2, max_length=5)
    amount: int


def _app_with_test_routes() -> FastAPI:
    api = create_api()

    def boom() -> None:
        raise RuntimeError("secret internal detail")

    def conflict() -> None:
        raise Conflict(details={"why": "already"})

    def limited() -> None:
        raise RateLimited(retry_after=7)

    def echo(body: _Body) -> dict:
        return body.model_dump()

    for path, endpoint, methods in [
        ("/api/_test/boom", boom, ["GET"]),
        ("/api/_test/conflict", conflict, ["GET"]),
        ("/api/_test/limited", limited, ["GET"]),
        ("/api/_test/echo", echo, ["POST"]),
    ]:
        api.router.routes.insert(0, APIRoute(path, endpoint, methods=methods))
    return api


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_unknown_api_route_is_404_envelope() -> None:
    async with api_client() as client:
        error = assert_envelope(await client.get("/api/does-not-exist"), 404, "NOT_FOUND")
    assert error["details"]["path"] == "/api/does-not-exist"


async def test_wrong_method_is_405_with_allow() -> None:
    async with api_client() as client:
        response = await client.delete("/api/health")
    assert_envelope(response, 405, "METHOD_NOT_ALLOWED")
    assert "GET" in response.headers["allow"]


async def test_unhandled_exception_is_500_without_details() -> None:
    async with api_client(_app_with_test_routes()) as client:
        response = await client.get("/api/_test/boom")
    error = assert_envelope(response, 500, "INTERNAL_ERROR")
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert error["request_id"] == response.headers["x-request-id"]


async def test_app_errors_carry_code_details_and_headers() -> None:
    async with api_client(_app_with_test_routes()) as client:
        assert_envelope(await client.get("/api/_test/conflict"), 409, "CONFLICT")
        limited = await client.get("/api/_test/limited", headers={"accept-language": "en"})
    error = assert_envelope(limited, 429, "RATE_LIMITED")
    assert limited.headers["retry-after"] == "7"
    assert error["details"]["retry_after"] == 7
    assert "7 seconds" in error["message"]


async def test_messages_are_korean_by_default() -> None:
    async with api_client() as client:
        error = assert_envelope(await client.get("/api/nope"), 404)
    assert error["message"] == "요청한 대상을 찾을 수 없습니다."


@pytest.mark.parametrize(
    ("content", "content_type", "code"),
    [
        (b"{not json", "application/json", "MALFORMED_JSON"),
        (b'{"name": "ok", "amount": 1, "extra": true}', "application/json", "VALIDATION_ERROR"),
        (b'{"name": "x", "amount": 1}', "application/json", "VALIDATION_ERROR"),
        (b'{"name": "okay", "amount": "lots"}', "application/json", "VALIDATION_ERROR"),
        (b"[]", "application/json", "VALIDATION_ERROR"),
        (b"", "application/json", "VALIDATION_ERROR"),
        ('{"name": "' + "가" * 5000 + '", "amount": 1}', "application/json", "VALIDATION_ERROR"),
        (b'{"name": "okay", "amount": 1e400}', "application/json", "VALIDATION_ERROR"),
        (b"\xff\xfe\x00garbage", "application/json", "MALFORMED_JSON"),
    ],
)
async def test_bad_bodies_get_422_envelopes(content: bytes | str, content_type: str, code: str) -> None:
    async with api_client(_app_with_test_routes()) as client:
        response = await client.post("/api/_test/echo", content=content, headers={"content-type": content_type})
    error = assert_envelope(response, 422, code)
    assert error["details"]["fields"]


async def test_body_over_the_limit_is_413() -> None:
    async with api_client(_app_with_test_routes()) as client:
        declared = await client.post("/api/_test/echo", content=b"x" * 70_000)

        async def stream():  # no Content-Length: counted while streaming
            for _ in range(20):
                yield b"y" * 8192

        streamed = await client.post("/api/_test/echo", content=stream(), headers={"content-type": "application/json"})
    assert_envelope(declared, 413, "PAYLOAD_TOO_LARGE")
    assert_envelope(streamed, 413, "PAYLOAD_TOO_LARGE")


async def test_request_id_is_propagated_or_generated() -> None:
    async with api_client() as client:
        given = await client.get("/api/nope", headers={"x-request-id": "client-req-0001"})
        generated = await client.get("/api/nope", headers={"x-request-id": "bad id with spaces"})
    assert given.headers["x-request-id"] == "client-req-0001"
    assert len(generated.headers["x-request-id"]) == 32


async def test_metrics_count_requests_by_route_template() -> None:
    async with api_client() as client:
        await client.get("/api/nope-for-metrics")
        metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    assert 'cc_http_requests_total{method="GET",route="/api/{path:path}",status="404"}' in metrics.text
    assert "cc_http_request_duration_seconds_bucket" in metrics.text
    assert "process_resident_memory_bytes" in metrics.text
