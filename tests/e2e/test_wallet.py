"""Gold in the browser: the daily check-in updates ticker and calendar; an admin credit appears live."""

from __future__ import annotations

import json
import urllib.request
import uuid

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_accounts import _fresh_identity, _signup
from tests.support.pace import scaled

KO = CATALOGS["ko"]


def _post(url: str, body: dict, headers: dict[str, str]) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.loads(response.read())


def _get(url: str, headers: dict[str, str]) -> dict:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=15) as response:
        return json.loads(response.read())


def test_daily_check_in_updates_ticker_and_calendar(page: Page) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    balance = page.locator("#cc-balance-value")
    expect(balance).to_have_attribute("data-value", "1000")  # the welcome gold
    expect(balance).to_have_text("1,000")
    page.locator("#cc-daily-open").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(page.locator("#cc-daily-track [data-state='today']")).to_have_count(1)
    expect(page.locator("#cc-daily-next")).to_contain_text("1,200 G")
    page.locator("#cc-daily-claim").click()
    expect(page.locator("#cc-daily-result")).to_contain_text("1,200")
    expect(page.locator("#cc-daily-track [data-state='claimed']")).to_have_count(1)
    expect(page.locator("#cc-daily-track [data-state='today']")).to_have_count(0)
    expect(page.locator("#cc-daily-claim")).to_be_disabled()
    expect(page.locator("#cc-daily-streak")).to_contain_text("1")
    expect(balance).to_have_attribute("data-value", "2200")
    expect(balance).to_have_text("2,200")  # the ticker has finished counting
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "daily_check_in_claimed.png"))
    page.keyboard.press("Escape")
    page.goto("/wallet")
    expect(page.locator("#cc-wallet-table")).to_contain_text(KO["ledger.kind.DAILY_REWARD"])
    expect(page.locator("#cc-wallet-table")).to_contain_text(KO["ledger.kind.WELCOME"])
    expect(page.locator("#cc-wallet-table")).to_contain_text("+1,200")


def test_admin_adjustment_appears_in_the_open_player_tab(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    balance = page.locator("#cc-balance-value")
    expect(balance).to_have_attribute("data-value", "1000")
    player_token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": "neon-password-7"}, {})
    me = _get(base_url + "/api/auth/me", {"Authorization": f"Bearer {player_token['access_token']}"})
    staff = _post(base_url + "/api/admin/auth/login", {"site_id": "admin", "password": "casino-admin-1"}, {})
    _post(
        f"{base_url}/api/admin/users/{me['id']}/gold",
        {"amount": 2500, "reason": "E2E 보상"},
        {"Authorization": f"Bearer {staff['access_token']}", "Idempotency-Key": str(uuid.uuid4())},
    )
    # no reload: the realtime push updates the ticker and the notification list
    expect(balance).to_have_attribute("data-value", "3500", timeout=scaled(5000))
    expect(balance).to_have_text("3,500")
    expect(page.locator("#cc-notification-list")).to_contain_text("2,500")
    expect(page.locator("#cc-toast")).to_be_visible()
