"""The neon Korean shell: landing, language, keyboard, mobile, 404, fonts, API mount."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from casino_app.components.nav_items import NAV_ITEMS
from casino_app.i18n import CATALOGS
from casino_app.services import catalog_copy
from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page

KO, EN = CATALOGS["ko"], CATALOGS["en"]


def test_landing_renders_in_korean_with_the_bundled_font(page: Page) -> None:
    font_responses: list[str] = []
    page.on("response", lambda r: "/fonts/pretendard/" in r.url and r.ok and font_responses.append(r.url))
    page.goto("/")
    expect(page.locator("#cc-hero-title")).to_have_text(KO["landing.title"])
    expect(page.locator("#cc-hero-subtitle")).to_have_text(catalog_copy.text("landing.subtitle", "ko"))
    expect(page.get_by_role("heading", name=KO["landing.benefits_title"])).to_be_visible()
    expect(page.get_by_role("heading", name=KO["landing.community_title"])).to_be_visible()
    expect(page.get_by_role("heading", name=KO["landing.faq_title"])).to_be_visible()
    expect(page.get_by_role("link", name=KO["landing.cta_primary"])).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert page.title() == KO["page.home_title"]
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Pretendard Variable\"', '카지노 클럽')")
    family = page.evaluate("getComputedStyle(document.querySelector('#cc-hero-title')).fontFamily")
    assert "Pretendard" in family
    page.wait_for_load_state("networkidle")
    assert any(url.endswith(".woff2") for url in font_responses), "no self-hosted font file was loaded"
    assert page.locator("text=Built with Reflex").count() == 0


def test_faq_opens_with_the_keyboard(page: Page) -> None:
    page.goto("/faq")
    question = page.get_by_role("button", name=KO["faq.cashout.q"])
    question.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(KO["faq.cashout.a"])).to_be_visible()


def test_language_toggle_switches_to_english_and_persists(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#cc-hero-title")).to_have_text(KO["landing.title"])
    page.locator("#cc-lang-toggle").click()
    expect(page.get_by_role("heading", name=EN["landing.benefits_title"])).to_be_visible()
    expect(page.get_by_role("link", name=EN["nav.responsible"]).first).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.reload()
    expect(page.get_by_role("heading", name=EN["landing.benefits_title"])).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator("#cc-lang-toggle").click()
    expect(page.get_by_role("heading", name=KO["landing.benefits_title"])).to_be_visible()


def test_sound_toggle_is_a_pressed_button(page: Page) -> None:
    page.goto("/")
    toggle = page.locator("#cc-sound-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_have_attribute("aria-label", KO["header.sound_off"])


def test_keyboard_only_navigation_reaches_every_nav_item(page: Page) -> None:
    page.goto("/")
    expect(page.locator("#cc-hero-title")).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == KO["a11y.skip_to_content"], "the first Tab stop is the skip link"
    reached: dict[str, str] = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const nav = e.closest('nav');
               return {href: e.getAttribute('href'), nav: nav && nav.className,
                       outline: getComputedStyle(e).outlineStyle}; }"""
        )
        if info["nav"] == "cc-sidenav" and info["href"]:
            reached[info["href"]] = info["outline"]
    expected = {item.href for item in NAV_ITEMS if not item.requires_login}
    assert expected <= set(reached), f"not reachable by Tab: {expected - set(reached)}"
    assert all(style != "none" for style in reached.values()), "focused nav links must show a focus ring"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # follow a link with the keyboard alone
    page.wait_for_load_state("networkidle")


def test_skip_link_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_landmarks_and_labels(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("navigation", name=KO["a11y.main_nav"])).to_have_count(1)
    expect(page.get_by_role("complementary", name=KO["a11y.side_panel"])).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page.get_by_role("button", name=KO["header.language"])).to_be_visible()


def test_mobile_viewport_shows_the_bottom_tab_bar(browser: object, base_url: str) -> None:
    problems = PageProblems()
    page = open_page(browser, base_url, problems, viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto("/")
    tab_bar = page.get_by_role("navigation", name=KO["a11y.tab_bar"])
    expect(tab_bar).to_be_visible()
    expect(page.locator(".cc-sidenav")).to_be_hidden()
    for item in NAV_ITEMS:
        if item.tab in ("all", "guests"):
            expect(tab_bar.get_by_role("link", name=KO[item.key])).to_be_visible()
    box = tab_bar.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] == pytest.approx(844, abs=2), "tab bar sits at the bottom"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "mobile_390x844.png"))
    tab_bar.get_by_role("link", name=KO["nav.responsible"]).click()
    expect(page.get_by_role("heading", name=KO["responsible.title"])).to_be_visible()
    page.context.close()
    assert problems.all() == []


def test_unknown_route_shows_the_404_page(page: Page, problems: PageProblems) -> None:
    problems.allow(r"status of 404")  # the document itself is a real HTTP 404
    response = page.goto("/no/such/page")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", name=KO["notfound.title"])).to_be_visible()
    page.get_by_role("link", name=KO["notfound.home"]).click()
    expect(page.locator("#cc-hero-title")).to_be_visible()


def test_api_is_mounted_on_the_same_port(base_url: str) -> None:
    with urllib.request.urlopen(base_url + "/api/health", timeout=10) as response:
        assert response.status == 200
    with urllib.request.urlopen(base_url + "/metrics", timeout=10) as response:
        assert re.search(rb"cc_http_requests_total\{", response.read())
    with urllib.request.urlopen(base_url + "/api/docs", timeout=10) as response:
        assert response.status == 200
