"""The landing page's JavaScript (gzip) against its 300 KB budget, and its largest contentful paint in Chromium
under 4× CPU throttling, next to baselines measured in the same run.

    python -m tests.bench.landing [--runs 5]

Builds and serves the production app (``reflex run --env prod``, as the E2E tests do: run it under the E2E lock,
``flock /tmp/cc-e2e.lock``, since it builds into the same folder) on a scratch database with the demo data, then
in headless Chromium, each load in a fresh browser context (a cold cache):

* JS: every JavaScript response of a cold load of ``/`` (until the network is idle), each body gzip-compressed
  (level 9), summed, with the file count and the largest files — the transfer a first visitor pays;
* LCP: the ``largest-contentful-paint`` entry (PerformanceObserver, buffered) of cold loads at CDP
  ``Emulation.setCPUThrottlingRate`` rate 4, median of ``--runs``. Baselines: the same page unthrottled, and at 4×
  the FAQ (a plain text page in the same shell) and the 404 page (the shell with almost nothing in it).

Times are printed, never asserted; the JS budget is a budget: the script exits 1 when the landing's JS is over it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field

os.environ.setdefault("LOG_LEVEL", "WARNING")

from casino_app.settings import PROJECT_ROOT
from tests.support import db as test_db
from tests.support.env import environment
from tests.support.server import app_environment, free_port, running_app

RESULTS = PROJECT_ROOT / "bench-results"
JS_BUDGET_BYTES = 300 * 1000  # 300 KB of gzip-compressed JavaScript on a first visit to the landing page
THROTTLE = 4
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
VIEWPORT = {"width": 1440, "height": 900}

# Keeps the latest largest-contentful-paint candidate (what the browser would report) on window.__ccLcp.
LCP_OBSERVER = """
window.__ccLcp = null;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const el = entry.element;
    window.__ccLcp = {
      ms: entry.startTime,
      size: entry.size,
      element: el ? (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')) : '?',
    };
  }
}).observe({ type: 'largest-contentful-paint', buffered: true });
"""


@dataclass
class JsLoad:
    """The JavaScript one cold load fetched."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # url -> (raw bytes, gzip bytes)

    @property
    def raw(self) -> int:
        return sum(raw for raw, _ in self.files.values())

    @property
    def gzipped(self) -> int:
        return sum(zipped for _, zipped in self.files.values())


def _is_js(response: object) -> bool:
    kind = response.request.resource_type  # type: ignore[attr-defined]
    ctype = response.headers.get("content-type", "")  # type: ignore[attr-defined]
    path = response.url.split("?")[0]  # type: ignore[attr-defined]
    return kind == "script" or "javascript" in ctype or path.endswith((".js", ".mjs"))


def js_of_cold_load(browser: object, url: str) -> JsLoad:
    """Every JS response of one cold load of ``url``, raw and gzip-compressed."""
    context = browser.new_context(viewport=VIEWPORT, locale="ko-KR")  # type: ignore[attr-defined]
    page = context.new_page()
    responses: list[object] = []
    page.on("response", lambda r: _is_js(r) and responses.append(r))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1000)  # a lazy chunk asked for after the first idle moment still counts
    load = JsLoad()
    for response in responses:
        try:
            body = response.body()  # type: ignore[attr-defined]
        except Exception:  # a redirect or an aborted request has no body
            continue
        load.files[response.url] = (len(body), len(gzip.compress(body, compresslevel=9)))  # type: ignore[attr-defined]
    context.close()
    return load


def lcp_of_cold_load(browser: object, url: str, throttle: float) -> dict:
    """The largest contentful paint (ms from navigation start) of one cold load at ``throttle``× CPU."""
    context = browser.new_context(viewport=VIEWPORT, locale="ko-KR")  # type: ignore[attr-defined]
    context.add_init_script(LCP_OBSERVER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1500)  # later, larger candidates (a web font swap, data) replace the first
    entry = page.evaluate("window.__ccLcp")
    context.close()
    return entry  # None when the page painted no candidate (nothing but small or hidden content)


