"""A brand-new player's first session in the browser: the welcome, the five first-step missions, the first pull,
the 7-day check-in track with its badge, and the empty inventory pointing at the gacha.

Nothing is bought and no gold is granted by staff: starter gold, the check-in and the first-step rewards are
enough for the 5,000-gold pull (docs/economy.md).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from casino_app.settings import PROJECT_ROOT
from tests.e2e.test_accounts import _fresh_identity, _signup
from tests.support.pace import scaled

KO = CATALOGS["ko"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
STEPS = (
    "onboarding_daily_checkin",
    "onboarding_slot_spin",
    "onboarding_roulette_spin",
    "onboarding_verify_round",
    "onboarding_gacha_pull",
)
# Where each first step's button in the welcome dialog leads ("/" opens the check-in on home).
PLACES = {
    "onboarding_daily_checkin": "/",
    "onboarding_slot_spin": "/games/slot",
    "onboarding_roulette_spin": "/games/roulette",
    "onboarding_verify_round": "/fairness",
    "onboarding_gacha_pull": "/games/gacha",
}


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
    _signup(page, site_id, nickname, keep_welcome=True)
    expect(page.locator("#cc-welcome")).to_be_visible()
    starting = _balance(page)

    # 1. the daily check-in, from the welcome's first step (it opens the check-in on home)
    page.locator("#cc-welcome-go-onboarding_daily_checkin").click()
    expect(page.locator("#cc-welcome")).to_have_count(0)
    panel = page.locator("#cc-onboarding-panel")
    for key in STEPS:
        expect(panel.locator(f'[data-mission="{key}"]')).to_have_count(1)
        expect(page.locator(f"#cc-onboarding-panel #cc-mission-claim-{key}")).to_be_disabled()
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
    expect(page.locator("#cc-roulette-prize")).to_be_visible(timeout=scaled(10_000))
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


def test_the_welcome_shows_the_signup_gift_and_the_first_steps_once(page: Page) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname, keep_welcome=True)
    dialog = page.get_by_role("dialog", name=KO["welcome.title"])
    expect(dialog).to_be_visible()
    gift = page.locator("#cc-welcome-gift")
    expect(gift).not_to_have_attribute("data-value", "0")
    amount = int(gift.get_attribute("data-value") or "0")
    assert amount > 0
    expect(gift).to_have_text(f"{amount:,}")
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(amount))  # nothing else yet
    steps = page.locator("#cc-welcome-steps li")
    expect(steps).to_have_count(len(STEPS))
    for key, href in PLACES.items():
        step = page.locator(f'#cc-welcome-steps [data-step="{key}"]')
        expect(step).to_have_attribute("data-done", "")
        expect(step).to_contain_text(KO["welcome.step_todo"])
        expect(page.locator(f"#cc-welcome-go-{key}")).to_have_attribute("data-href", href)
    page.screenshot(path=str(ARTIFACTS / "welcome_dialog.png"), animations="disabled")

    # a first step's button closes the welcome and leads to its page; it never comes back in this tab
    page.locator("#cc-welcome-go-onboarding_gacha_pull").click()
    expect(page).to_have_url(re.compile(r"/games/gacha$"))
    for leave in (page.go_back, page.reload, lambda: page.goto("/?welcome=1")):
        leave()
        expect(page.locator("#home-greeting")).to_be_visible()
        expect(page.locator("#cc-onboarding-panel")).to_be_visible()  # home has loaded its data
        expect(page.locator("#cc-welcome")).to_have_count(0)
    expect(page.locator("#cc-cta-member")).to_be_visible()  # not the guest's "start with an invite code"
    expect(page.locator("#cc-cta")).to_have_count(0)

    # the signup credit on the wallet is the gift the welcome showed
    page.goto("/wallet")
    row = page.locator("#cc-wallet-table tr", has_text=KO["ledger.kind.WELCOME"])
    expect(row).to_contain_text(f"+{amount:,}")

    # the empty inventory: a picture and the way to the gacha
    page.goto("/inventory")
    empty = page.locator("#cc-inventory-empty")
    expect(empty.locator("img[src$='/empty/box.svg']")).to_be_visible()
    expect(empty).to_contain_text(KO["empty.inventory.title"])
    page.locator("#cc-inventory-empty-go").click()
    expect(page).to_have_url(re.compile(r"/games/gacha$"))

    # the 7-day track and the unclaimed badge, gone right after the claim
    badge = page.locator("#cc-daily-badge")
    expect(badge).to_have_count(1)
    expect(page.locator("#cc-daily-open")).to_have_attribute("aria-label", re.compile(KO["daily.badge"]))
    page.locator("#cc-daily-open").click()
    days = page.locator("#cc-daily-track > li")
    expect(days).to_have_count(7)
    today = page.locator("#cc-daily-track > li[data-today='1']")
    expect(today).to_have_count(1)
    expect(today).to_have_attribute("aria-current", "date")
    expect(page.locator("#cc-daily-track > li[data-state='ahead']")).to_have_count(6)
    shown = today.inner_text()
    page.locator("#cc-daily-claim").click()
    result = page.locator("#cc-daily-result")
    expect(result).to_be_visible()
    gold, xp = re.findall(r"([\d,]+) (?:G|XP)", result.inner_text())
    assert f"{gold} G" in shown
    assert f"{xp} XP" in shown
    expect(today).to_have_attribute("data-state", "claimed")
    expect(badge).to_have_count(0)
    expect(page.locator("#cc-daily-claim")).to_have_class(re.compile("cc-btn--done"))
    page.screenshot(path=str(ARTIFACTS / "daily_track_claimed.png"))
    page.keyboard.press("Escape")
    page.goto("/")
    expect(page.locator("#cc-home-checkin")).to_be_visible()
    expect(page.locator("#cc-daily-badge")).to_have_count(0)
