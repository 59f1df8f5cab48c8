"""The console's analytics page in the browser, fed through the real pipeline: outbox events with chosen moments
go into the app server's PostgreSQL, its own ``outbox-relay`` job carries them into its own OLAP store, and an
operator sees them on ``/admin/analytics`` — the buy funnel (players per ordered step with conversion labels,
the day's steps), a signup cohort's D1/D7 retention, the day's revenue and ARPU — in charts that render and in
their "show as table" tables, and downloads the funnel as a CSV that Excel reads (UTF-8 with a BOM).

Other E2E tests of the session act "today" (sign-ups, shop visits, purchases): the seeded story lives on past
days, and the funnel's step totals (which include today) are compared with what the page showed before seeding.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.test_console_players import _admin_login
from tests.support import analytics_seed

KO = CATALOGS["ko"]
STEPS = ("open_shop", "buy_click", "buy_success")
FUNNEL_HEADER = "section,step,players,of_first,of_previous,day,open_shop,buy_click,buy_success,buy_fail"


def _relayed(database_url: str, timeout: float = 20) -> None:
    """Wait until the server's relay has carried every outbox event into its OLAP store."""
    deadline = time.monotonic() + timeout
    while analytics_seed.pending(database_url):
        assert time.monotonic() < deadline, "the app server's outbox-relay did not carry the events"
        time.sleep(0.5)


def _until_shown(page: Page, check: Callable[[], None], timeout: float = 20) -> None:
    """Refresh the reports until ``check`` passes (or ``timeout`` seconds have gone)."""
    deadline = time.monotonic() + timeout
    while True:
        page.locator("#cc-analytics-refresh").click()
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise


def _open_table(page: Page, testid: str) -> Locator:
    """Open a chart's "show as table" and return the table's container."""
    block = page.get_by_test_id(testid).locator("xpath=..")
    block.get_by_text(KO["analytics.show_table"], exact=True).click()
    table = page.get_by_test_id(f"{testid}-table")
    expect(table).to_be_visible()
    return table


def _step_players(table: Locator) -> list[int]:
    return [int(table.locator(f"tr[data-step='{s}'] td").nth(1).inner_text().replace(",", "")) for s in STEPS]


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


