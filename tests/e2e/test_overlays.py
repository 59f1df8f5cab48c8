"""Streamers' OBS overlays in the browser (issue 16 item 11): staff issue a token in the console, an opted-in
player's win shows on ``/overlay/feed`` at 1920×1080 on a transparent page while a player who did not opt in
never shows, the leaderboard overlay lists only opted-in players, and a revoked token stops the open overlay
at its next refresh."""

from __future__ import annotations

import json
import struct
import urllib.error
import urllib.request
import uuid
import zlib

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from casino_app.state.overlay import TICK_MS
from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page, spin_until_a_feed_win
from tests.e2e.page_walk import login
from tests.support.pace import scaled

KO, EN = CATALOGS["ko"], CATALOGS["en"]
OPTED_IN = ("user003", "casino-demo-1", "별빛부엉이")  # seeded demo players (services/accounts/demo.py)
NOT_OPTED_IN = ("user004", "casino-demo-1", "번개호랑이")
STAFF = ("admin", "casino-admin-1")
STAGE = {"width": 1920, "height": 1080}
TRANSPARENT = "rgba(0, 0, 0, 0)"


def _call(url: str, body: dict | None, headers: dict[str, str]) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **headers})
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.loads(response.read())


def _bearer(base_url: str, site_id: str, password: str, *, staff: bool = False) -> dict[str, str]:
    path = "/api/admin/auth/login" if staff else "/api/auth/login"
    token = _call(base_url + path, {"site_id": site_id, "password": password}, {})["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _top_left_alpha(png: bytes) -> int:
    """The alpha of pixel (0, 0) of an 8-bit RGBA PNG (the first row's first pixel is stored unfiltered by
    every PNG filter, so no unfiltering is needed)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert header[8:10] == b"\x08\x06", "expected 8-bit RGBA"
    return zlib.decompress(idat)[1 + 3]


def _backgrounds(page: Page) -> list[dict[str, str]]:
    """Computed backgrounds of <html>, <body> and every element from there down to the overlay."""
    return page.evaluate(
        """() => {
          const found = [];
          for (let el = document.getElementById('cc-overlay'); el; el = el.parentElement) {
            const s = getComputedStyle(el);
            found.push({tag: el.tagName + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''),
                        color: s.backgroundColor, image: s.backgroundImage});
          }
          return found;
        }"""
    )


def test_staff_token_opt_in_transparent_overlays_and_revoke(
    page: Page, browser: object, base_url: str, problems: PageProblems
) -> None:
    staff = _bearer(base_url, *STAFF, staff=True)
    shown, silent = _bearer(base_url, *OPTED_IN[:2]), _bearer(base_url, *NOT_OPTED_IN[:2])
    for player in (shown, silent):
        me = _call(base_url + "/api/auth/me", None, player)
        _call(
            f"{base_url}/api/admin/users/{me['id']}/gold",
            {"amount": 20_000, "reason": "E2E 오버레이 점검"},
            {**staff, "Idempotency-Key": str(uuid.uuid4())},
        )

    # The opted-in player turns the switch on in their profile (off by default).
    player_page = open_page(browser, base_url, problems, viewport={"width": 1280, "height": 900})
    login(player_page, "/login", "#cc-login-form-submit", *OPTED_IN[:2])
    player_page.goto("/profile")
    switch = player_page.locator("#cc-stream-visible")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click()
    expect(player_page.locator("#cc-stream-saved")).to_have_text(KO["stream.on_saved"])
    expect(switch).to_have_attribute("aria-checked", "true")
    player_page.context.close()
    for player in (shown, silent):
        spin_until_a_feed_win(base_url, player)

    # Staff issue a token in the console; its addresses are shown once.
    login(page, "/admin/login", "#cc-admin-login-form-submit", *STAFF)
    page.goto("/admin/overlays")
    expect(page.get_by_role("heading", name=KO["overlays_admin.title"])).to_be_visible()
    label = f"스트리머 {uuid.uuid4().hex[:6]}"
    page.locator("#cc-overlay-label").fill(label)
    page.locator("#cc-overlay-issue").click()
    expect(page.locator("#cc-overlay-issued")).to_contain_text(label)
    feed_url = page.locator("#cc-overlay-url-feed").input_value()
    board_url = page.locator("#cc-overlay-url-leaderboard").input_value()
    assert "/overlay/feed?token=ccov_" in feed_url
    expect(page.locator("#cc-overlays-table")).to_contain_text(label)

    # The feed overlay at OBS's size: the opted-in player's win, never the other player's; a transparent page.
    obs = open_page(browser, base_url, problems, viewport=STAGE)
    try:
        obs.goto(feed_url.removeprefix(base_url))
        listing = obs.locator("#cc-overlay-list")
        expect(listing).to_contain_text(OPTED_IN[2])
        expect(obs.locator("#cc-overlay h1")).to_have_text(KO["overlay.kind.feed"])
        expect(listing).not_to_contain_text(NOT_OPTED_IN[2])
        expect(obs.locator("header, nav, .cc-tabbar")).to_have_count(0)  # no app shell
        box = obs.locator("#cc-overlay").bounding_box()
        assert box is not None
        assert (box["width"], box["height"]) == (1920, 1080)
        layers = _backgrounds(obs)
        assert [layer["tag"].split(".")[0].split("#")[0] for layer in layers][-2:] == ["BODY", "HTML"]
        opaque = [layer for layer in layers if layer["color"] != TRANSPARENT or layer["image"] != "none"]
        assert opaque == [], opaque
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = obs.screenshot(path=str(ARTIFACTS / "overlay_feed_1920x1080.png"), omit_background=True)
        assert _top_left_alpha(shot) == 0  # nothing painted behind the overlay
        size = obs.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.cc-ov-row')).fontSize)")
        assert size >= 36  # readable on a stream

        # English with ?lang=en; the leaderboard lists only the opted-in player.
        obs.goto(board_url.removeprefix(base_url) + "&lang=en")
        expect(obs.locator("#cc-overlay h1")).to_have_text(EN["overlay.kind.leaderboard"])
        board = obs.locator("#cc-overlay-list")
        expect(board).to_contain_text(OPTED_IN[2])
        expect(board).not_to_contain_text(NOT_OPTED_IN[2])
        expect(board.locator("li")).to_have_count(1)
        obs.screenshot(path=str(ARTIFACTS / "overlay_leaderboard_1920x1080.png"), omit_background=True)

        # Revoking in the console: the open overlay refuses from its next refresh, quietly.
        page.locator(f"#cc-overlays-table tr:has-text('{label}') button").click()
        expect(page.locator("#cc-overlay-revoked")).to_contain_text(label)
        expect(obs.locator("#cc-overlay-refused")).to_have_text(EN["overlay.unavailable"], timeout=scaled(TICK_MS * 3))
        expect(obs.locator("#cc-overlay-list")).to_have_count(0)
        obs.goto(feed_url.removeprefix(base_url))
        expect(obs.locator("#cc-overlay-refused")).to_have_text(KO["overlay.unavailable"])
        expect(obs.locator("#cc-overlay-list")).to_have_count(0)
    finally:
        obs.context.close()
