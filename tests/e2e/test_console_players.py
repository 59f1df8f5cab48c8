"""The console's players section in the browser: an operator finds a player by nickname, opens the player page
and adjusts their gold with a reason; the player's already-open tab (another browser) shows the new balance
and the notification within about a second; the audit viewer lists the action with its reason."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import PageProblems, open_page
from tests.e2e.test_accounts import _fresh_identity, _signup
from tests.support.pace import scaled

KO = CATALOGS["ko"]
CREDIT = 777
REASON = "이투이 보상 지급"


def _admin_login(page: Page) -> None:
    """The seeded admin in the console."""
    page.goto("/admin/login")
    page.locator("#field-site_id").fill("admin")
    page.locator("#field-password").fill("casino-admin-1")
    page.locator("#cc-admin-login-form-submit").click()
    page.wait_for_url(lambda url: "/admin" in url and "/admin/login" not in url)  # the console's landing page


def test_operator_adjusts_gold_and_the_open_player_tab_sees_it(
    page: Page, browser: object, base_url: str, problems: PageProblems
) -> None:
    player = open_page(browser, base_url, problems, viewport={"width": 1280, "height": 900})
    try:
        site_id, nickname = _fresh_identity()
        _signup(player, site_id, nickname)
        balance = player.locator("#cc-balance-value")
        expect(balance).to_have_attribute("data-value", "1000")

        _admin_login(page)
        page.goto("/admin/players")
        expect(page.get_by_role("heading", name=KO["players_admin.title"])).to_be_visible()
        page.locator("#cc-players-q").fill(nickname)
        page.locator("#cc-players-search").click()
        expect(page.locator("#cc-players-total")).to_contain_text("1")
        page.locator("#cc-players-table").get_by_role("link", name=nickname).click()
        expect(page.get_by_role("heading", name=nickname)).to_be_visible()
        expect(page.locator("#cc-player-balance")).to_contain_text("1,000")

        page.locator("#cc-gold-amount").fill(str(CREDIT))
        page.locator("#cc-gold-reason").fill(REASON)
        started = time.monotonic()
        page.locator("#cc-gold-submit").click()
        expect(balance).to_have_attribute("data-value", str(1000 + CREDIT), timeout=scaled(5_000))
        latency = time.monotonic() - started
        expect(player.locator("#cc-toast")).to_contain_text(str(CREDIT), timeout=scaled(5_000))
        toast_latency = time.monotonic() - started
        print(f"gold adjustment reached the player's open tab: balance {latency:.3f}s, toast {toast_latency:.3f}s")
        expect(page.locator("#cc-player-done")).to_have_text(KO["players_admin.done_gold"])
        expect(page.locator("#cc-player-balance")).to_contain_text(f"{1000 + CREDIT:,}")
    finally:
        player.context.close()

    page.goto("/admin/audit")
    entry = page.locator("#cc-audit-entries tr[data-action='gold.adjust']").filter(has_text=REASON)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(re.compile(rf"1000\D+{1000 + CREDIT}"))  # the balance before and after