def test_operator_sees_the_seeded_funnel_and_retention_and_downloads_the_csv(
    page: Page, base_url: str, e2e_database: str
) -> None:
    _relayed(e2e_database)  # whatever earlier tests did is in OLAP before the baseline is read
    _admin_login(page)
    page.goto("/admin/dashboard")
    page.get_by_role("navigation", name=KO["admin.nav"]).get_by_role("link", name=KO["admin.nav_analytics"]).click()
    expect(page.get_by_role("heading", name=KO["analytics.title"], level=1)).to_be_visible()
    expect(page.locator("#cc-analytics-updated")).to_be_visible()
    expect(page.locator("#cc-analytics-error")).to_have_count(0)
    today = datetime.now(analytics_seed.KST).date()
    expect(page.locator("#cc-analytics-funnel-window")).to_contain_text(
        f"{(today - timedelta(days=2)).isoformat()} – {today.isoformat()}"
    )

    funnel_table = _open_table(page, "analytics-funnel-chart")
    before = _step_players(funnel_table)
    failed_before = int(page.locator("#cc-analytics-funnel-failed dd").inner_text().replace(",", ""))

    events, seeded = analytics_seed.scenario(today)
    analytics_seed.insert(e2e_database, events)
    _relayed(e2e_database)
    reached = [b + s for b, s in zip(before, seeded.funnel_steps, strict=True)]
    _until_shown(
        page,
        lambda: expect(funnel_table.locator("tr[data-step='buy_success'] td").nth(1)).to_have_text(
            f"{reached[2]:,}", timeout=2_000
        ),
    )

    # Players per ordered step, their conversion (also the bars' labels) and the failed payments.
    for index, step in enumerate(STEPS):
        previous = reached[index - 1] if index else reached[0]
        cells = funnel_table.locator(f"tr[data-step='{step}'] td")
        expect(cells).to_have_text(
            [
                KO[f"analytics.step.{step}"],
                f"{reached[index]:,}",
                _pct(reached[index], reached[0]),
                _pct(reached[index], previous),
            ]
        )
        label = f"{reached[index]:,} · {_pct(reached[index], reached[0])}"
        expect(page.get_by_test_id("analytics-funnel-chart").locator(".recharts-label-list")).to_contain_text(label)
    expect(page.locator("#cc-analytics-funnel-failed dd")).to_have_text(f"{failed_before + seeded.funnel_failed:,}")
    day = seeded.funnel_day.isoformat()
    daily = _open_table(page, "analytics-funnel-daily-chart").locator("tbody tr").filter(has_text=day)
    expect(daily.locator("td")).to_have_text([day, *(f"{n:,}" for n in seeded.funnel_daily)])

    # The cohort table: D1 and D7 counts and rates, D30 not measurable yet; the summary over both cohorts.
    cohorts = page.get_by_test_id("analytics-retention-table")
    for cohort_day, (size, d1, d7) in seeded.cohorts.items():
        iso = cohort_day.isoformat()
        expect(cohorts.locator(f"tr[data-day='{iso}'] td")).to_have_text(
            [iso, str(size), str(d1), _pct(d1, size), str(d7), _pct(d7, size), "—", "—"]
        )
    summary = page.locator("#cc-analytics-retention-summary")
    expect(summary.locator("[data-day='1'] dd").first).to_have_text("66.7%")  # (3 + 1) / (4 + 2)
    expect(summary.locator("[data-day='7'] dd").first).to_have_text("33.3%")  # (1 + 1) / 6
    first_cohort = min(seeded.cohorts).isoformat()
    rates = _open_table(page, "analytics-retention-chart").locator("tbody tr").filter(has_text=first_cohort)
    expect(rates.locator("td")).to_have_text([first_cohort, "50.0%", "50.0%", "—"])

    # The day of the paid order: ₩33,000 from one buyer among six active players.
    spend = _open_table(page, "analytics-spend-chart").locator("tbody tr").filter(has_text=day)
    expect(spend.locator("td")).to_have_text(
        [day, "₩33,000", "1", "0", "1", str(seeded.active_on_funnel_day), "₩5,500", "₩33,000", "16.7%"]
    )

    # Every chart is drawn (recharts' SVG inside each container).
    for testid in (
        "analytics-funnel-chart",
        "analytics-funnel-daily-chart",
        "analytics-retention-chart",
        "analytics-spend-chart",
        "analytics-games-chart",
        "analytics-economy-chart",
    ):
        expect(page.get_by_test_id(testid).locator("svg.recharts-surface").first).to_be_visible()
    expect(page.get_by_test_id("analytics-funnel-chart").locator(".recharts-bar-rectangle")).to_have_count(3)

    with page.expect_download() as download:
        page.locator("#cc-analytics-funnel-csv").click()
    first = (today - timedelta(days=2)).isoformat()
    assert download.value.suggested_filename == f"cc-funnel-{first}_{today.isoformat()}.csv"
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + FUNNEL_HEADER.encode() + b"\r\n")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert f"daily,,,,,{day},{','.join(str(n) for n in seeded.funnel_daily)}" in lines
    assert f"steps,open_shop,{reached[0]},1,1,,,,," in lines

    # The same page in English: headings, the steps on the funnel's axis and the table toggles.
    en = CATALOGS["en"]
    page.locator("#cc-lang-toggle").click()
    expect(page.get_by_role("heading", name=en["analytics.title"], level=1)).to_be_visible()
    expect(page.get_by_test_id("analytics-funnel-chart")).to_contain_text(en["analytics.step.buy_success"])
    expect(page.get_by_text(en["analytics.show_table"], exact=True).first).to_be_visible()
    expect(summary.locator("[data-day='30']")).to_contain_text(en["analytics.summary_none"])