def _median_lcp(browser: object, url: str, throttle: float, runs: int) -> tuple[float | None, list[int], str]:
    entries = [e for e in (lcp_of_cold_load(browser, url, throttle) for _ in range(runs)) if e]
    times = [round(e["ms"]) for e in entries]
    elements = {e["element"] for e in entries}
    return (statistics.median(times) if times else None), times, ", ".join(sorted(elements)) or "none reported"


def measure(base_url: str, runs: int) -> dict:
    """Run every measurement against the app at ``base_url`` and print the figures."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import chromium_executable

    figures: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            js_of_cold_load(browser, base_url + "/")  # warm the server (the browser cache stays cold per context)
            js = js_of_cold_load(browser, base_url + "/")
            baseline_js = js_of_cold_load(browser, base_url + "/no-such-page")
            over = js.gzipped > JS_BUDGET_BYTES
            print(
                f"\nlanding page JavaScript, cold load of / (gzip -9 of every JS response; budget {JS_BUDGET_BYTES / 1000:.0f} KB)"
            )
            print(f"  /              {len(js.files):>3} files  {js.raw / 1000:>7.1f} KB raw  {js.gzipped / 1000:>6.1f} KB gzip  "
                  f"{'OVER BUDGET' if over else 'within budget'}")  # fmt: skip
            print(f"  404 (baseline) {len(baseline_js.files):>3} files  {baseline_js.raw / 1000:>7.1f} KB raw  "
                  f"{baseline_js.gzipped / 1000:>6.1f} KB gzip")  # fmt: skip
            print("  largest files (gzip):")
            for url, (raw, zipped) in sorted(js.files.items(), key=lambda kv: -kv[1][1])[:6]:
                print(f"    {zipped / 1000:>6.1f} KB  ({raw / 1000:>6.1f} KB raw)  {url.removeprefix(base_url)}")
            figures["js"] = {
                "files": len(js.files),
                "raw_bytes": js.raw,
                "gzip_bytes": js.gzipped,
                "budget_bytes": JS_BUDGET_BYTES,
                "baseline_404_gzip_bytes": baseline_js.gzipped,
                "baseline_404_files": len(baseline_js.files),
            }

            print(f"\nlargest contentful paint, cold loads, median of {runs} (ms)")
            rows = (
                ("landing, 4× CPU throttling", base_url + "/", THROTTLE, "landing_4x"),
                ("landing, unthrottled (baseline)", base_url + "/", 1, "landing_1x"),
                ("/faq, 4× CPU throttling (baseline)", base_url + "/faq", THROTTLE, "faq_4x"),
                ("404 page, 4× CPU throttling (baseline)", base_url + "/no-such-page", THROTTLE, "notfound_4x"),
            )
            for label, url, throttle, key in rows:
                median, times, element = _median_lcp(browser, url, throttle, runs)
                figures[key] = {"median_ms": median, "runs_ms": times, "element": element}
                shown = f"{median:>7.0f}" if median is not None else "    n/a"
                print(f"  {label:<40} {shown}   runs {times}   element {element}")
        finally:
            browser.close()
    figures["js_over_budget"] = figures["js"]["gzip_bytes"] > JS_BUDGET_BYTES
    return figures


def main() -> None:
    """Build and serve the app, measure, print, and exit 1 when the JS is over budget."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="cold loads per LCP figure")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    url = test_db.create_test_database("casino_bench_landing")
    with environment(DATABASE_URL=url):
        from casino_app.services import seed

        seed.seed_demo_data()  # a landing with members, rounds and a feed, as a visitor would see it
    env = app_environment(url, free_port())
    started = time.monotonic()
    with running_app(env, RESULTS / "landing-server.log") as base_url:
        print(f"production build served after {time.monotonic() - started:.0f} s")
        figures = measure(base_url, max(1, args.runs))
    (RESULTS / "landing.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if figures["js_over_budget"]:
        print(f"\nFAIL: the landing page loads {figures['js']['gzip_bytes'] / 1000:.1f} KB of gzip JS, over the "
              f"{JS_BUDGET_BYTES / 1000:.0f} KB budget", file=sys.stderr)  # fmt: skip
        sys.exit(1)


if __name__ == "__main__":
    main()
