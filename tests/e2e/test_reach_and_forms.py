"""Reach, forms and readable fairness in the browser (issue 16, items 5–7).

- On a phone every destination is two taps away (tab bar → "more" sheet), the bell shows in the header and
  nothing hides under the fixed tab bar; staff get the console's navigation instead of the player's.
- Signup checks availability live without using up the per-IP signup limit (read from the server's metrics),
  limits field lengths and shows the password on request; login counts the tries left and counts a lockout
  down in minutes; the age check shows the computed age and asks before recording a minor.
- The verifier names symbols in Korean and says "일치 ✓" / "불일치 ✗", marking the field at fault.
"""

from __future__ import annotations

import re
import urllib.request
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from casino_app.components.nav_items import console_more_items, more_items
from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_wallet import _get, _post
from tests.support.pace import scaled

KO = CATALOGS["ko"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _phone(browser: object, base_url: str, problems: PageProblems) -> Page:
    return open_page(browser, base_url, problems, **PHONE)  # type: ignore[return-value]


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_history_is_two_taps_away_on_a_phone(browser: object, base_url: str) -> None:
    problems = PageProblems()
    page = _phone(browser, base_url, problems)
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    page.goto("/")
    header_bell = page.locator("header #cc-bell")
    expect(header_bell).to_be_visible()  # the bell is in the phone's header
    bell = header_bell.bounding_box()
    assert bell is not None
    assert bell["x"] >= 0
    assert bell["x"] + bell["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    tab_bar = page.get_by_role("navigation", name=KO["a11y.tab_bar"])
    expect(tab_bar.get_by_role("link", name=KO["nav.wallet"])).to_be_visible()
    tab_bar.locator("#cc-more-open").tap()  # tap 1
    sheet = page.locator("#cc-more-sheet")
    expect(sheet).to_be_visible()
    for item in more_items(member=True):  # every other destination is listed
        expect(sheet.get_by_role("link", name=KO[item.key], exact=True)).to_be_visible()
    _shot(page, "reach_more_sheet_390x844")
    sheet.get_by_role("link", name=KO["nav.history"], exact=True).tap()  # tap 2
    expect(page).to_have_url(re.compile(r"/games/history$"))
    expect(page.get_by_role("heading", name=KO["history.title"])).to_be_visible()
    expect(sheet).to_have_count(0)  # the sheet closed on the way
    expect(tab_bar.locator("#cc-more-open")).to_have_attribute("data-active", "true")

    # Nothing hides under the fixed bar: the page's last line ends above it.
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    bar = tab_bar.bounding_box()
    last = page.locator("footer").evaluate(
        "f => { const r = document.createRange(); r.selectNodeContents(f); return r.getBoundingClientRect().bottom; }"
    )
    assert bar is not None
    assert last <= bar["y"] + 1, f"the footer's content ends at {last}, under the tab bar at {bar['y']}"
    page.context.close()
    assert problems.all() == []


def _staff_login(page: Page) -> None:
    page.goto("/admin/login")
    page.locator("#field-site_id").fill("admin")
    page.locator("#field-password").fill("casino-admin-1")
    page.locator("#cc-admin-login-form-submit").click()
    expect(page.get_by_role("heading", name=KO["dashboard_admin.title"])).to_be_visible()


def test_staff_see_the_console_navigation_on_every_screen(browser: object, base_url: str) -> None:
    problems = PageProblems()
    page = _phone(browser, base_url, problems)
    _staff_login(page)
    tab_bar = page.get_by_role("navigation", name=KO["a11y.tab_bar"])
    expect(tab_bar.get_by_role("link", name=KO["admin.nav_players"])).to_be_visible()
    expect(tab_bar.get_by_role("link", name=KO["nav.wallet"])).to_have_count(0)
    expect(page.locator("#cc-balance")).to_have_count(0)  # staff hold no gold
    tab_bar.locator("#cc-more-open").tap()
    sheet = page.locator("#cc-more-sheet")
    for item in console_more_items():
        expect(sheet.get_by_role("link", name=KO[item.key], exact=True)).to_be_visible()
    _shot(page, "reach_console_sheet_390x844")
    sheet.get_by_role("link", name=KO["admin.nav_grants"], exact=True).tap()
    expect(page).to_have_url(re.compile(r"/admin/grants$"))

    page.set_viewport_size({"width": 1440, "height": 900})
    side = page.get_by_role("navigation", name=KO["admin.nav"])
    expect(side).to_have_count(1)  # the side list; the row of console tabs is not repeated beside it
    expect(side.get_by_role("link", name=KO["admin.nav_audit"])).to_be_visible()
    expect(page.get_by_role("navigation", name=KO["a11y.main_nav"])).to_have_count(0)
    page.context.close()
    assert problems.all() == []


def _signup_counts(base_url: str) -> dict[str, float]:
    """The rate limiter's decisions so far for signups and for availability lookups (from /metrics)."""
    with urllib.request.urlopen(base_url + "/metrics", timeout=10) as response:
        text = response.read().decode()
    counts: dict[str, float] = {}
    for endpoint, outcome, value in re.findall(
        r'cc_rate_limit_hits_total\{endpoint="(signup|availability)",outcome="(\w+)",rank="none"\} ([0-9.e+]+)', text
    ):
        counts[f"{endpoint}:{outcome}"] = counts.get(f"{endpoint}:{outcome}", 0) + float(value)
    return counts


def test_signup_checks_availability_live_without_using_the_limit(page: Page, base_url: str) -> None:
    before = _signup_counts(base_url)
    page.goto("/signup")
    expect(page.locator("#field-site_id")).to_have_attribute("maxlength", "20")
    expect(page.locator("#field-nickname")).to_have_attribute("maxlength", "12")
    expect(page.locator("#field-password")).to_have_attribute("maxlength", "128")
    expect(page.locator("#field-phone_number")).to_have_attribute("maxlength", "20")
    page.locator("#field-invite_code").fill("5858")
    expect(page.get_by_text(KO["signup.invite_valid"])).to_be_visible()

    site_id = page.locator("#field-site_id")
    site_id.fill("admin")  # the console's account: taken
    message = page.locator("#field-site_id-msg")
    expect(message).to_have_text(KO["error.SITE_ID_TAKEN"])
    expect(site_id).to_have_attribute("aria-invalid", "true")
    _, nickname = _fresh_identity()
    page.locator("#field-nickname").fill(nickname)
    expect(page.locator("#field-nickname-msg")).to_contain_text(KO["forms.nickname_free"])

    password = page.locator("#field-password")
    password.fill("short")
    expect(page.locator("#field-password-msg")).to_have_text(KO["field.PASSWORD_LENGTH"])
    password.fill(PASSWORD)
    expect(page.locator("#field-password-msg")).to_have_text(KO["signup.password_hint"])
    expect(password).to_have_attribute("type", "password")
    page.locator("#field-password-reveal").click()
    expect(password).to_have_attribute("type", "text")
    expect(page.locator("#field-password-reveal")).to_have_attribute("aria-pressed", "true")
    page.locator("#field-password_confirm").fill(PASSWORD)
    expect(page.locator("#field-password_confirm-msg")).to_contain_text(KO["forms.passwords_match"])

    page.locator("#cc-signup-submit").click()  # with the taken ID: refused, and not counted as a signup
    expect(message).to_have_text(KO["error.SITE_ID_TAKEN"])
    expect(page).to_have_url(re.compile(r"/signup"))
    _shot(page, "signup_taken_id_live")
    fresh_id, _ = _fresh_identity()
    site_id.fill(fresh_id)
    expect(message).to_contain_text(KO["forms.site_id_free"])
    expect(site_id).to_have_attribute("aria-invalid", "false")
    after = _signup_counts(base_url)
    assert after.get("signup:allowed", 0) == before.get("signup:allowed", 0)
    assert after.get("signup:blocked", 0) == before.get("signup:blocked", 0)
    # The live checks (ID twice, nickname once) and the refused submit counted in their own window.
    assert after.get("availability:allowed", 0) - before.get("availability:allowed", 0) >= 4


def test_login_counts_the_tries_left_and_the_lockout_down(page: Page) -> None:
    site_id, _ = _fresh_identity()
    page.goto("/login")
    page.locator("#field-site_id").fill(site_id)  # an unknown ID counts exactly like a known one
    expect(page.locator("#field-site_id")).to_have_attribute("maxlength", "20")
    expect(page.locator("#field-password")).to_have_attribute("maxlength", "128")
    for left in (4, 3, 2):
        page.locator("#field-password").fill("wrong-password-1")
        page.locator("#cc-login-form-submit").click()
        expect(page.locator("#cc-login-attempts")).to_have_text(KO["forms.attempts_left"].format(n=left))
    page.locator("#field-password").fill("wrong-password-1")
    page.locator("#cc-login-form-submit").click()
    expect(page.locator("#cc-login-attempts")).to_have_text(KO["forms.attempts_last"])
    expect(page.locator("#cc-login-error")).to_have_text(KO["error.INVALID_CREDENTIALS"])
    page.locator("#field-password").fill("wrong-password-1")
    page.locator("#cc-login-form-submit").click()
    error = page.locator("#cc-login-error")
    expect(error).to_contain_text(KO["forms.wait.INVALID_CREDENTIALS"])
    timer = page.locator("#cc-login-error-timer")
    expect(timer).to_have_text(re.compile(r"^(9|10)분 \d{2}초 후에 다시 시도해 주세요\.$"))
    first = int(timer.get_attribute("data-seconds") or "0")
    assert 590 <= first <= 600
    expect(timer).not_to_have_attribute("data-seconds", str(first), timeout=scaled(3000))  # it counts down live
    assert int(timer.get_attribute("data-seconds") or "0") < first
    _shot(page, "login_locked_countdown")


def _age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def test_the_age_check_shows_the_age_and_asks_before_recording_a_minor(page: Page) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    page.goto("/profile")
    page.locator("#cc-age-open").click()
    today = datetime.now(ZoneInfo("Asia/Seoul")).date()
    years = _age_on(date(2012, 5, 5), today)
    birth = page.locator("#field-birth_date")
    birth.fill("2012-05-05")
    expect(page.locator("#cc-age-preview")).to_have_text(KO["age.computed_minor"].format(age=years, year=2012 + 19))
    page.locator("#cc-age-submit").click()
    confirm = page.locator("#cc-age-confirm")
    expect(confirm).to_be_visible()
    expect(page.locator("#cc-age-confirm-title")).to_have_text(KO["age.confirm_title"].format(age=years))
    expect(page.locator("#cc-age-confirm-body")).to_have_text(
        KO["age.confirm_body"].format(age=years, date="2012-05-05")
    )
    _shot(page, "age_confirm_minor")
    page.locator("#cc-age-fix").click()  # a typo: nothing was recorded
    birth = page.locator("#field-birth_date")
    birth.fill("1990-05-05")
    expect(page.locator("#cc-age-preview")).to_have_text(
        KO["age.computed_adult"].format(age=_age_on(date(1990, 5, 5), today), year=2009)
    )
    page.locator("#cc-age-submit").click()
    expect(page.locator("#cc-age-verified")).to_be_visible()

    # A blank nickname is an error, not "saved".
    page.locator("#field-nickname").fill("   ")
    page.locator("#cc-profile-save").click()
    expect(page.locator("#cc-profile-error")).to_have_text(KO["field.REQUIRED"])
    expect(page.get_by_text(KO["profile.saved"])).to_have_count(0)
    expect(page.get_by_role("heading", name=nickname)).to_be_visible()


def test_the_verifier_names_the_symbols_and_marks_the_edited_seed(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    spin = _post(base_url + "/api/games/slot/spin", {"bet_amount": 100}, {**auth, "Idempotency-Key": str(uuid.uuid4())})
    _post(base_url + "/api/fairness/rotate", {}, auth)
    history = _get(base_url + "/api/games/history?game_type=slot", auth)["items"]
    assert history[0]["id"] == spin["round_id"]
    named = " · ".join(KO[f"slot.symbol.{s}"] for s in spin["reels"]) + f" ×{history[0]['outcome']['multiplier']}"

    page.goto("/games/history")
    row = page.locator("#cc-history-table tbody tr").first
    expect(row).to_contain_text(named)  # symbol names, not ids
    row.get_by_role("link", name=KO["games.verify_link"]).click()
    expect(page).to_have_url(re.compile(rf"/fairness\?round={spin['round_id']}$"))
    verdict = page.locator("#cc-verdict")
    expect(verdict).to_have_attribute("data-verdict", "match")
    expect(page.locator("#cc-verdict-label")).to_have_text(KO["fair.verdict_match"])
    expect(page.locator("#cc-verify-result")).to_have_text(named)
    expect(page.locator("#cc-verify-recorded")).to_have_text(named)

    seed_field = page.locator("#v-v_seed")
    seed = seed_field.input_value()
    assert re.fullmatch(r"[0-9a-f]{64}", seed)
    seed_field.fill(("1" if seed[0] != "1" else "2") + seed[1:])
    page.locator("#cc-verify-run").click()
    expect(verdict).to_have_attribute("data-verdict", "mismatch")
    expect(page.locator("#cc-verdict-label")).to_have_text(KO["fair.verdict_mismatch"])
    expect(page.locator("#cc-verdict-fields")).to_contain_text(KO["fair.field.server_seed"])
    seed_field = page.locator("#v-v_seed")
    expect(seed_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#v-v_seed-mark")).to_contain_text(KO["fair.fault_seed"])
    expect(page.locator("#v-v_seed-mark")).to_contain_text(history[0]["server_seed_hash"])
    for untouched in ("v_client", "v_nonce", "v_version"):
        expect(page.locator(f"#v-{untouched}")).to_have_attribute("aria-invalid", "false")
    _shot(page, "verifier_mismatch_marked")
