"""Accounts in the browser: signup with 5858, logout, login, reload, second tab, errors, lockout."""

from __future__ import annotations

import itertools
import re
import time

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page
from tests.support.pace import scaled

KO = CATALOGS["ko"]
PASSWORD = "neon-password-7"
_ids = itertools.count(int(time.time()) % 100000)


def _fresh_identity() -> tuple[str, str]:
    n = next(_ids)
    return f"e2e{n:06d}", f"이투이{n % 100000:05d}"[:12]


def _signup(page: Page, site_id: str, nickname: str, *, keep_welcome: bool = False) -> None:
    """Sign up in the browser; the welcome dialog home then shows is closed unless ``keep_welcome``."""
    page.goto("/signup")
    expect(page.get_by_role("heading", name=KO["signup.title"])).to_be_visible()
    page.locator("#field-invite_code").fill("5858")
    expect(page.get_by_text(KO["signup.invite_valid"])).to_be_visible()
    page.locator("#field-site_id").fill(site_id)
    page.locator("#field-nickname").fill(nickname)
    page.locator("#field-password").fill(PASSWORD)
    page.locator("#field-password_confirm").fill(PASSWORD)
    page.locator("#cc-signup-submit").click()
    expect(page).to_have_url(re.compile(r"/\?welcome=1$"))  # the redirect has landed
    expect(page.locator("#cc-user-menu")).to_contain_text(nickname)
    if not keep_welcome:  # Esc closes it and takes the one-time flag out of the address
        expect(page.get_by_role("dialog", name=KO["welcome.title"])).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.locator("#cc-welcome")).to_have_count(0)
        expect(page).to_have_url(re.compile(r"/$"))


def _logout(page: Page) -> None:
    item = page.get_by_role("menuitem", name=KO["auth.logout"])
    for _ in range(5):  # the menu may re-mount while the page's on_load is still arriving
        page.locator("#cc-user-menu").click()
        try:
            item.wait_for(state="visible", timeout=scaled(2000))
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    # The session ends on the server, then the page deletes its HttpOnly cookie and loads "/" afresh. The page
    # may already be at "/", so wait for that navigation itself, not for a matching address: a later goto would
    # otherwise be interrupted by it.
    with page.expect_navigation(url=re.compile(r"^[^?]*/$"), wait_until="load"):
        item.click()
    expect(page.locator("#cc-login-link")).to_be_visible()
    assert [c for c in page.context.cookies() if c["name"] == "__Host-cc_web"] == []


def _login(page: Page, site_id: str, password: str) -> None:
    page.goto("/login")
    expect(page.get_by_role("heading", name=KO["login.title"])).to_be_visible()
    page.locator("#field-site_id").fill(site_id)
    page.locator("#field-password").fill(password)
    page.locator("#cc-login-form-submit").click()


def test_invite_code_feedback_is_live(page: Page) -> None:
    page.goto("/signup")
    code = page.locator("#field-invite_code")
    code.fill("0000")
    expect(page.get_by_text(KO["error.INVITE_UNKNOWN"])).to_be_visible()
    expect(code).to_have_attribute("aria-invalid", "true")
    code.fill("5858")
    expect(page.get_by_text(KO["signup.invite_valid"])).to_be_visible()
    expect(code).to_have_attribute("aria-invalid", "false")


def test_signup_field_errors_are_korean(page: Page) -> None:
    page.goto("/signup")
    page.locator("#field-invite_code").fill("5858")
    page.locator("#field-site_id").fill("X!")
    page.locator("#field-nickname").fill("가")
    page.locator("#field-password").fill("short")
    page.locator("#field-password_confirm").fill("different")
    page.locator("#cc-signup-submit").click()
    expect(page.get_by_text(KO["field.PASSWORD_MISMATCH"])).to_be_visible()
    page.locator("#field-password_confirm").fill("short")
    page.locator("#cc-signup-submit").click()
    expect(page.get_by_text(KO["field.SITE_ID_FORMAT"])).to_be_visible()
    expect(page.get_by_text(KO["field.NICKNAME_FORMAT"])).to_be_visible()
    expect(page.get_by_text(KO["field.PASSWORD_LENGTH"])).to_be_visible()
    expect(page.locator("#field-site_id")).to_have_attribute("aria-invalid", "true")


