"""Crash in the browser: two funded players watch the same round; one bets and cashes out with the keyboard
shortcut, the other sees that cash-out by nickname in the players list; the balance moves by exactly the reported
payout; the round's crash point then verifies against the published chain. The console shows the loop and a
player's bet, and an admin's pause reaches the player's screen.

The E2E app runs the crash loop in-process with the fast table the E2E conftest publishes (4 s betting, 2 s
cooldown, 10× maximum). A round may crash before a cash-out reaches the server (about 4 % crash at 1.00×): the
test then bets on the next round, a few times at most.
"""

from __future__ import annotations

import re
import time
import uuid

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_games import _credit
from tests.e2e.test_wallet import _get, _post
from tests.support.pace import scaled

KO, EN = CATALOGS["ko"], CATALOGS["en"]
BET = 1_000
ATTEMPTS = 6
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _balance(page: Page) -> int:
    return int(page.locator("#cc-balance-value").get_attribute("data-value") or "0")


def _next_betting_round(page: Page, after: str) -> str:
    """Wait for the betting phase of a round other than ``after`` (a whole betting window ahead); its id."""
    page.wait_for_function(
        "(after) => { const el = document.querySelector('#cc-crash');"
        " return !!el && el.dataset.phase === 'betting' && el.dataset.round !== after; }",
        arg=after,
        timeout=scaled(60_000),
    )
    return page.locator("#cc-crash").get_attribute("data-round") or ""


def _bet_and_cash_out(page: Page, watcher: Page, nickname: str) -> dict[str, int] | None:
    """One round: bet, cash out with "C" in flight; the settled bet, or None when the round crashed first."""
    me, place = page.locator("#cc-crash-me"), page.locator("#cc-crash-place")
    round_id = _next_betting_round(page, page.locator("#cc-crash").get_attribute("data-round") or "")
    expect(place).to_be_enabled()
    before = _balance(page)
    page.locator("#cc-crash-amount").fill(str(BET))
    place.click()
    expect(me).to_have_attribute("data-status", "active")
    expect(me).to_have_attribute("data-round", round_id)
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(before - BET))
    # The other player sees the bet by nickname while betting is still open.
    row = watcher.locator(f'#cc-crash-players tr[data-nickname="{nickname}"]')
    expect(row).to_have_attribute("data-status", "active")

    # The flight has started — or the round crashed before it could be caught (at ×1.00 it never flies).
    page.wait_for_function(
        "() => { const button = document.querySelector('#cc-crash-cashout');"
        " return (!!button && !button.disabled) || document.querySelector('#cc-crash-me').dataset.status === 'lost'; }",
        timeout=scaled(15_000),
    )
    if me.get_attribute("data-status") == "lost":
        return None
    # The shortcut listens and the potential win shows — or a low crash point ended the flight meanwhile.
    page.wait_for_function(
        "() => document.querySelector('#cc-crash-me').dataset.status === 'lost'"
        " || (document.querySelector('#cc-crash-stage').dataset.keys === 'on'"
        " && /^[\\d,]+ G$/.test((document.querySelector('#cc-crash-potential')?.textContent ?? '').trim()))",
        timeout=scaled(5_000),
    )
    if me.get_attribute("data-status") == "lost":
        return None
    page.keyboard.press("c")
    page.wait_for_function(
        "() => ['cashed', 'lost'].includes(document.querySelector('#cc-crash-me').dataset.status)",
        timeout=scaled(15_000),
    )
    if me.get_attribute("data-status") == "lost":
        return None
    payout = int(me.get_attribute("data-payout") or "-1")
    multiplier = me.get_attribute("data-multiplier") or ""
    x100 = int(multiplier.replace(".", ""))
    assert x100 >= 100
    assert payout == BET * x100 // 100
    # The watcher sees the cash-out in the players list (until the next round opens, 2 s after the crash).
    expect(row).to_have_attribute("data-status", "cashed", timeout=scaled(3_000))
    expect(row).to_have_attribute("data-payout", str(payout), timeout=scaled(3_000))
    expect(row).to_contain_text(multiplier)
    # The balance moves by exactly the reported payout.
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(before - BET + payout))
    expect(me).to_contain_text(f"{payout:,} G")
    return {"round_id": int(round_id), "payout": payout, "x100": x100, "before": before}


