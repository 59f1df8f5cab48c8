"""Celebration and sound in the browser: the slot's spin sound plays on the click (before the server answers),
one reel-stop sound per reel as it stops and before the result's sound; a losing round is calm (no celebration,
the plain loss line, the soft loss cue); a winning round shows its tier, and with reduced motion the final
amount at once with no coins; background music is off by default, its toggle persists and sound-off silences it.

Every sound the page asks for is recorded by replacing ``window.ccSound`` before any script of the page runs
(the page's own ``/js/cc-sound.js`` cannot overwrite the recorder). Outcomes are never forced: the test spins
until the round it needs comes up, as a player would. The play pace is off in tests (``ROUND_MIN_INTERVAL_MS=0``,
tests/conftest.py), so the next spin only waits for the round before it to end; the player's reality check (a
minute is 2 s on the E2E server) is moved a day ahead after the first round, so its dialog never covers the slot.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from casino_app.services.games.win_tier import result_cue, win_tier
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_games import _credit
from tests.e2e.test_wallet import _get, _post
from tests.support.reality_check import postpone_reality_check

KO = CATALOGS["ko"]
RESULT_CUES = ("win", "big", "mega", "even", "loss")

_RECORD_SOUNDS = """(() => {
  window.__cues = [];
  const record = (kind) => { window.__cues.push([String(kind), performance.now()]); };
  Object.defineProperty(window, "ccSound", { configurable: true, get() { return record; }, set(_) {} });
})();"""

# The click on the spin button, the server's answer (the reels' data-draw) and each celebration as its script
# takes it over (its figures at that moment: the final amount, whether it is counting, how many coins).
_OBSERVE = """() => {
  const log = { clicks: [], draws: [], celebrations: [] };
  window.__feel = log;
  const reels = document.getElementById("cc-reels");
  new MutationObserver(() => log.draws.push(performance.now())).observe(
    reels, { attributes: true, attributeFilter: ["data-draw"] });
  document.getElementById("cc-spin").addEventListener("click", () => log.clicks.push(performance.now()), true);
  const area = document.getElementById("cc-slot-result-area");
  new MutationObserver(() => {
    const el = area.querySelector(".cc-celebrate");
    if (!el || !el.dataset.shown || el.dataset.seen) return;  // data-shown: /js/cc-celebrate.js has run
    el.dataset.seen = "1";
    const final = el.querySelector(".cc-celebrate-final");
    log.celebrations.push({
      tier: el.getAttribute("data-tier"),
      shown: el.getAttribute("data-shown"),
      final: final ? final.textContent : null,
      finalVisible: final ? final.getBoundingClientRect().width > 1 : false,
      running: el.getAttribute("data-running"),
      run: (el.querySelector(".cc-celebrate-run") || {}).textContent || "",
      coins: el.querySelectorAll(".cc-coin").length,
    });
  }).observe(area, { subtree: true, childList: true, attributes: true });
}"""
_CLEAR = "() => { window.__cues.length = 0; for (const k in window.__feel) window.__feel[k].length = 0; }"


def _open_slot(page: Page) -> None:
    page.goto("/games/slot")
    expect(page.get_by_role("heading", name=KO["slot.title"])).to_be_visible()
    expect(page.locator("#cc-reel-0")).not_to_have_attribute("data-symbol", "")
    page.evaluate(_OBSERVE)


def _user_id(base_url: str, site_id: str) -> int:
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    return int(_get(base_url + "/api/auth/me", {"Authorization": f"Bearer {token}"})["id"])


def _spin(page: Page, number: int) -> tuple[int, int, dict[str, Any]]:
    """One spin once the one before has ended: its bet, its payout and the page's records."""
    spin = page.locator("#cc-spin")
    expect(spin).to_be_enabled()
    expect(spin).to_have_attribute("data-round", "off")  # a click during a round is ignored
    page.evaluate(_CLEAR)
    spin.click()
    machine = page.locator("#cc-machine")
    expect(machine).to_have_attribute("data-spin", str(number))
    page.wait_for_function(f"() => window.__cues.some((c) => {list(RESULT_CUES)}.includes(c[0]))")
    bet, win = int(machine.get_attribute("data-bet") or "0"), int(machine.get_attribute("data-win") or "0")
    if win_tier(bet, win).value != "none":
        # the celebration's script runs on its own mount, in no set order with the result's sound
        page.wait_for_function("() => window.__feel.celebrations.length > 0")
    records = page.evaluate("() => JSON.parse(JSON.stringify({ cues: window.__cues, ...window.__feel }))")
    return bet, win, records


def _check_sound_order(bet: int, win: int, records: dict[str, Any]) -> None:
    (click,) = records["clicks"]
    (answer,) = records["draws"]
    kinds = [kind for kind, _ in records["cues"]]
    assert kinds == ["spin", "reel", "reel", "reel", result_cue(bet, win)], kinds
    times = [t for _, t in records["cues"]]
    assert click <= times[0] < answer, "the spin sound plays on the click, before the server answers"
    assert all(answer <= t for t in times[1:4]), "the reels stop on the drawn line"
    assert times[1] <= times[2] <= times[3] <= times[4], "each reel's stop sound comes before the result's"