def test_signup_logout_login_reload_and_second_tab(page: Page, browser: object, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _logout(page)
    _login(page, site_id, PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/login"))
    expect(page.locator("#cc-user-menu")).to_contain_text(nickname)

    page.goto("/profile")
    expect(page.get_by_role("heading", name=nickname)).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name=nickname)).to_be_visible()
    expect(page.locator("#cc-user-menu")).to_contain_text(nickname)

    second = page.context.new_page()
    second.goto(base_url + "/profile")
    expect(second.get_by_role("heading", name=nickname)).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    second.screenshot(path=str(ARTIFACTS / "accounts_second_tab_profile.png"), full_page=True)
    second.close()

    page.goto("/sessions")
    expect(page.get_by_role("heading", name=KO["sessions.title"])).to_be_visible()
    expect(page.get_by_text(KO["sessions.current"])).to_be_visible()


def test_a_login_sent_before_the_page_is_ready_waits_for_it_and_keeps_the_password_out_of_the_address(
    page: Page, browser: object, base_url: str
) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _logout(page)
    problems = PageProblems()
    early = open_page(browser, base_url, problems)
    held: list[object] = []
    holding = [True]

    def hold(route: object) -> None:  # the app's bundles wait: the server-rendered form is on screen, unhydrated
        if holding[0]:
            held.append(route)
        else:
            route.continue_()  # type: ignore[attr-defined]

    early.route(re.compile(r"/assets/.*\.js(\?|$)"), hold)
    early.goto("/login", wait_until="commit")
    early.locator("#field-site_id").fill(site_id)
    early.locator("#field-password").fill(PASSWORD)
    early.locator("#cc-login-form-submit").click()
    expect(early.locator("#cc-login-form")).to_have_attribute("data-cc-held", "")  # kept, not sent by the browser
    assert held, "the page asked for no bundle: nothing was held back"
    assert "?" not in early.url
    assert PASSWORD not in early.url
    holding[0] = False
    for route in held:
        route.continue_()  # type: ignore[attr-defined]
    expect(early.locator("#cc-user-menu")).to_contain_text(nickname)  # hydrated, the same tap logged in
    assert PASSWORD not in early.url
    assert problems.all() == []
    early.context.close()


def test_wrong_password_then_lockout_in_korean(page: Page) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _logout(page)
    _login(page, site_id, "not-the-password")
    expect(page.locator("#cc-login-error")).to_have_text(KO["error.INVALID_CREDENTIALS"])
    for _ in range(4):
        page.locator("#field-password").fill("still-wrong-1")
        page.locator("#cc-login-form-submit").click()
        page.wait_for_timeout(150)
    page.locator("#field-password").fill(PASSWORD)
    page.locator("#cc-login-form-submit").click()
    expect(page.locator("#cc-login-error")).to_contain_text("로그인 실패가 너무 많아 잠시 잠겼습니다")
    expect(page.locator("#cc-user-menu")).to_have_count(0)


def test_guarded_page_redirects_guests_to_login(page: Page) -> None:
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/login\?next=/profile"))
    expect(page.get_by_role("heading", name=KO["login.title"])).to_be_visible()


def test_age_verification_from_the_profile(page: Page) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    page.goto("/profile")
    page.locator("#cc-age-open").click()
    page.locator("#field-birth_date").fill("1990-04-01")
    page.locator("#cc-age-submit").click()
    expect(page.locator("#cc-age-verified")).to_be_visible()


def test_admin_console_creates_an_invite(browser: object, base_url: str) -> None:
    problems = PageProblems()
    page = open_page(browser, base_url, problems, viewport={"width": 1440, "height": 900})
    page.goto("/admin/login")
    page.locator("#field-site_id").fill("admin")
    page.locator("#field-password").fill("casino-admin-1")
    page.locator("#cc-admin-login-form-submit").click()
    expect(page.get_by_role("heading", name=KO["dashboard_admin.title"])).to_be_visible()  # the console's first screen
    page.get_by_role("link", name=KO["admin.nav_invites"]).click()
    expect(page.get_by_role("heading", name=KO["admin.title"])).to_be_visible()
    page.locator("#inv-code").fill(f"E2E{next(_ids)}")
    page.locator("#inv-max").fill("3")
    page.locator("#cc-invite-create").click()
    expect(page.get_by_text(KO["admin.created"])).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "admin_console.png"), full_page=True)
    page.context.close()
    assert problems.all() == []
