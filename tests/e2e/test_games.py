"""Games in the browser: three spins move the balance by exactly what the rounds report; a pull; odds; verify."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS, first_round_bonus, spin_until_a_feed_win
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_wallet import _get, _post
from tests.support.pace import scaled

KO = CATALOGS["ko"]


def _credit(base_url: str, site_id: str, amount: int) -> None:
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    me = _get(base_url + "/api/auth/me", {"Authorization": f"Bearer {token}"})
    staff = _post(base_url + "/api/admin/auth/login", {"site_id": "admin", "password": "casino-admin-1"}, {})
    _post(
        f"{base_url}/api/admin/users/{me['id']}/gold",
        {"amount": amount, "reason": "E2E 게임 자금"},
        {"Authorization": f"Bearer {staff['access_token']}", "Idempotency-Key": str(uuid.uuid4())},
    )


def _balance(page: Page) -> int:
    return int(page.locator("#cc-balance-value").get_attribute("data-value") or "0")


def test_spins_pull_odds_and_verification(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _credit(base_url, site_id, 20_000)
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", "21000")

    page.goto("/games/slot")
    expect(page.get_by_role("heading", name=KO["slot.title"])).to_be_visible()
    machine = page.locator("#cc-machine")
    for spin in range(1, 4):
        before = _balance(page)
        page.locator("#cc-spin").click()
        expect(machine).to_have_attribute("data-spin", str(spin))
        win = int(machine.get_attribute("data-win") or "0")
        bet = int(machine.get_attribute("data-bet") or "0")
        assert bet == 100
        bonus = first_round_bonus("slot") if spin == 1 else 0  # the "first spin" achievement pays with round 1
        expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(before - bet + win + bonus))
        reels = [page.locator(f"#cc-reel-{i}").get_attribute("data-symbol") for i in range(3)]
        assert all(reels)
    # the net result counts rounds only, not the achievement's reward
    expect(page.locator("#cc-reality-net")).to_have_text(f"{_balance(page) - 21000 - first_round_bonus('slot'):+,}")
    page.locator("#cc-slot-odds").click()
    expect(page.locator("#cc-slot-paytable")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "slot_odds.png"))
    page.keyboard.press("Escape")

    page.goto("/games/gacha")
    expect(page.get_by_role("heading", name=KO["gacha.title"])).to_be_visible()
    before = _balance(page)
    page.locator("#cc-pull-1").click()
    expect(page.locator("#cc-prizes li")).to_have_count(1)
    expect(page.locator("#cc-daily-remaining")).to_have_text("2")
    expect(page.locator("#cc-players-today")).not_to_have_text("0")
    assert _balance(page) <= before - 5000 + 150_000
    page.locator("#cc-reveal-close").click()  # the full-screen reveal covers the page until it is closed
    expect(page.locator("#cc-reveal")).to_have_count(0)
    page.locator("#cc-gacha-odds").click()
    expect(page.locator("#cc-gacha-rates")).to_contain_text(KO["rarity.LEGENDARY"])
    expect(page.get_by_text(KO["gacha.rule_pity"])).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "gacha_disclosure.png"))
    page.keyboard.press("Escape")

    page.goto("/fairness")
    expect(page.get_by_role("heading", name=KO["fair.title"])).to_be_visible()
    committed = page.locator("#cc-seed-hash").inner_text()
    page.locator("#cc-rotate").click()
    expect(page.locator("#cc-revealed-seed")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(page.locator("#cc-seed-hash")).not_to_have_text(committed)
    first_verify = page.locator("#cc-recent-rounds button").first
    first_verify.click()
    expect(page.locator("#cc-verify-result")).to_be_visible()
    assert page.locator("#cc-verify-result").inner_text().replace(" ", "").split(",") == page.locator(
        "#cc-verify-recorded"
    ).inner_text().replace(" ", "").split(",")
    page.screenshot(path=str(ARTIFACTS / "fairness_verified.png"), full_page=True)


def test_a_win_appears_in_another_players_feed_live(page: Page, browser: object, base_url: str) -> None:
    from tests.e2e.conftest import PageProblems, open_page

    watcher_problems = PageProblems()
    watcher = open_page(browser, base_url, watcher_problems, viewport={"width": 1440, "height": 900})
    watcher.goto("/")
    expect(watcher.locator("#cc-feed")).to_be_visible()

    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _credit(base_url, site_id, 20_000)
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    spin_until_a_feed_win(base_url, {"Authorization": f"Bearer {token}"})  # a round above its stake
    expect(watcher.locator("#cc-feed-list")).to_contain_text(nickname, timeout=scaled(5000))
    watcher.context.close()
    assert watcher_problems.all() == []
