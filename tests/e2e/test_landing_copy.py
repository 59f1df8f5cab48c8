"""The landing page tells the truth and lives: the games section is the registry, every link goes to a real page,
the counters and the win feed update while a guest keeps the page open, English works, and the animated hero
stops for reduced motion without ever hiding its text."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from playwright.sync_api import Page, expect

from casino_app.i18n import CATALOGS
from casino_app.services import catalog_copy
from casino_app.services.games import registry
from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page, spin_until_a_feed_win
from tests.e2e.test_accounts import PASSWORD, _fresh_identity
from tests.e2e.test_wallet import _get, _post
from tests.support.env import environment
from tests.support.pace import scaled

KO, EN = CATALOGS["ko"], CATALOGS["en"]
GROUPED = re.compile(r"^\d{1,3}(,\d{3})*$")  # 1,234 — never 1234


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_games_section_is_the_registry(page: Page, base_url: str) -> None:
    page.goto("/")
    tiles = page.locator(".cc-game-tile")
    expect(tiles).to_have_count(len(registry.keys()))
    for game in catalog_copy.games():
        link = page.locator(f"#cc-game-link-{game.key}")
        expect(link).to_have_text(game.name["ko"])
        expect(link).to_have_attribute("href", game.href)
        expect(page.locator(f"#cc-game-{game.key}")).to_contain_text(game.blurb["ko"])
        odds = page.locator(f"#cc-game-odds-{game.key}")
        if game.wagered:
            expect(odds).to_have_text(re.compile(r"\d+\.\d{2}%"))
        else:
            expect(odds).to_have_text(KO["copy.no_stake"])
        assert _status(base_url + game.href) == 200
    # the hero names exactly the registered games, and its second button leads to the fairness page
    expect(page.locator("#cc-hero-subtitle")).to_have_text(catalog_copy.text("landing.subtitle", "ko"))
    expect(page.locator("#cc-cta-fairness")).to_have_attribute("href", "/fairness")
    page.locator("#cc-cta-fairness").click()
    expect(page).to_have_url(re.compile(r"/(fairness|login)"))  # guests sign in first, then land on it


def test_every_tool_on_the_responsible_page_links_to_where_it_is_set(page: Page, base_url: str) -> None:
    page.goto("/responsible-play")
    tools = catalog_copy.tools()
    expect(page.locator(".cc-tool-link")).to_have_count(len(tools))
    for tool in tools:
        link = page.locator(f"#cc-tool-{tool.key}")
        expect(link).to_have_attribute("href", tool.href)
        expect(link).to_contain_text(KO[f"copy.where.{tool.where}"])
        expect(page.get_by_text(catalog_copy.text(f"responsible.{tool.key}.body", "ko"))).to_be_visible()
        assert _status(base_url + tool.href.partition("#")[0]) == 200
    page.goto("/faq")
    page.get_by_role("button", name=KO["faq.games.q"]).click()
    expect(page.get_by_text(catalog_copy.text("faq.games.a", "ko"))).to_be_visible()


def test_the_hub_updates_while_a_guest_watches(page: Page, base_url: str, e2e_database: str) -> None:
    page.goto("/")
    rounds = page.locator("#cc-community-rounds")
    expect(rounds).to_have_text(GROUPED)
    for element in ("#cc-community-players", "#cc-community-active", "#cc-community-moments"):
        expect(page.locator(element)).to_have_text(GROUPED)
    before = rounds.inner_text()
    page.evaluate("window.__ccSamePage = true")

    site_id, nickname = _fresh_identity()
    signed_up = _post(
        base_url + "/api/auth/signup",
        {"site_id": site_id, "nickname": nickname, "password": PASSWORD, "invite_code": "5858"},
        {},
    )
    auth = {"Authorization": f"Bearer {signed_up['access_token']}"}
    me = _get(base_url + "/api/auth/me", auth)
    with environment(DATABASE_URL=e2e_database):
        from tests.support.wallets import fund

        fund(int(me["id"]), 20_000)  # enough spins that one pays more than its stake
    spin_until_a_feed_win(base_url, auth)  # the E2E server announces it in the live feed
    # the win is pushed to the open page at once; the counters follow on the page's next refresh
    expect(page.locator("#cc-hub-wins")).to_contain_text(nickname, timeout=scaled(10_000))
    expect(rounds).not_to_have_text(before, timeout=scaled(60_000))
    expect(rounds).to_have_text(GROUPED)
    assert page.evaluate("window.__ccSamePage === true")  # updated in place, no reload
    page.locator("#cc-community").screenshot(path=str(ARTIFACTS / "landing_hub_live.png"))


def test_english_toggle_translates_the_derived_copy(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#cc-hero-subtitle")).to_have_text(catalog_copy.text("landing.subtitle", "ko"))
    page.locator("#cc-lang-toggle").click()
    expect(page.locator("#cc-hero-subtitle")).to_have_text(catalog_copy.text("landing.subtitle", "en"))
    for game in catalog_copy.games():
        expect(page.locator(f"#cc-game-link-{game.key}")).to_have_text(game.name["en"])
    expect(page.get_by_role("heading", name=EN["landing.games_title"])).to_be_visible()
    page.goto("/responsible-play")
    expect(page.get_by_text(catalog_copy.text("responsible.cool_off.body", "en"))).to_be_visible()
    page.locator("#cc-lang-toggle").click()  # back to Korean for the next test's context (localStorage is per context)


def test_the_hero_animates_and_stops_for_reduced_motion(browser: object, base_url: str) -> None:
    for motion, expected in (("no-preference", "cc-chip-float"), ("reduce", "none")):
        problems = PageProblems()
        page = open_page(browser, base_url, problems, viewport={"width": 390, "height": 844}, reduced_motion=motion)
        page.goto("/")
        expect(page.locator("#cc-hero-title")).to_be_visible()
        chip = page.locator(".cc-hero-chip").first
        assert chip.evaluate("e => getComputedStyle(e).animationName") == expected
        # the largest text is painted from the first frame: never transparent, never faded in
        for element in ("#cc-hero-title", "#cc-hero-subtitle"):
            assert float(page.locator(element).evaluate("e => getComputedStyle(e).opacity")) > 0.5
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # chips never overflow
        page.screenshot(path=str(ARTIFACTS / f"landing_hero_{motion}_mobile.png"))
        page.context.close()
        assert problems.all() == []
