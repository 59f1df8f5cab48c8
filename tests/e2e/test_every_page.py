"""Every page of the app at 1440×900 (the phone size: ``test_every_page_phone.py``): axe-core finds no critical or
serious violation, each page lands as a screenshot, every registered route is walked or skipped with a reason,
and the gacha page never flashes a placeholder price (issue 16, items 9–10; the walk: ``page_walk``).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PageProblems, open_page
from tests.e2e.page_walk import PLAYER, SKIPPED, login, plan, settle, walk


def test_every_route_is_visited_or_skipped(routes: dict[str, list[str]]) -> None:
    visited = {visit.route for visit in plan(routes, {"player": 1, "other": 2, "overlay_token": "t"})}
    missing = sorted(set(routes) - visited - set(SKIPPED))
    assert not missing, f"registered routes neither visited nor listed in SKIPPED with a reason: {missing}"
    stale = sorted(set(SKIPPED) - set(routes))
    assert not stale, f"SKIPPED names routes the app no longer has: {stale}"
    assert all(reason.strip() for reason in SKIPPED.values())
    for route, reason in SKIPPED.items():
        print(f"skipped {route}: {reason}")


@pytest.mark.timeout(1800)  # the first test to need the server also waits for its production build
def test_every_page_at_1440x900_has_no_serious_axe_violation(
    browser: object, base_url: str, routes: dict[str, list[str]], seeded: dict[str, object]
) -> None:
    walk(browser, base_url, "1440x900", routes, seeded)


_ZERO_PRICE = re.compile(r"(?<![\d,.])0 G\b")
# Records the pull buttons' and the daily limit's text from the first parse on, so a "0 G" or "0 / 0" that shows
# for one frame is caught too.
_TEXT_RECORDER = """(() => {
  window.__ccTexts = [];
  const watched = () => [
    ...document.querySelectorAll('#cc-pull-1, #cc-pull-10'),
    ...[...document.querySelectorAll('#cc-daily-remaining')].map((e) => e.parentElement),
  ];
  const snap = () => { for (const e of watched()) window.__ccTexts.push(e.id + ': ' + e.textContent); };
  new MutationObserver(snap).observe(document, {subtree: true, childList: true, characterData: true});
  document.addEventListener('DOMContentLoaded', snap);
})();"""


@pytest.mark.timeout(1200)
def test_gacha_never_shows_a_zero_price_while_loading(
    browser: object, base_url: str, seeded: dict[str, object]
) -> None:
    problems = PageProblems()
    page = open_page(browser, base_url, problems, viewport={"width": 1440, "height": 900})
    try:
        login(page, "/login", "#cc-login-form-submit", *PLAYER)
        page.add_init_script(_TEXT_RECORDER)
        for _ in range(2):  # a cold load and a reload
            page.goto("/games/gacha")
            expect(page.locator("#cc-pull-1")).to_contain_text(re.compile(r"[1-9][\d,]* G"))
            missing = settle(page, "player")  # the whole load must be over before the recording is judged
            assert not missing, f"/games/gacha: {missing}"
            texts: list[str] = page.evaluate("() => window.__ccTexts")
            assert texts, "the recorder saw nothing"
            assert any("cc-pull-1" in t for t in texts), "the recorder never saw the pull button"
            shown = [t for t in texts if _ZERO_PRICE.search(t) or re.search(r"\b0 / 0\b", t)]
            assert not shown, f"a placeholder price or limit showed while loading: {shown[:3]!r}"
    finally:
        page.context.close()
    assert problems.all() == []
