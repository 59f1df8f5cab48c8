"""The every-page walk (issue 16, items 9–10): each page of the app at a screen size, axe-core, screenshots.

The page list is the app's own: the routes ``casino_app.casino_app`` registers (read in a subprocess, so a new
page cannot be missed) and who may open each one (from its ``on_load`` chain: staff, player or public). A route
that is neither visited nor listed in ``SKIPPED`` with a reason fails ``test_every_route_is_visited_or_skipped``.
Each page is opened as the right role: public pages as a guest (and ``/`` also as a player, the home dashboard),
player pages as a seeded player with some play (slot spins, a gacha pull, a daily claim), the console as the
seeded admin, dynamic routes with seeded ids. axe-core (npm, pinned, installed by ``scripts/bootstrap.sh --dev``
into ``.tools/``) is injected into each page after its data has arrived; every page prints
``axe <path> <size>: critical=0 serious=0 moderate=n minor=n`` and lands as a full-page screenshot in
``test-artifacts/e2e/pages/<size>/<name>.png``. OBS overlays (``/overlay/*``) open with a token staff issue
through the API. Each page must also leave the neon backdrop visible (a transparent Radix root) and fit the
screen's width; the important dialogs (daily check-in, slot and gacha odds, the phone's "more" sheet) are checked
open. The two sizes are walked by two test files (``test_every_page.py``, ``test_every_page_phone.py``), so two
E2E workers can walk them at the same time.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from casino_app.settings import PROJECT_ROOT
from tests.e2e.conftest import ARTIFACTS, PageProblems, open_page
from tests.e2e.test_wallet import _get, _post
from tests.support.pace import scaled
from tests.support.reality_check import postpone_reality_check

AXE_JS = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
PAGES_DIR = ARTIFACTS / "pages"
SIZES: dict[str, dict[str, object]] = {
    "1440x900": {"viewport": {"width": 1440, "height": 900}},
    "390x844": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
PLAYER = ("user001", "casino-demo-1")  # seeded demo players (services/accounts/demo.py)
OTHER_PLAYER = "user002"
STAFF = ("admin", "casino-admin-1")

# Routes the walk does not open, each with the reason. Keep it short: every entry is a page nobody checks.
SKIPPED: dict[str, str] = {}
# Where the on_load chain does not tell who the page is for.
ROLE_OVERRIDES: dict[str, str] = {
    # Its on_load resolves identity like a public page; its own load sends guests to the login page.
    "account/password": "player",
}
BLOCKING = ("critical", "serious")

_ROUTES_SCRIPT = """
import json
from casino_app.casino_app import app
routes = {}
for route, page in app._unevaluated_pages.items():
    chain = page.on_load or []
    chain = chain if isinstance(chain, list) else [chain]
    routes[route] = [getattr(getattr(e, "fn", None), "__qualname__", repr(e)) for e in chain]
print("CC_ROUTES=" + json.dumps(routes))
"""


@dataclass(frozen=True)
class Visit:
    """One page to open: its screenshot name, the URL path, who opens it and the route it covers."""

    name: str
    path: str
    role: str  # guest | player | staff | overlay (a guest context with a token in the address)
    route: str
    status: int = 200

    def label(self) -> str:
        """The path as printed: who opened it when a path has two faces, never an overlay's token."""
        path = re.sub(r"token=[^&]+", "token=…", self.path)
        return f"{path} (as {self.role})" if self.name == "home" else path


def registered_routes() -> dict[str, list[str]]:
    """Route → the qualified names of its on_load handlers, read from the app the server runs."""
    done = subprocess.run(
        [sys.executable, "-c", _ROUTES_SCRIPT],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=scaled(300),
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("CC_ROUTES="))
    return json.loads(line.removeprefix("CC_ROUTES="))


def role_of(route: str, on_load: list[str]) -> str:
    """Who opens ``route``: staff for the console, a player for player pages, else a guest."""
    if route in ROLE_OVERRIDES:
        return ROLE_OVERRIDES[route]
    if any(name.endswith("require_staff") for name in on_load):
        return "staff"
    if any(name.endswith("require_player") for name in on_load):
        return "player"
    return "guest"


def plan(routes: dict[str, list[str]], ids: dict[str, object]) -> list[Visit]:
    """The pages to open for ``routes``; dynamic routes get seeded ids (an unknown one is left out, so the
    coverage test names it)."""
    visits: list[Visit] = []
    for route, on_load in routes.items():
        if route in SKIPPED:
            continue
        role = role_of(route, on_load)
        name = route.replace("/", "-")
        if route == "index":
            visits += [Visit("landing", "/", "guest", route), Visit("home", "/", "player", route)]
        elif route == "404":
            visits.append(Visit("not-found", "/no/such/page", "guest", route, status=404))
        elif route == "admin/players/[player_id]":
            visits.append(Visit("admin-player", f"/admin/players/{ids['player']}", role, route))
        elif route == "players":
            visits.append(Visit("players", f"/players?id={ids['other']}", role, route))
        elif route.startswith("overlay/"):  # OBS browser sources: no login, a staff-issued token in the address
            visits.append(Visit(name, f"/{route}?token={ids['overlay_token']}", "overlay", route))
        elif "[" not in route:
            visits.append(Visit(name, "/" + route, role, route))
    return visits