def test_slot_sounds_in_order_and_a_calm_loss(page: Page, base_url: str, e2e_database: str) -> None:
    page.add_init_script(_RECORD_SOUNDS)
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _credit(base_url, site_id, 20_000)
    user_id = _user_id(base_url, site_id)
    _open_slot(page)
    for number in range(1, 21):
        bet, win, records = _spin(page, number)
        if number == 1:  # the first round has started the play session and set its check
            postpone_reality_check(e2e_database, user_id)
        _check_sound_order(bet, win, records)
        tier = win_tier(bet, win).value
        expect(page.locator("#cc-machine")).to_have_attribute("data-tier", tier)
        if tier == "none":
            expect(page.locator(".cc-celebrate")).to_have_count(0)  # a return or a loss is never celebrated
        else:  # a win without reduced motion: the amount counts up from 0 and coins burst
            expect(page.locator("#cc-slot-celebrate")).to_have_attribute("data-tier", tier)
            expect(page.locator("#cc-slot-celebrate")).to_contain_text(KO[f"celebrate.tier.{tier}"])
            (seen,) = records["celebrations"]
            assert (seen["shown"], seen["running"]) == ("animated", "true"), seen
            assert seen["coins"] > 0, seen
            expect(page.locator("#cc-slot-celebrate .cc-celebrate-run")).to_be_empty()  # the count-up has ended
        if win == 0:
            break
    else:
        raise AssertionError("no losing spin in 20 tries")
    expect(page.locator("#cc-slot-loss")).to_have_text(KO["result.loss"])
    expect(page.locator("#cc-slot-result")).not_to_have_class("cc-result--win")
    page.screenshot(path=str(ARTIFACTS / "celebration_loss_calm.png"))


def test_a_win_shows_its_tier_and_reduced_motion_shows_the_final_amount_at_once(
    page: Page, base_url: str, e2e_database: str
) -> None:
    page.add_init_script(_RECORD_SOUNDS)
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    _credit(base_url, site_id, 20_000)
    user_id = _user_id(base_url, site_id)
    page.emulate_media(reduced_motion="reduce")
    _open_slot(page)
    for number in range(1, 61):
        bet, win, records = _spin(page, number)
        if number == 1:  # the first round has started the play session and set its check
            postpone_reality_check(e2e_database, user_id)
        if win > bet:
            break
    else:
        raise AssertionError("no winning spin in 60 tries")
    tier = win_tier(bet, win).value
    assert [kind for kind, _ in records["cues"]][-1] == tier  # the tier's own sound
    (seen,) = records["celebrations"]
    assert (seen["tier"], seen["shown"]) == (tier, "final")
    # the final amount at once: no count-up, no coins
    assert (seen["final"], seen["finalVisible"]) == (f"{win:,}", True), seen
    assert (seen["running"], seen["run"], seen["coins"]) == (None, "", 0), seen
    celebrate = page.locator("#cc-slot-celebrate")
    expect(celebrate).to_have_attribute("data-shown", "final")
    expect(celebrate.locator(".cc-celebrate-banner")).to_have_text(KO[f"celebrate.tier.{tier}"])
    expect(page.locator("#cc-slot-result")).to_contain_text(f"{win:,} G")
    assert celebrate.locator(".cc-coin").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"celebration_{tier}_reduced_motion.png"))


def test_background_music_is_off_by_default_persists_and_follows_the_sound_toggle(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    page.goto("/games/slot")
    music = page.locator("#cc-music-toggle")
    expect(music).to_have_attribute("aria-pressed", "false")
    expect(music).to_have_attribute("aria-label", KO["header.music"])
    assert page.evaluate("() => localStorage.getItem('cc_music')") in (None, "off")
    assert page.evaluate("() => window.ccMusic.wanted()") is False

    music.click()  # a user gesture: the generated loop may start
    expect(music).to_have_attribute("aria-pressed", "true")
    expect(music).to_have_attribute("title", KO["header.music_state_on"])
    page.wait_for_function("() => window.ccMusic.wanted() && window.ccMusic.playing()")
    assert page.evaluate("() => localStorage.getItem('cc_music')") == "on"

    page.locator("#cc-sound-toggle").click()  # sound off silences the music too
    expect(page.locator("#cc-sound-toggle")).to_have_attribute("aria-pressed", "false")
    page.wait_for_function("() => !window.ccMusic.wanted() && !window.ccMusic.playing()")
    expect(music).to_have_attribute("title", KO["header.music_needs_sound"])

    page.reload()
    expect(page.locator("#cc-music-toggle")).to_have_attribute("aria-pressed", "true")  # kept
    page.locator("#cc-sound-toggle").click()
    expect(page.locator("#cc-sound-toggle")).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => window.ccMusic.wanted()")
    page.locator("#cc-music-toggle").click()
    expect(page.locator("#cc-music-toggle")).to_have_attribute("aria-pressed", "false")
    page.wait_for_function("() => !window.ccMusic.wanted() && !window.ccMusic.playing()")
    assert page.evaluate("() => localStorage.getItem('cc_music')") == "off"

    # a phone's header has no room for it: the "more" sheet carries the same toggle
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("header #cc-music-toggle")).to_be_hidden()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.locator("#cc-more-open").click()
    in_sheet = page.locator("#cc-more-sheet #cc-music-toggle-sheet")
    expect(in_sheet).to_have_attribute("aria-pressed", "false")
    expect(in_sheet).to_contain_text(KO["header.music"])
    in_sheet.click()
    expect(in_sheet).to_have_attribute("aria-pressed", "true")
    page.wait_for_function("() => window.ccMusic.wanted()")
    page.screenshot(path=str(ARTIFACTS / "music_toggle_in_more_sheet_390.png"))
