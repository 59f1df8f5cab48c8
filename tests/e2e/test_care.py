"""Player care in the browser: the reality check pauses play until it is seen, a cool-off started from the slot
page stops play in another tab at once, and the "건강한 이용" page in both languages with the 24-hour rule.

The E2E server runs with ``REALITY_CHECK_MINUTE_SECONDS=2`` (conftest), so a 15-minute check is due 30 s after
the session's first round.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from casino_app.services import catalog_copy
from tests.e2e.conftest import ARTIFACTS, PageProblems
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_wallet import _get, _post
from tests.support.pace import scaled

KO, EN = CATALOGS["ko"], CATALOGS["en"]
INTERVAL_SECONDS = 15 * 2  # a 15-minute check at 2 s per minute


def _token(base_url: str, site_id: str) -> dict[str, str]:
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _forced_spin(base_url: str, auth: dict[str, str]) -> tuple[int, dict]:
    """A spin through the REST API, past whatever the page shows: (status, body)."""
    request = urllib.request.Request(
        base_url + "/api/games/slot/spin",
        data=json.dumps({"bet_amount": 100}).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4()), **auth},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _gold(base_url: str, auth: dict[str, str]) -> int:
    return int(_get(base_url + "/api/users/balance", auth)["gold"])


def _watch(tab: Page, problems: PageProblems) -> None:
    """Record a second tab's console and page errors with the test's own problems."""
    tab.on("console", lambda msg: msg.type == "error" and problems.console_errors.append(msg.text))
    tab.on("pageerror", lambda exc: problems.page_errors.append(str(exc)))
    tab.set_default_timeout(scaled(15_000))


def test_the_reality_check_pauses_play_until_it_is_acknowledged(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    auth = _token(base_url, site_id)

    page.goto("/care")
    expect(page.get_by_role("heading", name=KO["care_page.title"], exact=True)).to_be_visible()
    expect(page.locator("#cc-care-interval-30")).to_have_attribute("aria-pressed", "true")  # the default
    page.locator("#cc-care-interval-15").click()
    expect(page.locator("#cc-care-saved-interval")).to_be_visible()
    expect(page.locator("#cc-care-interval-15")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#cc-care-effective-interval")).to_have_text("15")

    page.goto("/games/slot")
    spin, machine, modal = page.locator("#cc-spin"), page.locator("#cc-machine"), page.locator("#cc-reality-check")
    spin.click()  # the first round starts the play session
    expect(machine).to_have_attribute("data-spin", "1")
    started = time.monotonic()
    expect(modal).to_be_visible(timeout=(INTERVAL_SECONDS + scaled(15)) * 1000)
    waited = time.monotonic() - started
    # the upper bound allows for the page's own latency, which a slower machine stretches
    assert INTERVAL_SECONDS - 5 <= waited <= INTERVAL_SECONDS + scaled(12), f"the check came after {waited:.1f}s"
    expect(modal).to_contain_text(KO["care.reality.title"])
    expect(page.locator("#cc-reality-check-net")).to_have_text(page.locator("#cc-reality-net").inner_text())
    page.screenshot(path=str(ARTIFACTS / "care_reality_check.png"))

    # play waits: the button is off and a spin forced through the API is refused without moving gold
    expect(spin).to_be_disabled()
    before = _gold(base_url, auth)
    status, body = _forced_spin(base_url, auth)
    assert (status, body["error"]["code"]) == (409, "REALITY_CHECK_DUE"), body
    assert _gold(base_url, auth) == before
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(before))
    expect(machine).to_have_attribute("data-spin", "1")

    page.locator("#cc-reality-ack").click()
    expect(modal).to_be_hidden()
    expect(spin).to_be_enabled()
    spin.click()
    expect(machine).to_have_attribute("data-spin", "2")
    bet, win = int(machine.get_attribute("data-bet") or "0"), int(machine.get_attribute("data-win") or "0")
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(before - bet + win))


def test_a_cool_off_from_the_slot_page_stops_play_in_another_tab(
    page: Page, base_url: str, problems: PageProblems
) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    auth = _token(base_url, site_id)
    page.goto("/games/slot")
    expect(page.locator("#cc-spin")).to_be_enabled()
    second = page.context.new_page()
    _watch(second, problems)
    second.goto("/games/slot")
    other_spin = second.locator("#cc-spin")
    expect(other_spin).to_be_enabled()
    expect(second.locator("#cc-paused")).to_have_count(0)
    spins_before = second.locator("#cc-machine").get_attribute("data-spin")

    page.locator("#cc-take-break").click()
    dialog = page.locator("#cc-break-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(KO["care.break.no_shortening"])
    expect(page.locator("#cc-break-24h")).to_have_attribute("aria-pressed", "true")
    page.locator("#cc-break-start").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#cc-paused")).to_be_visible()
    expect(page.locator("#cc-spin")).to_be_disabled()

    # the other tab learns it without a reload
    expect(second.locator("#cc-paused")).to_be_visible(timeout=scaled(10_000))
    expect(second.locator("#cc-paused")).to_contain_text(KO["care.paused.cool_off"])
    expect(other_spin).to_be_disabled()
    second.screenshot(path=str(ARTIFACTS / "care_cool_off_second_tab.png"))

    before = _gold(base_url, auth)
    status, body = _forced_spin(base_url, auth)
    assert (status, body["error"]["code"]) == (403, "PLAY_PAUSED"), body
    assert body["error"]["details"]["kind"] == "cool_off"
    ends = datetime.fromisoformat(body["error"]["details"]["ends_at"])
    assert abs(ends - (datetime.now(UTC) + timedelta(hours=24))) < timedelta(minutes=5)
    assert _gold(base_url, auth) == before
    expect(second.locator("#cc-balance-value")).to_have_attribute("data-value", str(before))
    assert second.locator("#cc-machine").get_attribute("data-spin") == spins_before

    second.reload()
    expect(second.locator("#cc-paused")).to_be_visible()
    expect(second.locator("#cc-spin")).to_be_disabled()

    # the care page shows the break in force (no opt-in before it ends) and lists it
    second.goto("/care")
    current = second.locator("#cc-care-break-current")
    expect(current).to_contain_text(KO["care.kind.cool_off"])
    expect(current).to_contain_text(KO["care_page.breaks.waiting"])
    expect(second.locator("#cc-care-opt-in")).to_have_count(0)
    expect(second.locator("#cc-care-break-history")).to_contain_text(KO["care.period.24h"])
    second.close()


def test_the_care_page_in_korean_and_english_and_the_24_hour_rule(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    auth = _token(base_url, site_id)
    page.goto("/care")
    expect(page.get_by_role("heading", name=KO["care_page.title"], exact=True)).to_be_visible()
    for section in ("reality", "limits", "breaks", "more", "help"):
        expect(page.locator(f"#cc-care-{section}")).to_be_visible()
    expect(page.get_by_text(KO["care_page.limits.rule_higher"])).to_be_visible()
    expect(page.locator("#cc-care-help")).to_contain_text("1336")
    expect(page.locator("#cc-care-shop-limits")).to_have_attribute("href", "/shop/limits")
    expect(page.locator("#cc-care-quiz-link")).to_have_attribute("href", "/care/quiz")
    expect(page.locator("#cc-mood-card")).to_be_visible()
    expect(page.locator("#cc-care-flagged")).to_have_count(0)

    # new limits apply at once
    page.locator("#cc-care-time-limit").fill("60")
    page.locator("#cc-care-loss-limit").fill("5,000")
    page.locator("#cc-care-limits-save").click()
    expect(page.locator("#cc-care-saved-limits")).to_be_visible()
    expect(page.locator("#cc-care-time-limit")).to_have_value("60")
    expect(page.locator("#cc-care-loss-limit")).to_have_value("5000")
    expect(page.locator("#cc-care-pending")).to_have_count(0)

    # a higher limit waits 24 hours; the one in force stays
    page.locator("#cc-care-time-limit").fill("120")
    page.locator("#cc-care-limits-save").click()
    pending = page.locator("#cc-care-pending")
    expect(pending).to_be_visible()
    expect(pending).to_contain_text(KO["care_page.limits.pending_note"])
    expect(pending.locator('[data-limit="time_limit_min"]')).to_contain_text("120")
    expect(page.locator("#cc-care-time-limit")).to_have_value("60")
    care = _get(base_url + "/api/care", auth)
    assert (care["time_limit_min"], care["loss_limit_gold"]) == (60, 5000)
    [waiting] = care["pending"]
    assert (waiting["name"], waiting["value"]) == ("time_limit_min", 120)
    effective = datetime.fromisoformat(waiting["effective_at"])
    assert abs(effective - (datetime.now(UTC) + timedelta(hours=24))) < timedelta(minutes=5)
    page.screenshot(path=str(ARTIFACTS / "care_page_ko.png"), full_page=True)

    page.locator("#cc-lang-toggle").click()
    expect(page.get_by_role("heading", name=EN["care_page.title"], exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=EN["care_page.limits.title"])).to_be_visible()
    expect(pending).to_contain_text(EN["care_page.limits.pending_note"])
    expect(page.locator("#cc-care-interval-30")).to_have_text(EN["care_page.reality.option_30"])
    page.screenshot(path=str(ARTIFACTS / "care_page_en.png"), full_page=True)
    page.locator("#cc-lang-toggle").click()
    expect(page.get_by_role("heading", name=KO["care_page.title"], exact=True)).to_be_visible()

    # the responsible-play page and the FAQ describe what exists and lead here
    page.goto("/responsible-play")
    expect(page.get_by_role("heading", name=KO["responsible.exclusion.title"])).to_be_visible()
    expect(page.get_by_text(catalog_copy.text("responsible.cool_off.body", "ko"))).to_be_visible()
    expect(page.locator("#cc-responsible-care")).to_have_attribute("href", "/care")
    page.screenshot(path=str(ARTIFACTS / "responsible_play.png"), full_page=True)
    page.goto("/faq")
    page.get_by_role("button", name=KO["faq.break.q"]).click()
    expect(page.get_by_text(catalog_copy.text("faq.break.a", "ko"))).to_be_visible()
    page.locator("#cc-footer-care").click()
    expect(page.get_by_role("heading", name=KO["care_page.title"], exact=True)).to_be_visible()