def test_two_players_watch_one_round_and_a_cash_out_pays_exactly(page: Page, browser: object, base_url: str) -> None:
    watcher_problems = PageProblems()
    watcher = open_page(browser, base_url, watcher_problems, viewport={"width": 1280, "height": 900})
    watcher_site, watcher_nickname = _fresh_identity()
    _signup(watcher, watcher_site, watcher_nickname)
    _credit(base_url, watcher_site, 5_000)
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _credit(base_url, site_id, 20_000)
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", "21000")

    for tab in (page, watcher):
        tab.goto("/games/crash")
        expect(tab.get_by_role("heading", name=KO["crash.title"], exact=True)).to_be_visible()
        expect(tab.locator("#cc-crash-terminating code")).to_have_text(HEX64)
    # The published table and odds, then the watcher switches to English.
    watcher.locator("#cc-crash-odds").click()
    dialog = watcher.get_by_role("dialog")
    expect(dialog).to_contain_text(KO["crash.rtp"])
    expect(watcher.locator("#cc-crash-table")).to_contain_text("97%")
    expect(watcher.locator("#cc-crash-table")).to_contain_text("×10.00")  # the E2E table's maximum
    expect(watcher.locator("#cc-crash-odds-table")).to_contain_text("48.50%")  # P(crash ≥ 2×) = 0.97 / 2
    watcher.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    watcher.locator("#cc-lang-toggle").click()
    expect(watcher.get_by_role("heading", name=EN["crash.title"], exact=True)).to_be_visible()
    # Reduced motion on the watcher: the curve is not animated, the number still follows the server.
    watcher.emulate_media(reduced_motion="reduce")
    expect(watcher.locator("#cc-crash-stage")).to_have_attribute("data-reduced-motion", "true")
    expect(page.locator("#cc-crash-stage")).to_have_attribute("data-reduced-motion", "false")

    settled = None
    for _ in range(ATTEMPTS):
        settled = _bet_and_cash_out(page, watcher, nickname)
        if settled is not None:
            break
    assert settled is not None, f"every one of {ATTEMPTS} rounds crashed before the cash-out"
    page.locator("#cc-crash").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "crash_cashed.png"))
    watcher.screenshot(path=str(ARTIFACTS / "crash_watcher.png"))

    # The server recorded exactly the bet the screen showed.
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    history = _get(base_url + "/api/games/history?game_type=crash", auth)["items"]
    assert (history[0]["bet"], history[0]["payout"]) == (BET, settled["payout"])
    assert history[0]["outcome"]["cashout_multiplier"] == settled["x100"]
    assert int(_get(base_url + "/api/users/balance", auth)["gold"]) == _balance(page)

    # Once the round has crashed, its chip links to the verification, which recomputes the same crash point.
    page.wait_for_function(
        "(id) => { const el = document.querySelector('#cc-crash');"
        " return !!el && (el.dataset.round !== id || el.dataset.phase === 'crashed'); }",
        arg=str(settled["round_id"]),
        timeout=scaled(30_000),
    )
    number = page.locator("#cc-crash-me").get_attribute("data-number") or ""
    chip = page.locator(f'#cc-crash-history a[data-number="{number}"]')
    expect(chip).to_have_text(re.compile(r"^×\d+\.\d{2}$"))
    point = chip.inner_text()
    assert int(point.removeprefix("×").replace(".", "")) > settled["x100"]  # it crashed after the cash-out
    chip.click()
    expect(page).to_have_url(re.compile(r"/games/crash/verify\?hash=[0-9a-f]{64}$"))
    expect(page.locator("#cc-crash-verify-result")).to_have_attribute("data-valid", "yes")
    expect(page.locator("#cc-crash-verify-result")).to_contain_text(f"#{number}")
    expect(page.locator("#cc-crash-verify-links")).to_have_attribute("data-value", "yes")
    expect(page.locator("#cc-crash-verify-recorded")).to_have_text(point)
    expect(page.locator("#cc-crash-verify-computed")).to_have_text(point)
    page.locator("#cc-crash-verify-walk").click()
    expect(page.locator("#cc-crash-verify-reaches")).to_have_attribute("data-value", "yes")
    page.screenshot(path=str(ARTIFACTS / "crash_verified.png"), full_page=True)

    watcher.context.close()
    assert watcher_problems.all() == []


def _betting_window(base_url: str, auth: dict[str, str]) -> dict:
    """Poll the live round until betting is open with at least 1.5 s left; the snapshot."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = _get(base_url + "/api/games/crash/state", auth)
        if state["phase"] == "betting" and state["betting_ends_ms"] - state["server_now_ms"] > 1_500:
            return state
        time.sleep(0.2)
    raise AssertionError("no betting window within 60 s")


def test_the_console_shows_the_loop_and_a_bet_and_pauses_new_rounds(page: Page, browser: object, base_url: str) -> None:
    player_problems = PageProblems()
    player = open_page(browser, base_url, player_problems, viewport={"width": 1280, "height": 900})
    site_id, nickname = _fresh_identity()
    _signup(player, site_id, nickname)
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    user_id = _get(base_url + "/api/auth/me", auth)["id"]
    player.goto("/games/crash")
    expect(player.locator("#cc-crash")).to_have_attribute("data-phase", re.compile(r"^(betting|flying|crashed)$"))
    _betting_window(base_url, auth)
    _post(base_url + "/api/games/crash/bet", {"bet_amount": 100}, {**auth, "Idempotency-Key": str(uuid.uuid4())})

    page.goto("/admin/login")
    page.locator("#field-site_id").fill("admin")
    page.locator("#field-password").fill("casino-admin-1")
    page.locator("#cc-admin-login-form-submit").click()
    expect(page.get_by_role("heading", name=KO["dashboard_admin.title"])).to_be_visible()
    page.goto("/admin/crash")
    expect(page.get_by_role("heading", name=KO["crash_admin.title"], exact=True)).to_be_visible()
    expect(page.locator("#cc-crash-leader")).not_to_have_text(KO["crash_admin.no_leader"])
    expect(page.locator("#cc-crash-loop-state")).to_have_text(KO["crash_admin.running"])
    page.locator("#crash-user").fill(str(user_id))
    page.locator("#cc-crash-filter").click()
    rows = page.locator("#cc-crash-sessions tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-user", str(user_id))
    expect(rows.first).to_contain_text(nickname)

    # An admin pauses new rounds: the player's screen says so; resuming clears it (both audited).
    page.locator("#cc-crash-pause").click()
    expect(page.locator("#cc-crash-loop-state")).to_have_text(KO["crash_admin.paused"])
    expect(player.locator("#cc-crash-paused")).to_be_visible(timeout=scaled(10_000))
    page.screenshot(path=str(ARTIFACTS / "crash_console.png"), full_page=True)
    page.locator("#cc-crash-pause").click()
    expect(page.locator("#cc-crash-loop-state")).to_have_text(KO["crash_admin.running"])
    expect(player.locator("#cc-crash-paused")).to_have_count(0, timeout=scaled(10_000))
    player.context.close()
    assert player_problems.all() == []
