"""Security of the served app: the web session lives in an HttpOnly cookie, sockets must prove it, headers everywhere."""

from __future__ import annotations

import uuid

import httpx
import pytest
import reflex as rx
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from casino_app.state.slot import SlotState
from tests.e2e.test_accounts import _fresh_identity, _signup
from tests.e2e.test_games import _credit
from tests.support.reflex_socket import ReflexSocket

SPIN = f"{SlotState.get_full_name()}.spin"
HYDRATE = f"{rx.State.get_full_name()}.hydrate_and_load"


def _rounds(database_url: str, site_id: str) -> int:
    engine = sa.create_engine(database_url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        count = conn.scalar(
            sa.text("SELECT count(*) FROM game_rounds r JOIN users u ON u.id = r.user_id WHERE u.site_id = :s"),
            {"s": site_id},
        )
    engine.dispose()
    return int(count or 0)


def _session_cookie(page: Page) -> dict:
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "__Host-cc_web"]
    return cookie


def test_no_session_credential_is_readable_by_script(page: Page) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    storage = page.evaluate("() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})")
    assert "ccrt_" not in storage
    assert "cc_session" not in storage
    assert "cc_web" not in page.evaluate("() => document.cookie")
    cookie = _session_cookie(page)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["secure"] is True
    assert cookie["value"].startswith("ccrt_")


def test_a_replayed_client_token_from_a_new_socket_cannot_spin(
    page: Page, browser: object, base_url: str, e2e_database: str
) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _credit(base_url, site_id, 5_000)
    page.goto("/games/slot")
    expect(page.locator("#cc-spin")).to_be_enabled()
    client_token = page.evaluate("() => sessionStorage.getItem('token')")
    cookie = _session_cookie(page)["value"]
    assert client_token
    # The victim leaves (the tab's socket closes); its state stays on the server, keyed by the client token.
    page.goto("about:blank")
    before = _rounds(e2e_database, site_id)

    thief = ReflexSocket(base_url, client_token)  # the token, from another connection, without the cookie
    try:
        thief.send_event(HYDRATE, {}, path="/games/slot/")  # read what the victim's tab left behind
        hydrated = str(thief.drain(2.0))
        thief.send_event(SPIN, {"request_key": uuid.uuid4().hex}, path="/games/slot/")
        replies = thief.drain(3.0)
    finally:
        thief.close()
    assert "is_hydrated" in hydrated  # the hydrate did answer ...
    assert site_id not in hydrated  # ... with nothing of the victim's
    assert nickname not in hydrated
    assert _rounds(e2e_database, site_id) == before, "a replayed client token played a round"
    assert any("/login" in str(reply) for reply in replies), replies  # sent to the login page instead

    # Control: the same token on a connection that carries the session cookie can spin,
    # so it is the cookie, not anything else in the replay, that decides.
    owner = ReflexSocket(base_url, client_token, cookie=f"__Host-cc_web={cookie}")
    try:
        owner.send_event(SPIN, {"request_key": uuid.uuid4().hex}, path="/games/slot/")
        owner.drain(3.0)
    finally:
        owner.close()
    assert _rounds(e2e_database, site_id) == before + 1


@pytest.mark.parametrize("path", ["/", "/admin/", "/login/", "/api/health", "/_event/?EIO=4&transport=polling"])
def test_security_headers_on_pages_api_and_socket_endpoint(base_url: str, path: str) -> None:
    response = httpx.get(base_url + path, timeout=15)
    csp = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, (response.status_code, dict(response.headers))
    script_src = csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "'unsafe-eval'" not in script_src
    assert "'unsafe-inline'" not in script_src
    assert "'sha256-" in script_src  # the build's own inline scripts, by hash
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_redirects_do_not_reflect_the_host_header(base_url: str) -> None:
    response = httpx.get(base_url + "/login", headers={"Host": "evil.example"}, timeout=15, follow_redirects=False)
    assert "evil.example" not in response.headers.get("location", "")
    assert "evil.example" not in response.text


@pytest.mark.parametrize(
    ("path", "status"), [("/api/nonexistent", 404), ("/api/games/%C3%99%0AK/odds", 422), ("/api/%0A", 404)]
)
def test_unknown_or_garbled_api_paths_answer_in_the_envelope(base_url: str, path: str, status: int) -> None:
    response = httpx.get(base_url + path, timeout=15)
    assert response.status_code == status, (path, response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"]
