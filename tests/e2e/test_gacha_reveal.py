"""The gacha in the browser: a pull the balance cannot cover is disabled with the reason and ways to earn gold; a
pull opens the full-screen reveal in the rarity the server drew (checked against the round the API records),
which Escape skips and then closes, with focus kept inside and the prize announced; a 10-pull turns over a grid of
ten cards (at phone size), each the server's prize in order; with reduced motion everything shows at once, with
no sparks, and with the sound toggle off no audio is made; afterwards every prize is in the inventory."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.conftest import ARTIFACTS, first_round_bonus
from tests.e2e.test_accounts import PASSWORD, _fresh_identity, _signup
from tests.e2e.test_games import _credit
from tests.e2e.test_wallet import _get, _post
from tests.support.pace import scaled

KO = CATALOGS["ko"]
ORDER = ("COMMON", "RARE", "EPIC", "LEGENDARY")

# Counts the AudioContexts the page makes (the reveal's sounds are the only audio a successful pull plays).
COUNT_AUDIO = """
(() => {
  const Base = window.AudioContext;
  window.__ccAudioMade = 0;
  if (!Base) return;
  window.AudioContext = class extends Base {
    constructor(...args) { super(...args); window.__ccAudioMade += 1; }
  };
})();
"""


def _gacha_rounds(base_url: str, site_id: str) -> list[dict[str, Any]]:
    """The player's gacha rounds as the API records them, newest first."""
    token = _post(base_url + "/api/auth/login", {"site_id": site_id, "password": PASSWORD}, {})["access_token"]
    history = _get(base_url + "/api/games/history?game_type=gacha", {"Authorization": f"Bearer {token}"})
    return history["items"]


def _credit_text(pull: dict[str, Any]) -> str:
    if pull["kind"] == "gold":
        return f"+{pull['amount']:,} G {KO['gacha_ui.gold_credited']}"
    if pull["kind"] == "xp":
        return f"+{pull['amount']:,} XP {KO['gacha_ui.xp_added']}"
    return KO["gacha_ui.item_stored"]


