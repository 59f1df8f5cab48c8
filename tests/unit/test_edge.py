"""The HTTP edge: security headers on every response, CSP hashes from the build, no Host in redirects, next= safety."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

from casino_app.api import edge
from casino_app.api.app import create_api
from casino_app.api.security_headers import inline_script_hashes, script_hash
from casino_app.state.auth import safe_next

INLINE = b"window.__boot = 1;"


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_bytes(b"<html><script>" + INLINE + b"</script><script src='/a.js'></script></html>")
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "index.html").write_bytes(b"<script type='module'>import '/b.js';</script>")
    return tmp_path


def _client(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def test_csp_hashes_are_read_from_every_built_page(build_dir: Path) -> None:
    hashes = inline_script_hashes(sorted(build_dir.rglob("*.html")))
    assert hashes == sorted([script_hash(INLINE), script_hash(b"import '/b.js';")])


@pytest.mark.anyio
async def test_api_responses_carry_the_security_headers(build_dir: Path) -> None:
    async with _client(edge.wrap(create_api(), lambda: build_dir)) as client:
        for response in (await client.get("/api/health"), await client.get("/api/nothing-here")):
            csp = response.headers["content-security-policy"]
            assert "frame-ancestors 'none'" in csp
            assert "object-src 'none'" in csp
            assert script_hash(INLINE) in csp
            assert "'unsafe-eval'" not in csp
            assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


async def _redirect(request: object) -> RedirectResponse:
    return RedirectResponse("http://evil.example/login/?next=/x", status_code=307)


async def _page(request: object) -> HTMLResponse:
    return HTMLResponse("<p>ok</p>")


@pytest.mark.anyio
async def test_redirects_never_echo_the_host_header(build_dir: Path) -> None:
    app = Starlette(routes=[Route("/login", _redirect), Route("/", _page)])
    async with _client(edge.wrap(app, lambda: build_dir)) as client:
        response = await client.get("/login", headers={"Host": "evil.example"}, follow_redirects=False)
        assert response.status_code == 307
        assert response.headers["location"] == "/login/?next=/x"
        page = await client.get("/")
        assert "content-security-policy" in page.headers


@pytest.mark.parametrize(
    "value",
    [
        "//evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "/%0a",
        "/ok\x7f",
        "",
        "evil.example",
        "/" + "a" * 600,
    ],
)
def test_next_accepts_only_same_site_paths(value: str) -> None:
    assert safe_next(value) == ("/%0a" if value == "/%0a" else "/")


@pytest.mark.parametrize("value", ["/", "/profile", "/games/slot?bet=100", "/admin", "/?welcome=1"])
def test_next_keeps_ordinary_paths(value: str) -> None:
    assert safe_next(value) == value
