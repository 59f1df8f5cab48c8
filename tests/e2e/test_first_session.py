"""A brand-new player's first session in the browser: the welcome, the five first-step missions, the first pull.

Nothing is bought and no gold is granted by staff: starter gold, the check-in and the first-step rewards are
enough for the 5,000-gold pull (docs/economy.md).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.test_accounts import _fresh_identity, _signup

KO = CATALOGS["ko"]
STEPS = (
    "onboarding_daily_checkin",
    "onboarding_slot_spin",
    "onboarding_roulette_spin",
    "onboarding_verify_round",
    "onboarding_gacha_pull",
)


def _balance(page: Page) -> int:
    return int(page.locator("#cc-balance-value").get_attribute("data-value") or "0")


def _claim_on_home(page: Page, key: str) -> None:
    page.goto("/")
    button = page.locator(f"#cc-onboarding-panel #cc-mission-claim-{key}")
    expect(button).to_be_enabled()
    before = _balance(page)
    button.click()
    if key == STEPS[-1]:  # the last first step: the card says so and steps aside
        expect(page.locator("#cc-onboarding-done")).to_be_visible()
    else:
        expect(page.locator(f'#cc-onboarding-panel [data-mission="{key}"]')).to_contain_text(KO["missions.claimed"])
    expect(page.locator("#cc-balance-value")).not_to_have_attribute("data-value", str(before))


def test_a_new_player_clears_the_first_steps_and_pulls_the_gacha_in_one_session(page: Page) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    expect(page.locator("#cc-welcome")).to_be_visible()
    panel = page.locator("#cc-onboarding-panel")
    expect(panel).to_be_visible()
    for key in STEPS:
        expect(panel.locator(f'[data-mission="{key}"]')).to_be_visible()
        expect(page.locator(f"#cc-onboarding-panel #cc-mission-claim-{key}")).to_be_disabled()
    starting = _balance(page)

    # 1. the daily check-in, from home
    page.locator("#cc-home-checkin").click()
    page.locator("#cc-daily-claim").click()
    expect(page.locator("#cc-daily-result")).to_be_visible()
    page.keyboard.press("Escape")
    _claim_on_home(page, "onboarding_daily_checkin")

    # 2. one slot spin at the smallest bet (the chips start at the smallest)
    page.goto("/games/slot")
    expect(page.get_by_role("heading", name=KO["slot.title"])).to_be_visible()
    page.locator("#cc-spin").click()
    expect(page.locator("#cc-machine")).to_have_attribute("data-spin", "1")
    _claim_on_home(page, "onboarding_slot_spin")

    # 3. the free roulette spin
    page.goto("/games/roulette")
    page.locator("#cc-roulette-spin").click()
    expect(page.locator("#cc-roulette-prize")).to_be_visible(timeout=10_000)
    _claim_on_home(page, "onboarding_roulette_spin")

    # 4. verify the slot round: reveal the seed, then recompute the round
    page.goto("/fairness")
    page.locator("#cc-rotate").click()
    expect(page.locator("#cc-revealed-seed")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    page.locator("#cc-recent-rounds button").first.click()
    expect(page.locator("#cc-verify-result")).to_be_visible()
    _claim_on_home(page, "onboarding_verify_round")

    # 5. the first gacha pull, paid with what the first steps gave
    assert _balance(page) >= 5_000 > starting
    page.goto("/games/gacha")
    page.locator("#cc-pull-1").click()
    expect(page.locator("#cc-prizes li")).to_have_count(1)
    _claim_on_home(page, "onboarding_gacha_pull")
