"""Prize roulette in the browser: the free spin decelerates onto exactly the segment the API recorded for the round,
the prize shows once the wheel has stopped, the odds are published, and reduced motion stops the wheel at once.
"""

from __future__ import annotations

import math

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS, first_round_bonus
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_wallet import _get, _post
from tests.support.pace import scaled

KO = CATALOGS["ko"]
SPY_SOUNDS = (
    "() => { window.__cues = []; const play = window.ccSound;"
    " window.ccSound = (kind) => { window.__cues.push(kind); return play(kind); }; }"
)
# The disc's rotation as the browser renders it now (mid-transition included), in degrees.
DISC_ANGLE = (
    "() => { const m = new DOMMatrixReadOnly(getComputedStyle(document.querySelector('#cc-wheel-disc')).transform);"
    " return Math.atan2(m.b, m.a) * 180 / Math.PI; }"
)


def _segment_under_pointer(page: Page) -> int:
    """Which segment the pointer (at the top) shows, from the rendered angle and each segment's arc on the page."""
    under = (-float(page.evaluate(DISC_ANGLE))) % 360
    for label in page.locator("#cc-wheel-disc .cc-wheel-label").all():
        start, end = float(label.get_attribute("data-start") or "0"), float(label.get_attribute("data-end") or "0")
        if start <= under < end:
            return int(label.get_attribute("data-index") or "-1")
    raise AssertionError(f"no segment at {under}°")


def _latest_round(base_url: str, site_id: str) -> dict:
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    history = _get(base_url + "/api/games/history?game_type=roulette", {"Authorization": f"Bearer {token}"})
    assert len(history["items"]) == 1
    return history["items"][0]


def test_the_wheel_stops_on_the_segment_the_api_recorded(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    page.goto("/games/roulette")
    expect(page.get_by_role("heading", name=KO["roulette.title"])).to_be_visible()
    expect(page.locator("#cc-roulette-free")).to_have_text("1")
    labels = page.locator("#cc-wheel-disc .cc-wheel-label")
    expect(labels).to_have_count(10)
    expect(labels.first).to_contain_text("25%")  # each segment's exact probability is on the wheel
    page.wait_for_function("() => typeof window.ccSound === 'function'")
    page.evaluate(SPY_SOUNDS)

    wheel = page.locator("#cc-wheel")
    page.locator("#cc-roulette-spin").click()
    expect(wheel).to_have_attribute("data-spin", "1")
    drawn = int(wheel.get_attribute("data-segment") or "-1")
    expect(page.locator("#cc-roulette-prize")).to_be_hidden()  # nothing is revealed while the wheel turns
    page.wait_for_timeout(1_000)
    assert abs(float(page.evaluate(DISC_ANGLE))) > 0.5, "the wheel should still be turning"
    expect(page.locator("#cc-roulette-prize")).to_be_visible(timeout=scaled(10_000))
    expect(wheel).to_have_attribute("data-revealed", "true")

    recorded = _latest_round(base_url, site_id)
    assert recorded["outcome"]["segment_index"] == drawn
    assert recorded["outcome"]["source"] == "FREE"
    assert _segment_under_pointer(page) == drawn
    expect(page.locator(".cc-wheel-label--drawn")).to_have_attribute("data-index", str(drawn))
    expect(page.locator("#cc-roulette-prize")).to_contain_text(recorded["outcome"]["label_ko"])
    expect(page.locator("#cc-roulette-prize")).to_have_attribute("data-segment", str(drawn))
    expect(page.locator("#cc-roulette-free")).to_have_text("0")
    assert page.evaluate("() => window.__cues") == ["spin", "reward"]
    bonus = first_round_bonus("roulette")  # the "first roulette spin" achievement pays with it
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(1000 + recorded["payout"] + bonus))
    if recorded["outcome"]["item_id"] != "roulette_ticket":
        expect(page.locator("#cc-roulette-spin")).to_be_disabled()
        expect(page.locator("#cc-roulette-next")).to_contain_text("00:00")
    page.screenshot(path=str(ARTIFACTS / "roulette_stopped.png"))

    page.locator("#cc-roulette-odds").click()
    table = page.locator("#cc-roulette-table")
    expect(table.locator("tbody tr")).to_have_count(10)
    expect(table).to_contain_text("25% (1/4)")
    expect(page.get_by_text(KO["roulette.rule_draw"])).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "roulette_odds.png"))
    page.keyboard.press("Escape")


def test_with_reduced_motion_the_wheel_stops_at_once(page: Page, base_url: str) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 390, "height": 844})  # and on a phone
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    page.goto("/games/roulette")
    expect(page.locator("#cc-roulette-free")).to_have_text("1")
    page.locator("#cc-roulette-spin").click()
    expect(page.locator("#cc-roulette-prize")).to_be_visible(timeout=scaled(2_000))
    drawn = int(page.locator("#cc-wheel").get_attribute("data-segment") or "-1")
    rotation = float(page.locator("#cc-wheel").get_attribute("data-rotation") or "0")
    angle = float(page.evaluate(DISC_ANGLE))
    assert math.isclose((angle - rotation) % 360, 0, abs_tol=0.01) or math.isclose(
        (angle - rotation) % 360, 360, abs_tol=0.01
    )
    assert _segment_under_pointer(page) == drawn == _latest_round(base_url, site_id)["outcome"]["segment_index"]
    page.screenshot(path=str(ARTIFACTS / "roulette_mobile_reduced_motion.png"))