def bearer(base_url: str, site_id: str, password: str, staff: bool = False) -> dict[str, str]:
    """``Authorization`` header of an API login."""
    path = "/api/admin/auth/login" if staff else "/api/auth/login"
    token = _post(base_url + path, {"site_id": site_id, "password": password}, {})["access_token"]
    return {"Authorization": f"Bearer {token}"}


def seed(base_url: str, e2e_database: str, routes: dict[str, list[str]]) -> dict[str, object]:
    """Give the seeded player some history (gold from staff, slot spins, a gacha pull, a daily claim) and
    return the ids the dynamic routes need."""
    player = bearer(base_url, *PLAYER)
    staff = bearer(base_url, *STAFF, staff=True)
    me = _get(base_url + "/api/auth/me", player)
    other = _post(base_url + "/api/auth/login", {"site_id": OTHER_PLAYER, "password": PLAYER[1]}, {})
    other_me = _get(base_url + "/api/auth/me", {"Authorization": f"Bearer {other['access_token']}"})
    _post(
        f"{base_url}/api/admin/users/{me['id']}/gold",
        {"amount": 20_000, "reason": "E2E 페이지 점검"},
        {**staff, "Idempotency-Key": str(uuid.uuid4())},
    )
    for _ in range(3):
        _post(base_url + "/api/games/slot/spin", {"bet_amount": 100}, {**player, "Idempotency-Key": str(uuid.uuid4())})
    _post(base_url + "/api/games/gacha/pull", {"count": 1}, {**player, "Idempotency-Key": str(uuid.uuid4())})
    _post(base_url + "/api/streak/claim", {}, {**player, "Idempotency-Key": str(uuid.uuid4())})
    # the reality check (a minute is 2 s on the E2E server) would cover pages a minute after these spins
    postpone_reality_check(e2e_database, int(me["id"]))
    ids: dict[str, object] = {"player": int(me["id"]), "other": int(other_me["id"])}
    if any(route.startswith("overlay/") for route in routes):
        ids["overlay_token"] = _post(base_url + "/api/admin/overlay-tokens", {"label": "E2E 페이지 점검"}, staff)[
            "token"
        ]
    return ids


class Browsers:
    """One logged-in context (one page) per role, created on first use and reused for every page."""

    def __init__(self, browser: object, base_url: str, size: str) -> None:
        self.browser, self.base_url, self.size = browser, base_url, size
        self.pages: dict[str, tuple[Page, PageProblems]] = {}

    def page(self, role: str) -> tuple[Page, PageProblems]:
        role = "guest" if role == "overlay" else role
        if role not in self.pages:
            problems = PageProblems()
            # bypass_csp: axe is injected as an inline script, which the app's CSP (rightly) refuses.
            page = open_page(self.browser, self.base_url, problems, bypass_csp=True, **SIZES[self.size])
            if role == "player":
                login(page, "/login", "#cc-login-form-submit", *PLAYER)
            elif role == "staff":
                login(page, "/admin/login", "#cc-admin-login-form-submit", *STAFF)
            self.pages[role] = (page, problems)  # type: ignore[assignment]
        return self.pages[role]

    def close(self) -> None:
        for page, _ in self.pages.values():
            page.context.close()


def login(page: Page, path: str, submit: str, site_id: str, password: str) -> None:
    """Log in through the page at ``path`` and wait for the header to know who is here."""
    page.goto(path)
    page.locator("#field-site_id").fill(site_id)
    page.locator("#field-password").fill(password)
    page.locator(submit).click()
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.locator("#cc-user-menu")).to_be_visible(timeout=scaled(15_000))


# Resolves once the DOM has been quiet for `quiet` ms (data from the socket has landed, tickers have stopped),
# or after `limit` ms on pages that never stop moving (the crash curve).
_SETTLE = """async ([quiet, limit]) => {
  await document.fonts.ready;
  await new Promise((resolve) => {
    let timer = setTimeout(finish, quiet);
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, quiet); });
    const cap = setTimeout(finish, limit);
    function finish() { observer.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(); }
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  });
}"""

# The Radix theme root must stay transparent so the body's neon gradient shows through (issue 16 item 9).
_ROOT_BACKGROUND = """() => { const root = document.querySelector('.radix-themes');
  return root ? getComputedStyle(root).backgroundColor : 'rgba(0, 0, 0, 0)'; }"""

