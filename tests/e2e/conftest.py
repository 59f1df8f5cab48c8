"""E2E: the production build in headless Chromium (Debian's chromium + Playwright).

Screenshots and the server log go to ``test-artifacts/e2e/``. Every test fails
on a browser console error, an uncaught page error, or a request that leaves
localhost (fonts and assets are self-hosted).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from casino_app.settings import PROJECT_ROOT
from tests.support import db as test_db
from tests.support.env import environment
from tests.support.pace import scaled
from tests.support.server import app_environment, free_port, running_app
from tests.support.workers import worker_suffix

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
SESSION_STARTED = time.time()


def chromium_executable() -> str | None:
    """Debian's Chromium (or ``CHROMIUM_PATH``)."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if Path(explicit).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The axe-core figures of every page (the every-page walk, ``page_walk``) in the run's output, not only in its
    artifacts."""
    for path in sorted((ARTIFACTS / "pages").glob("axe-*.txt")):
        if path.stat().st_mtime < SESSION_STARTED:
            continue  # from an earlier run
        terminalreporter.section(f"axe-core per page at {path.stem.removeprefix('axe-')}")
        for line in path.read_text(encoding="utf-8").splitlines():
            terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    """Every ``expect`` waits as long as this machine needs (``tests.support.pace``; Playwright's default: 5 s)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=scaled(5_000))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A worker's first test also waits for its app's build (and for the other worker's, which goes first under
    # the build lock): the default 300 s limit covers the test function only; the build has its own limit.
    for item in items:
        if "e2e" in str(item.fspath) and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(300, func_only=True))
    reason = os.environ.get("CC_E2E_SKIP_REASON")
    if not reason and chromium_executable() is None:
        reason = "Chromium not found (install Debian's `chromium` or set CHROMIUM_PATH): E2E tests skipped"
    if reason:
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


SERVER_LOG_LINES = 40


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed E2E test's report ends with the tail of its worker's app server log (CI keeps only the output), or of
    the log its module names in ``SERVER_LOG`` when it runs servers of its own (the Redis test)."""
    report = yield
    own = getattr(getattr(item, "module", None), "SERVER_LOG", None)
    log = ARTIFACTS / (own or f"server{worker_suffix()}.log")
    if report.failed and log.exists() and log.stat().st_mtime >= SESSION_STARTED:  # not an earlier run's
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()[-SERVER_LOG_LINES:]
        report.sections.append((f"server log {log.name} (last {len(lines)} lines)", "\n".join(lines)))
    return report


@pytest.fixture(scope="session")
def e2e_database() -> str:
    """A fresh, migrated and seeded database for the E2E server."""
    url = test_db.create_test_database("casino_e2e")
    with environment(DATABASE_URL=url):
        from casino_app.services import seed

        seed.seed_demo_data()
        _publish_fast_crash_table()
    return url


def _publish_fast_crash_table() -> None:
    """Short crash rounds for the in-process crash loop (the production defaults stay as they are): 4 s of
    betting, 2 s of cooldown, a 10× maximum and a faster curve (10× after about 15 s)."""
    from tests.support.crash import fast_table

    fast_table(betting_ms=4_000, cooldown_ms=2_000, max_multiplier_x100=1_000, growth_per_ms=0.00015)


@pytest.fixture(scope="session")
def base_url(e2e_database: str) -> Iterator[str]:
    """The production app, built and served on a free port."""
    # Each pytest-xdist worker serves its own build (its own folder) on its own database.
    env = app_environment(e2e_database, free_port(), web_dir=".web-e2e" + worker_suffix())
    # every round that pays more than its stake reaches the live feed (spin_until_a_feed_win)
    env["BIG_WIN_GOLD"] = "1"
    # 2 s per reality-check minute: the default 30-minute check comes 60 s into a player's play session (longer
    # than any other test plays one player), a 15-minute one after 30 s (tests/e2e/test_care.py).
    env["REALITY_CHECK_MINUTE_SECONDS"] = "2"
    with running_app(env, ARTIFACTS / f"server{worker_suffix()}.log") as url:
        yield url


@pytest.fixture(scope="session")
def routes() -> dict[str, list[str]]:
    """Every route the app registers → its ``on_load`` handlers (the every-page walk's list; ``page_walk``)."""
    from tests.e2e.page_walk import registered_routes

    return registered_routes()


@pytest.fixture(scope="session")
def seeded(base_url: str, e2e_database: str, routes: dict[str, list[str]]) -> dict[str, object]:
    """The seeded player's history for the every-page walk and the ids its dynamic routes need, once per worker."""
    from tests.e2e.page_walk import seed

    return seed(base_url, e2e_database, routes)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@dataclass
class PageProblems:
    """Everything the browser complained about during a test."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Tolerate problems matching ``pattern`` (a regex), e.g. the 404 document status."""
        self.allowed.append(pattern)

    def all(self) -> list[str]:
        found = self.console_errors + self.page_errors + self.external_requests + self.failed_requests
        return [p for p in found if not any(re.search(a, p) for a in self.allowed)]


def _artifact_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:120]


def open_page(browser: object, base_url: str, problems: PageProblems, **context_args: object) -> object:
    """A fresh browser context + page that records problems; Korean locale by default."""
    context = browser.new_context(locale="ko-KR", base_url=base_url, **context_args)  # type: ignore[attr-defined]
    context.set_default_timeout(scaled(15_000))  # every page of the context, tabs opened later too
    page = context.new_page()
    host = urlparse(base_url).hostname

    page.on("console", lambda msg: msg.type == "error" and problems.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: problems.page_errors.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            urlparse(req.url).hostname not in {host, "localhost", "127.0.0.1", None}
            and not req.url.startswith(("data:", "blob:"))
            and problems.external_requests.append(req.url)
        ),
    )
    # Requests aborted by a navigation (a lazy chunk still loading when the page changes) are not failures.
    page.on(
        "requestfailed",
        lambda req: req.failure != "net::ERR_ABORTED" and problems.failed_requests.append(f"{req.url}: {req.failure}"),
    )
    return page


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: object, base_url: str, problems: PageProblems, request: pytest.FixtureRequest) -> Iterator[object]:
    """A desktop page (1440×900). Fails the test on console errors or external requests."""
    page = open_page(browser, base_url, problems, viewport={"width": 1440, "height": 900})
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request)}.png"), full_page=True)
    page.context.close()
    assert problems.all() == [], f"browser problems: {problems.all()}"


def first_round_bonus(game: str) -> int:
    """Gold the "first round of <game>" achievement pays along with a player's first round (shipped defaults)."""
    from casino_app.services.achievements.defaults import DEFAULTS

    return next(int(row["reward_gold"]) for row in DEFAULTS if row["key"] == f"first_{game}")


def spin_until_a_feed_win(base_url: str, headers: dict[str, str], bet: int = 100, tries: int = 150) -> dict:
    """Spin the slot over the API until a round pays more than its stake (about one spin in eight on the
    default table; 150 misses in a row have a chance of ~1e-9) and return it: with ``BIG_WIN_GOLD=1`` the E2E
    server announces exactly those rounds in the live feed. A 429 (the play pace) waits a moment."""
    import json
    import time
    import urllib.error
    import urllib.request
    import uuid

    for _ in range(tries):
        request = urllib.request.Request(
            base_url + "/api/games/slot/spin",
            data=json.dumps({"bet_amount": bet}).encode(),
            headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4()), **headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                result = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            if exc.code != 429:
                raise
            time.sleep(0.5)
            continue
        if int(result["win_amount"]) > bet:
            return result
    raise AssertionError(f"no spin paid more than its stake in {tries} tries")
