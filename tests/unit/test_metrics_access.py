"""``/metrics`` is for the scraper only, and clients cannot mint new metric series (review M6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from prometheus_client import REGISTRY

from casino_app.api.app import create_api
from casino_app.settings import get_settings
from tests.support.api import assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio
TOKEN = "metrics-token-for-tests-0123456789abcdef"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@asynccontextmanager
async def client_from(host: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests arrive from peer address ``host``."""
    transport = httpx.ASGITransport(app=create_api(), raise_app_exceptions=False, client=(host, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def _method_labels() -> set[str]:
    return {
        sample.labels["method"]
        for metric in REGISTRY.collect()
        if metric.name == "cc_http_requests"
        for sample in metric.samples
    }


async def test_invented_methods_are_counted_as_other() -> None:
    async with client_from("127.0.0.1") as client:
        response = await client.request("SECTESTA", "/api/health")
        await client.request("XYZZY123", "/api/nope")
    assert response.status_code == 405
    labels = _method_labels()
    assert "other" in labels
    assert not {"SECTESTA", "XYZZY123"} & labels
    assert labels <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"}


async def test_without_a_token_loopback_may_scrape_outside_production() -> None:
    with environment(METRICS_TOKEN=None):
        for host in ("127.0.0.1", "127.8.9.10", "::1"):
            async with client_from(host) as client:
                response = await client.get("/metrics")
            assert response.status_code == 200, (host, response.text)
            assert response.headers["content-type"].startswith("text/plain")
            assert "cc_http_requests_total" in response.text


@pytest.mark.parametrize(
    ("host", "headers"),
    [
        ("10.1.2.3", {}),
        ("192.168.0.7", {}),
        ("testclient", {}),
        ("127.0.0.1", {"x-forwarded-for": "203.0.113.9"}),  # a local proxy relaying an outside client
        ("127.0.0.1", {"forwarded": "for=203.0.113.9"}),
    ],
)
async def test_without_a_token_anyone_else_gets_404(host: str, headers: dict[str, str]) -> None:
    with environment(METRICS_TOKEN=None):
        async with client_from(host) as client:
            response = await client.get("/metrics", headers=headers)
    assert_envelope(response, 404, "NOT_FOUND")
    assert "cc_http_requests_total" not in response.text


async def test_without_a_token_production_serves_nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    with environment(METRICS_TOKEN=None):
        monkeypatch.setattr(get_settings(), "app_env", "production")
        async with client_from("127.0.0.1") as client:
            response = await client.get("/metrics")
    assert_envelope(response, 404, "NOT_FOUND")


async def test_behind_a_configured_proxy_loopback_is_not_trusted() -> None:
    with environment(METRICS_TOKEN=None, TRUSTED_PROXY_COUNT="1"):
        async with client_from("127.0.0.1") as client:
            response = await client.get("/metrics")
    assert_envelope(response, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "authorization",
    [None, "", f"Basic {TOKEN}", "Bearer wrong-token", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer"],
)
async def test_with_a_token_a_missing_or_wrong_one_is_401(authorization: str | None) -> None:
    headers = {"authorization": authorization} if authorization is not None else {}
    with environment(METRICS_TOKEN=TOKEN):
        async with client_from("127.0.0.1") as client:  # loopback is no longer enough
            response = await client.get("/metrics", headers=headers)
    assert_envelope(response, 401, "METRICS_TOKEN_INVALID")
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "cc_http_requests_total" not in response.text


async def test_with_a_token_the_right_one_scrapes_from_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    with environment(METRICS_TOKEN=TOKEN):
        monkeypatch.setattr(get_settings(), "app_env", "production")
        async with client_from("10.9.8.7") as client:
            response = await client.get(
                "/metrics", headers={"authorization": f"bearer {TOKEN}", "x-forwarded-for": "203.0.113.1"}
            )
    assert response.status_code == 200, response.text
    assert "cc_http_requests_total" in response.text


def test_metrics_statuses_are_documented() -> None:
    operation = create_api().openapi()["paths"]["/metrics"]["get"]
    assert {"200", "401", "404"} <= set(operation["responses"])
    assert "text/plain" in operation["responses"]["200"]["content"]
