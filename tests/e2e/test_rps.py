"""Rock-paper-scissors in the browser: three rounds move the balance by exactly what each round reports,
the house hand is revealed with a sound and a shake unless the round lost (none with reduced motion), the odds
are published, and a round verifies on the fairness page from its history link.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS, first_round_bonus
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_wallet import _get, _post

KO = CATALOGS["ko"]
CUE = {"WIN": "win", "DRAW": "even", "LOSE": "loss"}  # ×1.9 is the "win" tier; a draw is not a win
# Records every sound cue the page plays (window.ccSound is what the cue effect calls).
SPY_SOUNDS = (
    "() => { window.__cues = []; const play = window.ccSound;"
    " window.ccSound = (kind) => { window.__cues.push(kind); return play(kind); }; }"
)


def _balance(page: Page) -> int:
    return int(page.locator("#cc-balance-value").get_attribute("data-value") or "0")


def _animation(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("el => getComputedStyle(el).animationName")


def test_three_rounds_move_the_balance_exactly_and_a_round_verifies(page: Page, base_url: str) -> None:
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", "1000")

    page.goto("/games/rps")
    expect(page.get_by_role("heading", name=KO["rps.title"])).to_be_visible()
    expect(page.locator("#cc-rps-plays")).to_have_text("0")
    page.wait_for_function("() => typeof window.ccSound === 'function'")
    page.evaluate(SPY_SOUNDS)
    arena = page.locator("#cc-rps-arena")
    rounds = []
    for n, move in enumerate(("ROCK", "PAPER", "SCISSORS"), start=1):
        before = _balance(page)
        button = page.get_by_role("button", name=KO[f"rps.play.{move}"])
        if n == 3:  # the hands are keyboard buttons too
            button.focus()
            page.keyboard.press("Enter")
        else:
            button.click()
        expect(arena).to_have_attribute("data-round", str(n))
        win, bet = int(arena.get_attribute("data-win") or "-1"), int(arena.get_attribute("data-bet") or "-1")
        outcome, house = arena.get_attribute("data-outcome"), arena.get_attribute("data-house")
        assert bet == 100
        assert outcome in CUE
        assert win == {"WIN": 190, "DRAW": 100, "LOSE": 0}[outcome]
        bonus = first_round_bonus("rps") if n == 1 else 0  # the "debut" achievement pays with round 1
        expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", str(before - bet + win + bonus))
        expect(page.locator("#cc-rps-player")).to_have_attribute("data-move", move)
        expect(page.locator("#cc-rps-house")).to_have_attribute("data-move", house or "")
        expect(page.locator("#cc-rps-house .cc-rps-reveal")).to_contain_text(KO[f"rps.move.{house}"])
        shown = {"WIN": f"{win:,} G (", "DRAW": f"{bet:,} G", "LOSE": f"{bet:,} G"}[outcome]
        expect(page.locator("#cc-rps-result")).to_contain_text(KO[f"rps.result.{outcome}"])
        expect(page.locator("#cc-rps-result")).to_contain_text(shown)
        page.wait_for_function(f"() => window.__cues.length >= {2 * n}")  # the click's "spin", then the result
        rounds.append({"id": int(arena.get_attribute("data-round-id") or "0"), "move": move, "house": house,
                       "outcome": outcome, "win": win, "bet": bet})  # fmt: skip
    assert page.evaluate("() => window.__cues") == [cue for r in rounds for cue in ("spin", CUE[r["outcome"]])]
    expect(page.locator("#cc-rps-plays")).to_have_text("3")
    # The result line appears once the house hand has turned over and the hands have clashed.
    page.wait_for_function("() => getComputedStyle(document.querySelector('#cc-rps-result')).opacity === '1'")
    page.screenshot(path=str(ARTIFACTS / "rps_round.png"))
    tallies = [int(page.locator(f"#cc-rps-{k}").inner_text()) for k in ("wins", "losses", "draws")]
    assert tallies == [sum(r["outcome"] == o for r in rounds) for o in ("WIN", "LOSE", "DRAW")]
    # the net result counts rounds only, not the achievement's reward
    expect(page.locator("#cc-reality-net")).to_have_text(f"{_balance(page) - 1000 - first_round_bonus('rps'):+,}")

    # The hands clash (a shake) on a win or a draw, never on a loss; the shake honours prefers-reduced-motion.
    if rounds[-1]["outcome"] == "LOSE":
        expect(page.locator(".cc-rps-shake")).to_have_count(0)
    else:
        assert _animation(page, ".cc-rps-shake") == "cc-rps-shake"
    page.emulate_media(reduced_motion="reduce")
    if rounds[-1]["outcome"] != "LOSE":
        assert _animation(page, ".cc-rps-shake") == "none"
    assert _animation(page, ".cc-rps-reveal") == "none"
    page.emulate_media(reduced_motion="no-preference")

    # The server recorded exactly the rounds the screen showed.
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    history = _get(base_url + "/api/games/history?game_type=rps", {"Authorization": f"Bearer {token}"})["items"]
    recorded = [
        {"id": r["id"], "move": r["outcome"]["player_move"], "house": r["outcome"]["server_move"],
         "outcome": r["outcome"]["outcome"], "win": r["payout"], "bet": r["bet"]}
        for r in reversed(history)
    ]  # fmt: skip
    assert recorded == rounds

    page.set_viewport_size({"width": 390, "height": 844})  # the three hands fit a phone without scrolling sideways
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "rps_mobile.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})

    page.locator("#cc-rps-odds").click()
    expect(page.locator("#cc-rps-table")).to_contain_text("1/3")
    expect(page.get_by_role("dialog")).to_contain_text("96.67%")
    expect(page.get_by_role("dialog")).to_contain_text("×1.9")
    page.screenshot(path=str(ARTIFACTS / "rps_odds.png"))
    page.keyboard.press("Escape")

    # Reveal the seed, then open the last round's verify link from the history.
    page.goto("/fairness")
    expect(page.get_by_role("heading", name=KO["fair.title"])).to_be_visible()
    page.locator("#cc-rotate").click()
    expect(page.locator("#cc-revealed-seed")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    page.goto("/games/history")
    expect(page.get_by_role("heading", name=KO["history.title"])).to_be_visible()
    page.get_by_role("button", name=KO["games.name.rps"], exact=True).click()
    table = page.locator("#cc-history-table tbody tr")
    expect(table).to_have_count(3)
    table.first.get_by_role("link", name=KO["games.verify_link"]).click()
    expect(page).to_have_url(re.compile(rf"/fairness\?round={rounds[-1]['id']}$"))
    result = page.locator("#cc-verify-result")
    house = f"{KO['rps.house']}: {KO['rps.move.' + rounds[-1]['house']]}"  # the house hand by name
    expect(result).to_have_text(house)
    expect(page.locator("#cc-verify-recorded")).to_have_text(house)
    expect(page.locator("#cc-verdict")).to_have_attribute("data-verdict", "match")
    page.screenshot(path=str(ARTIFACTS / "rps_verified.png"), full_page=True)
