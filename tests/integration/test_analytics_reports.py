"""The analytics reports over a known world (tests/support/analytics.py): funnel levels in order, signup cohorts
with D1/D7/D30 (measured once day n has ended), spend per KST day and ISO week with a refund, realised vs
declared RTP, gold sources and sinks — every figure worked out by hand below; Seoul midnights decide the day,
not UTC's. Rows stored twice before a merge are counted once (every report reads its tables with FINAL).

Now is Saturday 2026-11-28 10:00 KST. Player ids are plain numbers; "p20" is player 20.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine
from casino_app.services.analytics import economy, funnel, games, retention, spend, window
from casino_app.services.analytics.types import Cohort, EconomyDay, FlowRow, FunnelDay, GameDay, GameRow, SpendRow
from casino_app.services.games import registry
from casino_app.services.olap import client as olap_client
from tests.support import analytics as world
from tests.support import olap

NOW = world.NOW
TODAY = date(2026, 11, 28)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


@pytest.fixture(autouse=True)
def _world() -> Iterator[None]:
    """The world relayed into OLAP while the business clock stands at ``NOW`` (the reports also get it)."""
    with clock.use_clock(clock.FrozenClock(NOW)):
        assert world.build() > 60
        yield


def test_window_is_the_last_days_in_seoul_including_today() -> None:
    assert window.window(3, NOW) == window.Window(d(11, 26), TODAY, 3)
    assert window.window(1, NOW) == window.Window(TODAY, TODAY, 1)
    # 23:30 KST on 11-27 is 14:30 UTC on the 27th; 00:30 KST on the 28th is 15:30 UTC on the 27th: today is the 28th
    assert window.window(2, world.kst(11, 27, 23, 30)).last == d(11, 27)
    assert window.window(2, world.kst(11, 28, 0, 30)).last == TODAY
    assert window.window(7).first == d(11, 22)  # the business clock's now by default


def test_buy_funnel_counts_players_who_took_the_steps_in_order() -> None:
    report = funnel.buy_funnel(3, NOW)  # 11-26 .. 11-28
    # Levels (windowFunnel over the window): p20 open→click→success = 3; p21 open→click(→fail) = 2;
    # p22 click then open = 1 (the click came before the shop); p23 click→success without opening = 0;
    # p24 opened at 23:30 KST on 11-25 (outside), then clicked and bought on 11-26 = 0; p25 open→fail→click→success
    # = 3. Reached ≥1: p20 p21 p22 p25 = 4; ≥2: p20 p21 p25 = 3; ≥3: p20 p25 = 2.
    assert [(s.step, s.players) for s in report.steps] == [("open_shop", 4), ("buy_click", 3), ("buy_success", 2)]
    assert [s.of_first for s in report.steps] == [1.0, 0.75, 0.5]
    assert [s.of_previous for s in report.steps] == pytest.approx([1.0, 0.75, 2 / 3])
    assert report.failed_players == 2  # p21, p25
    assert report.daily == [
        # 11-26: opened p20; clicked and bought p20 and p24 (00:30 KST, still 11-25 in UTC)
        FunnelDay(d(11, 26), open_shop=1, buy_click=2, buy_success=2, buy_fail=0),
        FunnelDay(d(11, 27), open_shop=2, buy_click=2, buy_success=0, buy_fail=1),  # p21, p22; p21 failed
        FunnelDay(d(11, 28), open_shop=1, buy_click=2, buy_success=2, buy_fail=1),  # p25; p23 and p25; p25
    ]


def test_a_wider_funnel_window_takes_in_the_earlier_shop_visit() -> None:
    report = funnel.buy_funnel(4, NOW)  # 11-25 .. 11-28: p24's visit at 23:30 KST on 11-25 now counts → level 3
    assert [s.players for s in report.steps] == [5, 4, 3]
    assert [s.of_previous for s in report.steps] == [1.0, 0.8, 0.75]
    assert report.daily[0] == FunnelDay(d(11, 25), open_shop=1, buy_click=0, buy_success=0, buy_fail=0)
    assert [day.day for day in report.daily] == [d(11, 25), d(11, 26), d(11, 27), TODAY]


def test_an_empty_funnel_has_zero_days_and_no_ratios() -> None:
    report = funnel.buy_funnel(2, NOW + timedelta(days=10))  # 12-07 .. 12-08: nothing happened
    assert [(s.players, s.of_first, s.of_previous) for s in report.steps] == [(0, None, None)] * 3
    assert report.daily == [FunnelDay(d(12, 7), 0, 0, 0, 0), FunnelDay(d(12, 8), 0, 0, 0, 0)]


def test_retention_cohorts_over_forty_days() -> None:
    report = retention.retention(40, NOW)  # cohorts 10-20 .. 11-28
    assert report.window == window.Window(d(10, 20), TODAY, 40)
    assert len(report.cohorts) == 40
    assert [c.day for c in report.cohorts] == [d(10, 20) + timedelta(days=n) for n in range(40)]
    by_day = {c.day: c for c in report.cohorts}
    # Day n of a cohort is measured once it has ended: signup day + n < today (11-28), i.e. on or before 11-27.
    # p11 signed up at 23:30 KST on 10-19: before the window. p12 at 00:30 KST on 10-20 (10-19 in UTC): cohort
    # 10-20 of one, never seen again; its D30 day (11-19) has ended → 0.
    assert by_day[d(10, 20)] == Cohort(d(10, 20), 1, 0, 0, 0, 0.0, 0.0, 0.0)
    # Cohort 10-25: p1 p2 p3. D1 (10-26): p1 signed in (p2 only got gold from staff: not activity) → 1.
    # D7 (11-01): p1 played a round → 1. D30 (11-24, ended): p1 came back on its open session, p2 opened the
    # shop → 2.
    assert by_day[d(10, 25)] == Cohort(d(10, 25), 3, 1, 1, 2, 1 / 3, 1 / 3, 2 / 3)
    # Cohort 11-01: p4 p5 p6 and p7 (23:30 KST). D1 (11-02): p4 signed in, p5 played, p7 signed in at 00:30 KST
    # (still 11-01 in UTC) → 3; p6 came back on day 2 only. D7 (11-08): p5 → 1. D30 would be 12-01: not yet.
    assert by_day[d(11, 1)] == Cohort(d(11, 1), 4, 3, 1, None, 0.75, 0.25, None)
    # Cohort 11-27: p8 p9. Its day 1 is today, which has not ended: p8 signed in this morning, yet D1 is not
    # measured (None, not 1 of 2). Cohort 11-28 (today): p10, nothing measurable.
    assert by_day[d(11, 27)] == Cohort(d(11, 27), 2, None, None, None, None, None, None)
    assert by_day[d(11, 27)].d1 is None
    assert by_day[TODAY] == Cohort(TODAY, 1, None, None, None, None, None, None)
    # A day nobody signed up: size 0; D1 (11-11) and D7 (11-17) have ended → 0 with no rate; D30 (12-10) not yet.
    assert by_day[d(11, 10)] == Cohort(d(11, 10), 0, 0, 0, None, None, None, None)
    # The last day whose D7 has ended is 11-20 (D7 = 11-27); 11-21's D7 is today.
    assert (by_day[d(11, 20)].d7, by_day[d(11, 21)].d7) == (0, None)
    assert sum(c.size for c in report.cohorts) == 11
    # The summary takes the non-empty cohorts whose day n has ended:
    # D1 (signup ≤ 11-26): 10-20 (0 of 1), 10-25 (1 of 3), 11-01 (3 of 4) → 4 of 8 = 0.5 (11-27 and 11-28 left out).
    # D7 (signup ≤ 11-20): the same three → 0 + 1 + 1 = 2 of 8 = 0.25.
    # D30 (signup ≤ 10-28): 10-20 (0 of 1), 10-25 (2 of 3) → 2 of 4 = 0.5.
    assert [(s.day, s.cohorts, s.players, s.retained, s.rate) for s in report.summary] == [
        (1, 3, 8, 4, 0.5),
        (7, 3, 8, 2, 0.25),
        (30, 2, 4, 2, 0.5),
    ]


def test_a_thirty_day_retention_leaves_out_days_not_ended_and_has_no_d30() -> None:
    report = retention.retention(30, NOW)  # cohorts 10-30 .. 11-28: 11-01 (4), 11-27 (2), 11-28 (1)
    assert [(c.day, c.size) for c in report.cohorts if c.size] == [(d(11, 1), 4), (d(11, 27), 2), (TODAY, 1)]
    # D1: 11-01 (3 of 4) only: 11-27's day 1 is today (not ended) → 1 cohort, 3 of 4.
    # D7: 11-01 (D7 = 11-08) → 1 of 4. D30: the oldest cohort (11-01) reaches day 30 on 12-01 → no cohort, None.
    assert [(s.day, s.cohorts, s.players, s.retained) for s in report.summary] == [
        (1, 1, 4, 3),
        (7, 1, 4, 1),
        (30, 0, 0, 0),
    ]
    assert [s.rate for s in report.summary] == [0.75, 0.25, None]


def test_the_default_sixty_day_retention_measures_d30_of_cohorts_31_days_old() -> None:
    report = retention.retention(now=NOW)  # 60 days unless asked: cohorts 09-30 .. 11-28
    assert report.window == window.Window(d(9, 30), TODAY, 60)
    assert [(c.day, c.size) for c in report.cohorts if c.size] == [
        (d(10, 19), 1),  # p11 at 23:30 KST: inside this window
        (d(10, 20), 1),
        (d(10, 25), 3),
        (d(11, 1), 4),
        (d(11, 27), 2),
        (TODAY, 1),
    ]
    # p11 (cohort 10-19) never came back: D1, D7 and D30 (11-18) all ended → 0 each.
    assert report.cohorts[19] == Cohort(d(10, 19), 1, 0, 0, 0, 0.0, 0.0, 0.0)
    # D1 and D7: 10-19 (0 of 1), 10-20 (0 of 1), 10-25 (1 of 3), 11-01 (D1 3, D7 1 of 4) → D1 4 of 9, D7 2 of 9.
    # D30: the cohorts 31 or more days old (signup ≤ 10-28): 10-19 (0 of 1), 10-20 (0 of 1), 10-25 (2 of 3)
    # → 2 of 5 = 0.4: measurable by default.
    assert [(s.day, s.cohorts, s.players, s.retained) for s in report.summary] == [
        (1, 4, 9, 4),
        (7, 4, 9, 2),
        (30, 3, 5, 2),
    ]
    assert [s.rate for s in report.summary] == pytest.approx([4 / 9, 2 / 9, 0.4])


def _spend_row(period: date, revenue: int, paid: int, refunded: int, buyers: int, active: int) -> SpendRow:
    """The expected row: ARPU, ARPPU and paying share computed from the counts (None for a 0 divisor)."""
    return SpendRow(
        period,
        revenue,
        paid,
        refunded,
        buyers,
        active,
        revenue / active if active else None,
        revenue / buyers if buyers else None,
        buyers / active if active else None,
    )


def test_spend_per_day_week_and_window_with_a_refund() -> None:
    report = spend.spend(10, NOW)  # 11-19 .. 11-28
    # Active players per day (sign-in, signup, round, shop step or paid order; ledger transfers and refunds are
    # not the player's activity): 11-19 p31 · 11-20 p30 · 11-21 p20 · 11-22 p22 (a round at 00:30 KST) ·
    # 11-23 nobody · 11-24 p1 p2 (p30's refund that day is not p30's doing) ·
    # 11-25 p24 (a visit at 23:30 KST) · 11-26 p20 p24 · 11-27 p21 p22 p8 p9 · 11-28 p23 p25 p8 p10 p21
    # (p50 only got gold from staff). Orders: p31's ₩7,000 at 23:30 KST on 11-18 is outside; its ₩2,000 at 00:30
    # on 11-19 (11-18 in UTC) is inside; p30's ₩20,000 of 11-20 is refunded on 11-24 (−₩20,000 that day).
    assert report.daily == [
        _spend_row(d(11, 19), 2_000, 1, 0, 1, 1),
        _spend_row(d(11, 20), 20_000, 1, 0, 1, 1),
        _spend_row(d(11, 21), 5_000, 1, 0, 1, 1),
        _spend_row(d(11, 22), 0, 0, 0, 0, 1),
        _spend_row(d(11, 23), 0, 0, 0, 0, 0),
        _spend_row(d(11, 24), -20_000, 0, 1, 0, 2),
        _spend_row(d(11, 25), 0, 0, 0, 0, 1),
        _spend_row(d(11, 26), 8_000, 2, 0, 2, 2),  # p20 ₩5,000 + p24 ₩3,000
        _spend_row(d(11, 27), 0, 0, 0, 0, 4),
        _spend_row(d(11, 28), 11_000, 2, 0, 2, 5),  # p23 ₩10,000 + p25 ₩1,000
    ]
    today = report.daily[-1]
    assert (today.arpu_krw, today.arppu_krw, today.paying_share) == (2_200.0, 5_500.0, 0.4)
    refund_day = report.daily[5]
    assert (refund_day.arppu_krw, refund_day.paying_share) == (None, 0.0)
    assert refund_day.arpu_krw == -10_000  # −₩20,000 over p1 p2
    assert report.daily[4].arpu_krw is None  # nobody active on 11-23
    # ISO weeks: Monday 11-16 (its days 11-19 .. 11-22 only) and Monday 11-23 (11-23 .. 11-28).
    # Week of 11-16: ₩27,000 from 3 orders of p31 p30 p20; active p31 p30 p20 p22 → ARPU 6,750, ARPPU 9,000, 0.75.
    # Week of 11-23: −20,000 + 8,000 + 11,000 = −₩1,000; 4 paid, 1 refunded; buyers p20 p24 p23 p25; active
    # p1 p2 p24 p20 p21 p22 p8 p9 p23 p25 p10 = 11 → ARPU −90.91, ARPPU −250, share 4/11.
    assert report.weekly == [
        _spend_row(d(11, 16), 27_000, 3, 0, 3, 4),
        _spend_row(d(11, 23), -1_000, 4, 1, 4, 11),
    ]
    assert (report.weekly[0].arpu_krw, report.weekly[0].arppu_krw, report.weekly[0].paying_share) == (6750, 9000, 0.75)
    assert report.weekly[1].arppu_krw == -250
    # The window: ₩26,000; buyers are distinct over it (p20 bought in both weeks): p31 p30 p20 p24 p23 p25 = 6,
    # not the 7 of the daily rows; active: the 11 of the second week plus p31 and p30 (11-20) = 13 → ARPU 2,000.
    assert report.total == _spend_row(d(11, 19), 26_000, 7, 1, 6, 13)
    assert report.total.arpu_krw == 2_000
    assert sum(r.buyers for r in report.daily) == 7


def test_daily_revenue_agrees_with_the_purchases_table_and_the_materialized_view() -> None:
    """Spend sums ``purchases`` (FINAL) by Seoul day; the dashboards' ``purchases_daily_agg`` (filled by the
    materialized view) holds the same daily figures."""
    report = spend.spend(30, NOW)
    by_day = {
        day: (int(revenue), int(paid), int(refunded), int(buyers))
        for day, revenue, paid, refunded, buyers in olap.rows(
            "SELECT toDate(occurred_at, 'Asia/Seoul') AS day, sum(revenue_krw), countIf(status = 'paid'),"
            " countIf(status = 'refunded'), uniqExactIf(user_id, status = 'paid') FROM purchases FINAL GROUP BY day"
        )
    }
    view = {
        day: (int(revenue), int(paid), int(refunded), int(buyers))
        for day, revenue, paid, refunded, buyers in olap.rows(
            "SELECT day, sum(revenue_krw), sum(paid_orders), sum(refunded_orders), uniqExactMerge(buyers)"
            " FROM purchases_daily_agg GROUP BY day"
        )
    }
    assert view == by_day
    assert by_day[d(11, 18)] == (7_000, 1, 0, 1)  # p31 at 23:30 KST: the 18th in Seoul
    assert by_day[d(11, 24)] == (-20_000, 0, 1, 0)  # p30's refund
    for row in report.daily:
        assert (row.revenue_krw, row.paid_orders, row.refunded_orders, row.buyers) == by_day.get(
            row.period, (0, 0, 0, 0)
        )
    assert report.total.revenue_krw == 33_000 == sum(v[0] for v in by_day.values())  # 26,000 + p31's ₩7,000


def test_games_realised_against_stake_weighted_declared_rtp() -> None:
    report = games.games(7, NOW)  # 11-22 .. 11-28
    assert [g.game for g in report.games] == list(registry.keys())
    rows = {g.game: g for g in report.games}
    # Slot: p22 at 00:30 KST on 11-22 (100 → 100) is inside, p20 at 23:30 KST on 11-21 is not; then p20 100 → 0 and
    # 100 → 250 (11-26), p21 100 → 50 (11-27) on table 1 and 100 → 0 (11-28) on table 2: 5 rounds, 3 players,
    # 500 wagered, 400 paid → realised 0.8. Declared: 400 staked on table 1 (0.96) and 100 on table 2 (0.90)
    # → (400 × 0.96 + 100 × 0.90) / 500 = 474 / 500 = 0.948 (the active table alone would say 0.90).
    assert rows["slot"] == GameRow("slot", 5, 3, 500, 400, pytest.approx(0.8), pytest.approx(0.948))
    # Roulette: one spin without stake paying 500: no realised RTP; declared is the active table's.
    assert rows["roulette"] == GameRow("roulette", 1, 1, 0, 500, None, pytest.approx(0.5))
    # No rounds in the window (rps was played on 11-01 and 11-02 only): zeros and the active table's RTP.
    assert rows["rps"] == GameRow("rps", 0, 0, 0, 0, None, pytest.approx(0.97))
    assert rows["gacha"] == GameRow("gacha", 0, 0, 0, 0, None, pytest.approx(0.95))
    assert rows["crash"] == GameRow("crash", 0, 0, 0, 0, None, pytest.approx(0.99))
    assert len(report.daily) == 7 * len(rows)
    played = {(g.day, g.game): g for g in report.daily if g.rounds}
    assert played == {
        (d(11, 22), "slot"): GameDay(d(11, 22), "slot", 1, 100, 100),
        (d(11, 26), "slot"): GameDay(d(11, 26), "slot", 2, 200, 250),
        (d(11, 27), "slot"): GameDay(d(11, 27), "slot", 1, 100, 50),
        (d(11, 27), "roulette"): GameDay(d(11, 27), "roulette", 1, 0, 500),
        (TODAY, "slot"): GameDay(TODAY, "slot", 1, 100, 0),
    }
    assert all((g.wagered, g.paid) == (0, 0) for g in report.daily if not g.rounds)
    assert [g.day for g in report.daily[:: len(rows)]] == [d(11, 22) + timedelta(days=n) for n in range(7)]


def test_a_retired_game_keeps_its_row_and_an_unknown_one_is_left_out() -> None:
    """A game the registry no longer knows still shows with its stored odds table; one with no table at all
    (no declared RTP to compare with) is left out."""
    with get_engine().begin() as conn:
        conn.execute(sa.text("INSERT INTO games (key, created_at) VALUES ('dice', now())"))
        conn.execute(
            sa.text(
                "INSERT INTO game_configs (game, version, config, declared_rtp, is_active, created_at)"
                " VALUES ('dice', 1, '{}'::jsonb, 0.98, false, now()), ('dice', 2, '{}'::jsonb, 0.92, false, now())"
            )
        )
    e = world.Events()
    e.round(60, "dice", 1, 200, 100, world.kst(11, 27, 9))  # on table 1 (0.98)
    e.round(60, "ghost", 1, 100, 100, world.kst(11, 27, 9))  # no table anywhere
    e.round(61, "dice", 7, 0, 0, world.kst(11, 27, 9))  # a version never stored, no stake
    assert e.relay() == 3
    report = games.games(7, NOW)
    assert [g.game for g in report.games] == [*registry.keys(), "dice"]
    # 2 rounds, 2 players, 200 wagered (all on table 1) and 100 paid: realised 0.5, declared 0.98.
    assert report.games[-1] == GameRow("dice", 2, 2, 200, 100, 0.5, pytest.approx(0.98))
    assert {g.game for g in report.daily} == {*registry.keys(), "dice"}


def test_economy_sources_and_sinks_by_kind() -> None:
    report = economy.economy(7, NOW)  # 11-22 .. 11-28
    # Sources: PURCHASE 5,500 (11-27); ADMIN_ADJUST 1,000 (11-28); DAILY_REWARD 300 at 23:30 KST on 11-27 and
    # 300 at 00:30 KST on 11-28 (11-27 in UTC) = 600 in 2 transfers; WIN 250 (a leg of a BET transfer, 11-26).
    # Sinks: BET 100 + 100 (two transfers, 11-26); GACHA_PULL 200 (11-28). Left out: the WIN of 11-21 (before the
    # window) and house:slot → promo (internal).
    assert report.flows == [
        FlowRow("source", "PURCHASE", 5_500, 1),
        FlowRow("source", "ADMIN_ADJUST", 1_000, 1),
        FlowRow("source", "DAILY_REWARD", 600, 2),
        FlowRow("source", "WIN", 250, 1),
        FlowRow("sink", "BET", 200, 2),
        FlowRow("sink", "GACHA_PULL", 200, 1),
    ]
    assert (report.sources, report.sinks, report.net) == (7_350, 400, 6_950)
    quiet = [EconomyDay(d(11, day), 0, 0, 0) for day in (22, 23, 24, 25)]
    assert report.daily == [
        *quiet,
        EconomyDay(d(11, 26), 250, 200, 50),
        EconomyDay(d(11, 27), 5_800, 0, 5_800),  # 5,500 + 300 (23:30 KST)
        EconomyDay(TODAY, 1_300, 200, 1_100),  # 300 (00:30 KST) + 1,000
    ]


def test_a_one_day_window_is_today_in_seoul() -> None:
    # Today (11-28) only: p24's and p20's funnel is gone; the economy keeps 00:30 KST's reward, not 23:30's.
    assert [s.players for s in funnel.buy_funnel(1, NOW).steps] == [1, 1, 1]  # p25 (p23 never opened the shop)
    assert economy.economy(1, NOW).daily == [EconomyDay(TODAY, 1_300, 200, 1_100)]
    assert spend.spend(1, NOW).weekly == [_spend_row(d(11, 23), 11_000, 2, 0, 2, 5)]


def test_rows_stored_twice_before_a_merge_are_counted_once() -> None:
    """A sink that stopped between its OLAP insert and its commit stores those events again; until the
    ReplacingMergeTree merges, both copies are there, and the reports read every table with FINAL."""
    before = [report(40, NOW) for report in (funnel.buy_funnel, retention.retention, spend.spend, games.games)]
    before.append(economy.economy(40, NOW))
    tables = ("events", "purchases", "rounds", "funnel", "gold_flows")
    counts = {table: olap.count(table) for table in tables}
    try:
        for table in tables:
            olap_client.command(f"SYSTEM STOP MERGES {table}")
            olap_client.command(f"INSERT INTO {table} SELECT * FROM {table}")
        assert {table: olap.count(table) for table in tables} == {t: 2 * n for t, n in counts.items()}
        after = [report(40, NOW) for report in (funnel.buy_funnel, retention.retention, spend.spend, games.games)]
        after.append(economy.economy(40, NOW))
    finally:
        for table in tables:
            olap_client.command(f"SYSTEM START MERGES {table}")
    assert after == before
    assert before[2].total.revenue_krw == 33_000  # spend over 10-20 .. 11-28: every order (the view would double it)
