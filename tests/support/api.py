"""An in-process HTTP client for the REST API (no server, no Reflex)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from casino_app.api.app import create_api


@asynccontextmanager
async def api_client(api: FastAPI | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client bound to the ASGI app (errors are rendered, not raised)."""
    transport = httpx.ASGITransport(app=api or create_api(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def assert_envelope(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """Check the error envelope shape and return its ``error`` object."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert {"code", "message", "details"} <= set(error)
    assert isinstance(error["message"], str)
    assert error["message"]
    assert isinstance(error["details"], dict)
    if code is not None:
        assert error["code"] == code, error
    return error