def test_a_pull_is_revealed_as_drawn_and_every_prize_lands_in_the_inventory(page: Page, base_url: str) -> None:
    page.add_init_script(COUNT_AUDIO)
    site_id, nickname = _fresh_identity()
    _signup(page, site_id, nickname)

    # 1,000 G: neither pull is affordable; the buttons say why and where gold comes from
    page.goto("/games/gacha")
    expect(page.get_by_role("heading", name=KO["gacha.title"])).to_be_visible()
    expect(page.locator("#cc-featured li")).to_have_count(4)  # the table's Epic and Legendary prizes, with art
    expect(page.locator("#cc-pull-1")).to_be_disabled()
    expect(page.locator("#cc-pull-10")).to_be_disabled()
    expect(page.locator("#cc-pull-1")).to_contain_text("5,000 G")
    expect(page.locator("#cc-pull-1")).to_have_attribute("aria-describedby", "cc-pull-reason")
    expect(page.locator("#cc-short")).to_contain_text(KO["gacha_ui.short_title"])
    expect(page.locator("#cc-short-balance")).to_have_text("1,000")
    expect(page.locator('#cc-earn a[href="/missions"]')).to_be_visible()
    expect(page.locator('#cc-earn a[href="/shop"]')).to_be_visible()
    expect(page.locator('#cc-earn a[href="/games/roulette"]')).to_be_visible()
    expect(page.locator("#cc-earn-daily")).to_be_visible()  # today's check-in has not been taken
    page.screenshot(path=str(ARTIFACTS / "gacha_short_of_gold.png"), full_page=True)

    _credit(base_url, site_id, 60_000)  # a realtime push: the buttons come on without a reload
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", "61000")
    expect(page.locator("#cc-pull-1")).to_be_enabled()
    expect(page.locator("#cc-pull-10")).to_be_enabled()
    expect(page.locator("#cc-earn")).to_have_count(0)

    # one pull: the reveal opens in the drawn rarity; Escape skips the build-up
    page.locator("#cc-pull-1").click()
    reveal = page.locator("#cc-reveal")
    expect(reveal).to_be_visible()
    expect(page.locator("#cc-reveal-skip")).to_be_focused()
    expect(page.locator("#cc-reveal-result")).to_be_hidden()  # still building up
    expect(page.locator("#cc-balance-value")).to_have_attribute("data-value", "61000")  # held until it closes
    page.keyboard.press("Escape")
    expect(reveal).to_have_attribute("data-skipped", "1")
    expect(page.locator("#cc-reveal-result")).to_be_visible()
    expect(page.locator("#cc-reveal-skip")).to_be_hidden()
    expect(page.locator("#cc-reveal-close")).to_be_focused()
    single = _gacha_rounds(base_url, site_id)[0]["outcome"]["pulls"][0]
    rarity = single["rarity"]
    expect(reveal).to_have_attribute("data-rarity", rarity)
    expect(reveal).to_have_class(re.compile(rf"\bcc-gacha-reveal--{rarity}\b"))
    expect(page.locator("#cc-capsule")).to_have_attribute("data-rarity", rarity)  # the build-up's colour, too
    expect(page.locator("#cc-reveal-result")).to_have_attribute("data-item", single["item_id"])
    expect(page.locator("#cc-reveal-result")).to_contain_text(single["name_ko"])
    expect(page.locator("#cc-reveal-result")).to_contain_text(_credit_text(single))
    expect(page.locator("#cc-reveal-result img")).to_have_attribute("src", f"/gacha/items/{single['item_id']}.svg")
    expect(page.locator("#cc-reveal-live")).to_contain_text(single["name_ko"])  # announced
    particles = 30 if rarity == "LEGENDARY" else 18 if rarity == "EPIC" else 0
    expect(page.locator("#cc-reveal .cc-gx-spark")).to_have_count(particles)
    page.keyboard.press("Tab")  # focus stays in the dialog: close → inventory link → close
    expect(page.locator("#cc-reveal-inventory")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#cc-reveal-close")).to_be_focused()
    page.screenshot(path=str(ARTIFACTS / "gacha_reveal_single.png"))
    assert page.evaluate("window.__ccAudioMade") >= 1  # sound is on by default
    page.keyboard.press("Escape")
    expect(reveal).to_have_count(0)
    expect(page.locator("#cc-pull-1")).to_be_focused()
    gold = single["amount"] if single["kind"] == "gold" else 0
    expect(page.locator("#cc-balance-value")).to_have_attribute(
        "data-value", str(61_000 - 5_000 + gold + first_round_bonus("gacha"))
    )
    expect(page.locator(f'#cc-prizes li[data-item="{single["item_id"]}"]')).to_have_count(1)
    expect(page.locator("#cc-last-pull")).to_contain_text(_credit_text(single))
    page.screenshot(path=str(ARTIFACTS / "gacha_after_pull.png"), full_page=True)

    # ten pulls at phone size: ten cards, each the server's prize in draw order, turning over by themselves
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#cc-pull-10").click()
    expect(page.locator("#cc-reveal-grid li")).to_have_count(10)
    page.screenshot(path=str(ARTIFACTS / "gacha_reveal_ten_turning_mobile.png"))  # cards face down, in colour
    expect(reveal).to_have_class(re.compile(r"\bcc-gacha-reveal--ten\b"))
    expect(page.locator("#cc-reveal-close")).to_be_visible(timeout=scaled(8_000))  # after the last card has turned
    expect(reveal).not_to_have_attribute("data-skipped", "1")
    ten = _gacha_rounds(base_url, site_id)[0]["outcome"]["pulls"]
    assert len(ten) == 10
    cards = page.locator("#cc-reveal-grid li")
    assert [cards.nth(i).get_attribute("data-item") for i in range(10)] == [p["item_id"] for p in ten]
    assert [cards.nth(i).get_attribute("data-rarity") for i in range(10)] == [p["rarity"] for p in ten]
    best = max((p["rarity"] for p in ten), key=ORDER.index)
    expect(reveal).to_have_attribute("data-rarity", best)
    for i, pull in enumerate(ten):
        expect(cards.nth(i).locator(".cc-gx-spark")).to_have_count(12 if pull["rarity"] in ("EPIC", "LEGENDARY") else 0)
        expect(cards.nth(i).locator(".cc-gcard-front")).to_be_visible()
    gold_ten = sum(p["amount"] for p in ten if p["kind"] == "gold")
    if gold_ten:
        expect(page.locator("#cc-reveal-total")).to_contain_text(f"+{gold_ten:,} G")
    page.screenshot(path=str(ARTIFACTS / "gacha_reveal_ten_mobile.png"))
    page.locator("#cc-reveal-close").click()
    expect(reveal).to_have_count(0)
    page.set_viewport_size({"width": 1440, "height": 900})

    # reduced motion and the sound off: the prize is there at once, no sparks, no audio; Enter closes
    page.locator("#cc-sound-toggle").click()
    expect(page.locator("#cc-sound-toggle")).to_have_attribute("aria-pressed", "false")
    page.emulate_media(reduced_motion="reduce")
    page.reload()  # a fresh count of audio contexts
    expect(page.locator("#cc-pull-1")).to_be_enabled()
    page.locator("#cc-pull-1").click()
    expect(reveal).to_have_attribute("data-skipped", "1")
    expect(page.locator("#cc-reveal-result")).to_be_visible()
    expect(page.locator("#cc-reveal-close")).to_be_focused()
    assert page.locator("#cc-reveal .cc-gx-sparks").evaluate_all("els => els.every(e => !e.offsetParent)")
    assert page.evaluate("window.__ccAudioMade") == 0
    third = _gacha_rounds(base_url, site_id)[0]["outcome"]["pulls"][0]
    expect(reveal).to_have_attribute("data-rarity", third["rarity"])
    page.keyboard.press("Enter")
    expect(reveal).to_have_count(0)
    expect(page.locator("#cc-daily-remaining")).to_have_text("0")
    expect(page.locator("#cc-limit-reached")).to_be_visible()  # three pull actions a day for a standard player
    expect(page.locator("#cc-pull-1")).to_be_disabled()

    # the inventory lists every prize of the three pulls (gold and XP too), newest first, and holds the items
    page.goto("/inventory")
    log = page.locator("#cc-gacha-log li")
    expect(log).to_have_count(12)
    every = [third, *ten, single]
    assert [log.nth(i).get_attribute("data-item") for i in range(12)] == [p["item_id"] for p in every]
    for i, pull in enumerate(every):
        expect(log.nth(i)).to_contain_text(_credit_text(pull))
    expect(page.locator("#cc-inv-total-prizes")).to_have_text("12")
    gold_all = sum(p["amount"] for p in every if p["kind"] == "gold")
    xp_all = sum(p["amount"] for p in every if p["kind"] == "xp")
    expect(page.locator("#cc-inv-total-gold")).to_have_text(f"{gold_all:,} G")
    expect(page.locator("#cc-inv-total-xp")).to_have_text(f"{xp_all:,} XP")
    cosmetics = sorted({p["item_id"] for p in every if p["kind"] == "cosmetic"})
    if cosmetics:
        owned = page.locator("#cc-inventory li")
        expect(owned).to_have_count(len(cosmetics))
        assert sorted(owned.nth(i).get_attribute("data-item") or "" for i in range(len(cosmetics))) == cosmetics
    else:
        expect(page.locator("#cc-inventory-empty a[href='/games/gacha']")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "inventory_after_pulls.png"), full_page=True)
