"""Every page of the app at 390×844 (a phone; see ``page_walk``): axe-core finds no critical or serious violation,
each page lands as a screenshot, nothing is wider than the screen, the "more" sheet is checked open. Its own
file so a second E2E worker can walk it while the first walks the desktop size."""

from __future__ import annotations

import pytest

from tests.e2e.page_walk import walk


@pytest.mark.timeout(1800)  # the first test to need the server also waits for its production build
def test_every_page_at_390x844_has_no_serious_axe_violation(
    browser: object, base_url: str, routes: dict[str, list[str]], seeded: dict[str, object]
) -> None:
    walk(browser, base_url, "390x844", routes, seeded)