_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, count: v.nodes.length,
    nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n')[1]),
  }));
}"""


def settle(page: Page, role: str) -> str:
    """Wait for the page's data: the header knows who is here, nothing is busy, the DOM has stopped changing.
    Returns what never arrived ("" when all did)."""
    page.wait_for_load_state("load")
    marker = {
        "guest": "#cc-login-link, #cc-user-menu",
        "player": "#cc-user-menu",
        "staff": "#cc-user-menu",
        "overlay": "#cc-overlay[data-status='ready']",
    }[role]
    missing = ""
    try:
        page.locator(marker).first.wait_for(state="attached")
        page.wait_for_function("() => !document.querySelector('[aria-busy=\"true\"]')", timeout=scaled(8_000))
    except PlaywrightTimeoutError:
        missing = f"the page never finished loading ({marker} present, nothing aria-busy)"
    page.evaluate(_SETTLE, [500, 6_000])
    return missing


def run_axe(page: Page) -> list[dict]:
    """axe-core's default rule set over the whole document (dialogs included when open)."""
    assert AXE_JS.is_file(), f"{AXE_JS} is missing: scripts/bootstrap.sh --dev installs axe-core from npm"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_AXE)


def axe_line(label: str, size: str, violations: list[dict]) -> str:
    """``axe <path> <size>: critical=0 serious=0 moderate=n minor=n`` plus the rule ids found."""
    counts = {
        impact: sum(1 for v in violations if v["impact"] == impact) for impact in (*BLOCKING, "moderate", "minor")
    }
    figures = " ".join(f"{impact}={n}" for impact, n in counts.items())
    rules = ", ".join(f"{v['id']}({v['impact']}, {v['count']})" for v in violations)
    return f"axe {label} {size}: {figures}" + (f" [{rules}]" if rules else "")


def blocking(label: str, size: str, violations: list[dict]) -> list[str]:
    """Critical and serious violations, one line each with the first nodes."""
    return [
        f"{label} {size}: {v['id']} ({v['impact']}) on {v['count']} node(s): {v['nodes']}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def record(size: str, line: str) -> None:
    """Print an axe line and add it to the size's summary file (the E2E run ends with them)."""
    print(line)
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    with (PAGES_DIR / f"axe-{size}.txt").open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def walk(browser: object, base_url: str, size: str, routes: dict[str, list[str]], seeded: dict[str, object]) -> None:
    """Open every page at ``size`` (a key of ``SIZES``), then the dialogs; fail with every finding at once."""
    browsers = Browsers(browser, base_url, size)
    try:
        failures = _walk(browsers, routes, seeded)
    finally:
        browsers.close()
    assert not failures, "\n".join(failures)


def _walk(browsers: Browsers, routes: dict[str, list[str]], seeded: dict[str, object]) -> list[str]:
    size = browsers.size
    (PAGES_DIR / f"axe-{size}.txt").unlink(missing_ok=True)
    failures: list[str] = []
    for visit in plan(routes, seeded):
        page, problems = browsers.page(visit.role)
        if visit.status == 404:
            problems.allow(r"status of 404")
        response = page.goto(visit.path)
        assert response is not None
        if missing := settle(page, visit.role):
            failures.append(f"{visit.path} as {visit.role}: {missing}")
        landed = urlparse(page.url).path.rstrip("/") or "/"
        if response.status != visit.status or landed != urlparse(visit.path).path:
            failures.append(f"{visit.path} as {visit.role}: HTTP {response.status}, landed on {landed}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"{visit.label()} {size}: the page is {overflow}px wider than the screen")
        if page.evaluate(_ROOT_BACKGROUND) != "rgba(0, 0, 0, 0)":
            failures.append(f"{visit.path}: the Radix root paints over the neon backdrop")
        violations = run_axe(page)
        label = visit.label()
        record(size, axe_line(label, size, violations))
        failures += blocking(label, size, violations)
        shot = PAGES_DIR / size / f"{visit.name}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
    failures += _dialogs(browsers, size)
    for role, (_, problems) in browsers.pages.items():
        failures += [f"browser problem as {role}: {p}" for p in problems.all()]
    return failures


def _dialogs(browsers: Browsers, size: str) -> list[str]:
    """axe with the important dialogs open: daily check-in, the slot and gacha odds, the phone's "more" sheet."""
    page, _ = browsers.page("player")
    failures: list[str] = []
    openers = [
        ("daily", "/games/slot", "#cc-daily-open", "[role=dialog]"),
        ("slot-odds", "/games/slot", "#cc-slot-odds", "[role=dialog]"),
        ("gacha-odds", "/games/gacha", "#cc-gacha-odds", "[role=dialog]"),
    ]
    if size == "390x844":
        openers.append(("more-sheet", "/", "#cc-more-open", "#cc-more-sheet"))
    for name, path, opener, shown in openers:
        page.goto(path)
        if missing := settle(page, "player"):  # its axe pass below would be over a half-loaded page
            failures.append(f"{path} [{name}]: {missing}")
        try:
            page.locator(opener).first.click()
            page.locator(shown).first.wait_for(state="visible")
        except PlaywrightTimeoutError:
            failures.append(f"{path}: {opener} did not open {shown}")
            continue
        page.evaluate(_SETTLE, [400, 3_000])
        violations = run_axe(page)
        label = f"{path} [{name} open]"
        record(size, axe_line(label, size, violations))
        failures += blocking(label, size, violations)
        page.screenshot(path=str(PAGES_DIR / size / f"dialog-{name}.png"), full_page=False)
        page.keyboard.press("Escape")
    return failures
