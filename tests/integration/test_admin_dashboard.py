"""The console dashboard: per-KST-day players, signups, revenue (refunds subtracted on their own day) and rounds,
realised vs declared RTP with its statistical band, the pending alerts, and ``GET /api/admin/dashboard`` for
support and up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine
from casino_app.core.errors import ValidationFailed
from casino_app.services.console import dashboard, dashboard_alerts
from casino_app.services.games import configs
from casino_app.services.shop import orders, refunds
from tests.support import shop as s
from tests.support.accounts import bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.crash_play import staff_token
from tests.support.env import environment

pytestmark = pytest.mark.anyio
ROUTE = "/api/admin/dashboard"
# 10:00 KST on 2026-11-28 (01:00 UTC): "today" is the 28th in Seoul.
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
TODAY = date(2026, 11, 28)
BEFORE_MIDNIGHT = datetime(2026, 11, 27, 14, 59, tzinfo=UTC)  # 23:59 KST on the 27th
AFTER_MIDNIGHT = datetime(2026, 11, 27, 15, 1, tzinfo=UTC)  # 00:01 KST on the 28th (still the 27th in UTC)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    dashboard_alerts.forget_reconciliation()
    with clock.use_clock(clock.FrozenClock(NOW)):
        yield
    dashboard_alerts.forget_reconciliation()


def _exec(sql: str, **params: object) -> None:
    with get_engine().begin() as conn:
        conn.execute(sa.text(sql), params)


def _player_at(at: datetime) -> int:
    """A player who signed up and signed in at ``at``."""
    user_id = new_player().user.id
    _exec("UPDATE users SET created_at = :at WHERE id = :u", at=at, u=user_id)
    _exec("UPDATE auth_sessions SET created_at = :at WHERE user_id = :u", at=at, u=user_id)
    return user_id


def _rounds(user_id: int, game: str, count: int, *, bet: int, payout: int, at: datetime, tag: str = "") -> None:
    """``count`` settled rounds of ``game`` on its active table (inserted as rows: only the sums matter here)."""
    version = configs.active(game).version
    _exec(
        "INSERT INTO game_rounds (user_id, game, config_version, server_seed_hash, client_seed, nonce, bet, payout,"
        " outcome, request_key, request, created_at)"
        " SELECT :u, :g, :v, repeat('0', 64), 'seed', n, :bet, :payout, '{}'::jsonb,"
        " CAST(:key AS text) || n, '{}'::jsonb, :at FROM generate_series(1, :count) AS n",
        u=user_id,
        g=game,
        v=version,
        bet=bet,
        payout=payout,
        at=at,
        key=f"{game}:{user_id}:{tag}:",
        count=count,
    )


def _leader_alive(paused: bool = False) -> None:
    _exec(
        "INSERT INTO crash_loop (id, epoch, leader, heartbeat_at, paused) VALUES (1, 1, 'test', now(), :p)"
        " ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), paused = :p, leader = 'test'",
        p=paused,
    )


def _day(board: dashboard.Dashboard, day: date) -> dashboard.DayStats:
    return next(d for d in board.daily if d.day == day)


def test_players_signups_and_rounds_fall_on_their_kst_day() -> None:
    _leader_alive()
    late = _player_at(BEFORE_MIDNIGHT)
    early = _player_at(AFTER_MIDNIGHT)
    _player_at(NOW - timedelta(days=9))  # outside a 7-day window, inside a 30-day one
    staff = new_staff("operator")
    _exec("UPDATE users SET created_at = :at WHERE id = :u", at=AFTER_MIDNIGHT, u=staff)
    _rounds(late, "slot", 3, bet=100, payout=0, at=BEFORE_MIDNIGHT)
    _rounds(late, "rps", 2, bet=100, payout=200, at=AFTER_MIDNIGHT, tag="b")
    _rounds(early, "slot", 1, bet=100, payout=50, at=AFTER_MIDNIGHT, tag="c")

    board = dashboard.dashboard(7)
    assert board.today == TODAY
    assert board.first_day == TODAY - timedelta(days=6)
    assert [d.day for d in board.daily] == [TODAY - timedelta(days=6 - i) for i in range(7)]
    yesterday, today = _day(board, TODAY - timedelta(days=1)), _day(board, TODAY)
    assert (yesterday.signups, today.signups) == (1, 1)  # staff never count
    assert (yesterday.dau, today.dau) == (1, 2)  # "late" played on both days; sign-ins count too
    assert board.today_stats is board.daily[-1]
    assert board.rounds_today == 3
    slot_today = next(g for g in board.rounds if g.day == TODAY and g.game == "slot")
    assert (slot_today.rounds, slot_today.bet, slot_today.payout) == (1, 100, 50)
    assert next(g for g in board.rounds if g.day == TODAY - timedelta(days=1) and g.game == "slot").rounds == 3
    assert {g.game for g in board.rounds} >= {"slot", "rps", "gacha", "roulette", "crash"}  # zero rows too
    assert len(board.rounds) == 7 * len({g.game for g in board.rounds})

    month = dashboard.dashboard(30)
    assert len(month.daily) == 30
    assert sum(d.signups for d in month.daily) == 3
    with pytest.raises(ValidationFailed) as refused:
        dashboard.dashboard(14)
    assert refused.value.error_code == "DASHBOARD_DAYS_INVALID"


def test_revenue_counts_paid_orders_on_their_day_and_refunds_on_theirs() -> None:
    _leader_alive()
    product = s.product(price_krw=4_900)
    buyer = s.adult()
    codes = []
    for _ in range(3):
        order = orders.purchase(buyer, product.id, s.key())
        s.pay(order.code)
        codes.append(order.code)
    open_order = orders.purchase(buyer, product.id, s.key())  # never paid: no revenue
    _exec("UPDATE shop_orders SET paid_at = :at WHERE code = :c", at=BEFORE_MIDNIGHT, c=codes[0])
    _exec("UPDATE shop_orders SET paid_at = :at WHERE code = :c", at=AFTER_MIDNIGHT, c=codes[1])
    _exec("UPDATE shop_orders SET paid_at = :at WHERE code = :c", at=NOW - timedelta(days=20), c=codes[2])
    refunds.staff_refund(codes[2], "test", actor_id=s.staff())  # an old order refunded today

    board = dashboard.dashboard(7)
    yesterday, today = _day(board, TODAY - timedelta(days=1)), _day(board, TODAY)
    assert (yesterday.revenue_krw, yesterday.paid_orders, yesterday.refunds_krw) == (4_900, 1, 0)
    assert (today.revenue_krw, today.paid_orders, today.refunds_krw) == (4_900, 1, 4_900)
    assert today.net_revenue_krw == 0
    assert sum(d.revenue_krw for d in board.daily) == 9_800  # the 20-day-old sale is outside the window
    assert sum(d.revenue_krw for d in dashboard.dashboard(30).daily) == 14_700
    # The open order is 1 hour old by the frozen clock only if created then: make it stuck.
    _exec("UPDATE shop_orders SET created_at = :at WHERE code = :c", at=NOW - timedelta(minutes=16), c=open_order.code)
    stuck = [a for a in dashboard.dashboard(7).alerts if a.code == "orders_stuck"]
    assert stuck
    assert stuck[0].params["count"] == 1
    assert stuck[0].href == "/admin/shop/orders"


def test_rtp_alert_needs_enough_rounds_and_a_result_outside_the_band() -> None:
    _leader_alive()
    player = _player_at(NOW)
    declared = float(configs.active("rps").declared_rtp)
    # 999 losing rounds: far off, but too few to judge.
    _rounds(player, "rps", dashboard_alerts.MIN_ROUNDS - 1, bet=100, payout=0, at=NOW, tag="lose")
    rps = next(g for g in dashboard.dashboard(7).rtp if g.game == "rps")
    assert rps.realised == 0
    assert not rps.enough_rounds
    assert not rps.out_of_band
    assert abs(rps.declared - declared) < 1e-9
    assert not [a for a in dashboard.dashboard(7).alerts if a.code == "rtp"]
    # One more makes 1,000: now it is judged, and a game that never pays is far outside its band.
    _rounds(player, "rps", 1, bet=100, payout=0, at=NOW, tag="one")
    board = dashboard.dashboard(7)
    rps = next(g for g in board.rtp if g.game == "rps")
    assert rps.enough_rounds
    assert rps.out_of_band
    assert rps.band_low is not None
    assert rps.band_high is not None
    assert rps.band_low <= declared <= rps.band_high
    alert = next(a for a in board.alerts if a.code == "rtp")
    assert alert.params["game"] == "rps"
    assert alert.params["rounds"] == 1_000
    assert alert.href == "/admin/odds"
    assert not any(g.out_of_band for g in board.rtp if g.game != "rps")


def test_rtp_within_the_band_raises_nothing() -> None:
    _leader_alive()
    player = _player_at(NOW)
    # rps pays 2× on a win (declared (2+1)/3 … whatever the table says): mix wins and losses near the declared RTP.
    declared = float(configs.active("rps").declared_rtp)
    wins = round(declared * 2_000 / 2)  # payout 200 per win, 2,000 rounds of 100
    _rounds(player, "rps", wins, bet=100, payout=200, at=NOW, tag="w")
    _rounds(player, "rps", 2_000 - wins, bet=100, payout=0, at=NOW, tag="l")
    rps = next(g for g in dashboard.dashboard(7).rtp if g.game == "rps")
    assert rps.enough_rounds
    assert not rps.out_of_band
    assert rps.realised is not None
    assert abs(rps.realised - declared) < 0.01
    assert rps.band_low is not None
    assert rps.band_low < rps.realised < (rps.band_high or 0)
    unplayed = next(g for g in dashboard.dashboard(7).rtp if g.game == "slot")
    assert unplayed.realised is None
    assert unplayed.declared == float(configs.active("slot").declared_rtp)
    assert all(g.game != "roulette" for g in dashboard.dashboard(7).rtp)  # no stake, no RTP


def test_alerts_for_the_crash_loop_the_ledger_and_self_exclusions() -> None:
    codes = {a.code for a in dashboard.dashboard(7).alerts}
    assert "crash_down" in codes  # nobody ever led the loop
    _leader_alive(paused=True)
    board = dashboard.dashboard(7)
    codes = [a.code for a in board.alerts]
    assert "crash_down" not in codes
    assert "crash_paused" in codes
    _exec("UPDATE crash_loop SET heartbeat_at = now() - interval '1 minute', paused = false")
    assert [a.code for a in dashboard.dashboard(7).alerts].count("crash_down") == 1
    _leader_alive()
    assert "ledger" not in {a.code for a in dashboard.dashboard(7).alerts}

    player = _player_at(NOW)
    _exec(
        "INSERT INTO care_exclusions (user_id, kind, period, starts_at, ends_at, created_by)"
        " VALUES (:u, 'self_exclusion', '6m', :a, :b, 'player'), (:u, 'cool_off', '24h', :a, :b, 'player')",
        u=player,
        a=NOW - timedelta(hours=1),
        b=NOW + timedelta(days=180),
    )
    # A broken cached balance: the (cached) reconciliation still says ok until it is checked again.
    _exec("UPDATE ledger_accounts SET balance = balance + 1 WHERE user_id = :u", u=player)
    assert "ledger" not in {a.code for a in dashboard.dashboard(7).alerts}
    dashboard_alerts.forget_reconciliation()
    board = dashboard.dashboard(7)
    ledger_alert = next(a for a in board.alerts if a.code == "ledger")
    assert ledger_alert.severity == "danger"
    assert ledger_alert.params["mismatched"] == 1
    info = next(a for a in board.alerts if a.code == "self_exclusion")
    assert info.params["count"] == 1
    assert info.href == "/admin/care"
    assert [a.severity for a in board.alerts] == sorted(
        (a.severity for a in board.alerts), key=dashboard_alerts.SEVERITIES.index
    )
    _exec("UPDATE ledger_accounts SET balance = balance - 1 WHERE user_id = :u", u=player)


def test_band_statistic_on_its_own() -> None:
    sums = dashboard_alerts.RtpSums().add(
        1_000, 100_000, 96_000, dashboard_alerts.Decimal(96_000), dashboard_alerts.Decimal(0)
    )
    fair = dashboard_alerts.game_rtp("x", sums, 0.5)
    assert fair.realised == fair.declared == 0.96
    assert not fair.out_of_band
    off = dashboard_alerts.game_rtp(
        "x",
        dashboard_alerts.RtpSums().add(
            1_000, 100_000, 90_000, dashboard_alerts.Decimal(96_000), dashboard_alerts.Decimal(4_000_000)
        ),
        0.5,
    )
    # |P − E| = 6,000 against Z × √Σd² = 4 × 2,000 = 8,000: inside; a smaller spread puts it outside.
    assert not off.out_of_band
    assert off.band_low == pytest.approx(0.88)
    assert off.band_high == pytest.approx(1.04)
    tight = dashboard_alerts.game_rtp(
        "x",
        dashboard_alerts.RtpSums().add(
            1_000, 100_000, 90_000, dashboard_alerts.Decimal(96_000), dashboard_alerts.Decimal(1_000_000)
        ),
        0.5,
    )
    assert tight.out_of_band
    unplayed = dashboard_alerts.game_rtp("x", dashboard_alerts.RtpSums(), 0.95)
    assert unplayed.realised is None
    assert unplayed.declared == 0.95
    assert not unplayed.out_of_band


async def test_route_is_for_support_and_up() -> None:
    _leader_alive()
    _player_at(NOW)
    player = new_player()
    _, support = staff_token("support")
    _, operator = staff_token("operator")
    async with api_client() as client:
        as_support = await client.get(ROUTE, headers=bearer(support))
        as_operator = await client.get(ROUTE, params={"days": 30}, headers=bearer(operator))
        as_player = await client.get(ROUTE, headers=bearer(player.access_token))
        anonymous = await client.get(ROUTE)
        bad_days = await client.get(ROUTE, params={"days": 14}, headers=bearer(support))
        not_a_number = await client.get(ROUTE, params={"days": "abc"}, headers=bearer(support))
    assert_envelope(as_player, 403, "STAFF_REQUIRED")
    assert_envelope(anonymous, 401)
    assert_envelope(bad_days, 422, "DASHBOARD_DAYS_INVALID")
    assert not_a_number.status_code == 422
    assert as_support.status_code == 200, as_support.text
    body = as_support.json()
    assert body["days"] == 7
    assert len(body["daily"]) == 7
    assert body["today"] == TODAY.isoformat()
    assert body["daily"][-1]["signups"] == 2
    assert body["daily"][-1]["dau"] == 2
    assert {"circulation", "net_injection_pct", "inflation_alert", "daily"} <= set(body["economy"])
    assert {r["game"] for r in body["rtp"]} == {"slot", "gacha", "rps", "crash"}
    assert as_operator.status_code == 200
    assert len(as_operator.json()["daily"]) == 30


def test_reconciliation_is_shared_through_redis_for_its_period(redis_url: str) -> None:
    player = _player_at(NOW)
    with environment(REDIS_URL=redis_url):
        dashboard_alerts.forget_reconciliation()
        first = dashboard_alerts.reconciliation()
        assert first.ok
        _exec("UPDATE ledger_accounts SET balance = balance + 1 WHERE user_id = :u", u=player)
        dashboard_alerts._local = None  # another process: only Redis remembers the last check
        assert dashboard_alerts.reconciliation() == first
        dashboard_alerts.forget_reconciliation()
        broken = dashboard_alerts.reconciliation()
        assert not broken.ok
        assert broken.mismatched_accounts == 1
        _exec("UPDATE ledger_accounts SET balance = balance - 1 WHERE user_id = :u", u=player)
        dashboard_alerts.forget_reconciliation()
