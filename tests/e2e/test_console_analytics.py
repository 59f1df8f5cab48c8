"""The console's analytics page in the browser, fed through the real pipeline: outbox events with chosen moments
go into the app server's PostgreSQL, its own ``outbox-relay`` job carries them into its own OLAP store, and an
operator sees them on ``/admin/analytics`` — the buy funnel (players per ordered step with conversion labels,
the day's steps), signup cohorts' D1/D7/D30 retention (day n counted once it has ended, D30 measurable in the
default 60 days), the day's revenue and ARPU — in charts that render and in their "show as table" tables, and
downloads the funnel as a CSV that Excel reads (UTF-8 with a BOM).

Other E2E tests of the session act "today" (sign-ups, shop visits, purchases): the seeded story lives on past
days and on players of its own (ids far above any real account's), rows are checked for the seeded days only,
and the totals that take in everyone — the funnel's step totals (which include today) and the retention
summary — are compared with what the page showed before seeding.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from casino_app.i18n import CATALOGS
from tests.e2e.test_console_players import _admin_login
from tests.support import analytics_seed
from tests.support.pace import scaled

KO = CATALOGS["ko"]
STEPS = ("open_shop", "buy_click", "buy_success")
FUNNEL_HEADER = "section,step,players,of_first,of_previous,day,open_shop,buy_click,buy_success,buy_fail"


def _relayed(database_url: str, timeout: float | None = None) -> None:
    """Wait until the server's relay has carried every outbox event into its OLAP store (by default within 20 s
    stretched by this machine's ``SLOWNESS``)."""
    deadline = time.monotonic() + (scaled(20) if timeout is None else timeout)
    while analytics_seed.pending(database_url):
        assert time.monotonic() < deadline, "the app server's outbox-relay did not carry the events"
        time.sleep(0.5)


def _until_shown(page: Page, check: Callable[[], None], timeout: float | None = None) -> None:
    """Refresh the reports until ``check`` passes (or ``timeout`` seconds have gone: by default 20 stretched by
    ``SLOWNESS``)."""
    deadline = time.monotonic() + (scaled(20) if timeout is None else timeout)
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


def _pct(part: int | None, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole and part is not None else "—"


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _summary_counts(summary: Locator, n: int) -> tuple[int, int, int]:
    """(cohorts, players, retained) of the Dn summary card, read from its Korean note (zeros when none)."""
    note = summary.locator(f"[data-day='{n}'] dd").nth(1).inner_text().strip()
    if note == KO["analytics.summary_none"]:
        return 0, 0, 0
    pattern = re.escape(KO["analytics.summary_note"])
    for name in ("cohorts", "players", "retained"):
        pattern = pattern.replace(re.escape(f"{{{name}}}"), f"(?P<{name}>[0-9,]+)")
    found = re.fullmatch(pattern, note)
    assert found, note
    numbers = {name: int(value.replace(",", "")) for name, value in found.groupdict().items()}
    return numbers["cohorts"], numbers["players"], numbers["retained"]


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
    summary = page.locator("#cc-analytics-retention-summary")
    expect(summary.locator("[data-day]")).to_have_count(3)
    summary_before = {n: _summary_counts(summary, n) for n in (1, 7, 30)}

    events, seeded = analytics_seed.scenario(today)
    analytics_seed.insert(e2e_database, events)
    _relayed(e2e_database)
    reached = [b + s for b, s in zip(before, seeded.funnel_steps, strict=True)]
    _until_shown(
        page,
        lambda: expect(funnel_table.locator("tr[data-step='buy_success'] td").nth(1)).to_have_text(
            f"{reached[2]:,}", timeout=scaled(2_000)
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

    # The cohort table, one row per seeded cohort day: counts and rates, "—" where day n has not ended (the
    # cohort of yesterday has no D1 yet; only the cohort of 31 days ago has a D30).
    cohorts = page.get_by_test_id("analytics-retention-table")
    for cohort_day, (size, d1, d7, d30) in seeded.cohorts.items():
        iso = cohort_day.isoformat()
        expect(cohorts.locator(f"tr[data-day='{iso}'] td")).to_have_text(
            [iso, str(size), _count(d1), _pct(d1, size), _count(d7), _pct(d7, size), _count(d30), _pct(d30, size)]
        )
    expect(cohorts.locator(f"tr[data-day='{day}'] td").nth(2)).to_have_text("—")  # yesterday's: day 1 is today
    # The summary over every cohort whose day n has ended: what it held before (other tests' players) plus the
    # seeded cohorts' — on a fresh store D1 5/8 = 62.5 %, D7 3/8 = 37.5 %, D30 1/2 = 50.0 % (60 days by default).
    summary_after: dict[int, tuple[int, int, int]] = {}
    for n, (cohort_count, players, retained) in seeded.summary.items():
        base = summary_before[n]
        summary_after[n] = (base[0] + cohort_count, base[1] + players, base[2] + retained)
        card = summary.locator(f"[data-day='{n}'] dd")
        expect(card.first).to_have_text(_pct(summary_after[n][2], summary_after[n][1]))
        numbers = dict(zip(("cohorts", "players", "retained"), (f"{v:,}" for v in summary_after[n]), strict=True))
        expect(card.nth(1)).to_have_text(KO["analytics.summary_note"].format(**numbers))
    oldest = min(seeded.cohorts)
    size, d1, d7, d30 = seeded.cohorts[oldest]
    rates = _open_table(page, "analytics-retention-chart").locator("tbody tr").filter(has_text=oldest.isoformat())
    expect(rates.locator("td")).to_have_text([oldest.isoformat(), _pct(d1, size), _pct(d7, size), _pct(d30, size)])

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
    numbers = dict(zip(("cohorts", "players", "retained"), (f"{v:,}" for v in summary_after[30]), strict=True))
    expect(summary.locator("[data-day='30'] dd").nth(1)).to_have_text(en["analytics.summary_note"].format(**numbers))
