"""Business metrics move where the event happens, and the ``ops-metrics`` snapshot reaches ``/metrics``."""

from __future__ import annotations

import time

import pytest
from prometheus_client import REGISTRY

from casino_app.core.errors import RateLimited, ValidationFailed
from casino_app.services import ops_metrics, rate_limit, realtime
from casino_app.services.accounts import invites, sessions, users
from casino_app.services.crash import bets
from casino_app.services.crash.game import CrashBetRequest
from casino_app.services.games import gacha, rounds, slot
from casino_app.services.shop import orders
from casino_app.workers.schedule import periodic_jobs
from tests.support import shop as s
from tests.support.accounts import INVITE, new_player
from tests.support.api import api_client
from tests.support.crash import Driver, fast_table
from tests.support.env import environment
from tests.support.wallets import fund, player_with_gold

pytestmark = pytest.mark.anyio


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_rate_limit_decisions_are_counted_by_endpoint_rank_and_outcome() -> None:
    allowed = _value("cc_rate_limit_hits_total", endpoint="metrics-test", rank="VIP", outcome="allowed")
    blocked = _value("cc_rate_limit_hits_total", endpoint="metrics-test", rank="VIP", outcome="blocked")
    anonymous = _value("cc_rate_limit_hits_total", endpoint="metrics-test", rank="none", outcome="blocked")
    assert [rate_limit.hit("metrics-test:10.0.0.9", 1, 60, rank="VIP").allowed for _ in range(3)] == [
        True,
        False,
        False,
    ]
    assert not rate_limit.hit("metrics-test:10.0.0.9", 1, 60).allowed
    assert _value("cc_rate_limit_hits_total", endpoint="metrics-test", rank="VIP", outcome="allowed") == allowed + 1
    assert _value("cc_rate_limit_hits_total", endpoint="metrics-test", rank="VIP", outcome="blocked") == blocked + 2
    assert _value("cc_rate_limit_hits_total", endpoint="metrics-test", rank="none", outcome="blocked") == anonymous + 1


def test_a_round_too_fast_is_counted_with_the_players_rank() -> None:
    user = player_with_gold(10_000)
    before = _value("cc_rate_limit_hits_total", endpoint="round", rank="STANDARD", outcome="blocked")
    with environment(ROUND_MIN_INTERVAL_MS="60000"):
        slot.spin(user, 100, "metrics-1")
        with pytest.raises(RateLimited):
            slot.spin(user, 100, "metrics-2")
        assert _value("cc_rate_limit_hits_total", endpoint="round", rank="STANDARD", outcome="blocked") == before + 1
        vip = _value("cc_rate_limit_hits_total", endpoint="round", rank="VIP", outcome="blocked")
        with pytest.raises(RateLimited):
            rounds.pace(user, "VIP")
        assert _value("cc_rate_limit_hits_total", endpoint="round", rank="VIP", outcome="blocked") == vip + 1


def test_invite_redemptions_count_committed_signups_and_refusals_by_stage_and_reason() -> None:
    redeemed = _value("cc_invite_redemptions_total", kind="staff")
    new_player()
    assert _value("cc_invite_redemptions_total", kind="staff") == redeemed + 1
    checked = _value("cc_invite_rejections_total", stage="check", reason="unknown")
    assert not invites.check("NOPE-0000").is_valid
    assert invites.check(INVITE).is_valid  # a valid code is not a rejection
    assert _value("cc_invite_rejections_total", stage="check", reason="unknown") == checked + 1
    refused = _value("cc_invite_rejections_total", stage="signup", reason="unknown")
    data = users.SignupInput("metricsbad01", "지표실패01", "correct-horse-9", "NOPE0000")
    with pytest.raises(ValidationFailed):
        users.signup(data, sessions.ClientInfo(ip="10.0.0.2", user_agent="pytest"))
    assert _value("cc_invite_rejections_total", stage="signup", reason="unknown") == refused + 1
    assert _value("cc_invite_redemptions_total", kind="staff") == redeemed + 1  # nothing counted for the refusal


def test_orders_are_counted_by_kind_and_status_after_commit() -> None:
    user, product = s.adult(0), s.product()
    created = _value("cc_shop_orders_total", kind="standard", status="created")
    paid = _value("cc_shop_orders_total", kind="standard", status="paid")
    failed = _value("cc_shop_orders_total", kind="standard", status="failed")
    order = orders.purchase(user, product.id, s.key())
    s.pay(order.code)
    declined = orders.purchase(user, product.id, s.key())
    body = s.decide(declined.code, "decline")
    assert body is not None
    s.deliver(body)
    assert _value("cc_shop_orders_total", kind="standard", status="created") == created + 2
    assert _value("cc_shop_orders_total", kind="standard", status="paid") == paid + 1
    assert _value("cc_shop_orders_total", kind="standard", status="failed") == failed + 1


def test_open_tabs_gauge_follows_the_last_report() -> None:
    realtime.report_open_tabs(3)
    assert _value("cc_realtime_open_tabs") == 3
    realtime.report_open_tabs(-1)  # never negative
    assert _value("cc_realtime_open_tabs") == 0


def test_the_snapshot_reads_stock_exposure_rtp_gold_and_outbox_lag() -> None:
    player = new_player()
    fund(player.user.id, 50_000)
    for n in range(3):
        gacha.pull(player.user, 1, f"metrics-pull-{n}")
    slot.spin(player.user.id, 100, "metrics-spin")
    fast_table(growth_per_ms=0.001, betting_ms=1500)
    with environment(CRASH_CHAIN_LENGTH="1000"):
        driver = Driver()
        try:
            driver.until("betting")
            bets.place(player.user, CrashBetRequest(bet_amount=700), "metrics-crash")
            snap = ops_metrics.snapshot()
        finally:
            driver.close()
    assert all(snap.ok.values()), snap.ok
    assert snap.gacha_stock["EPIC"] <= 500
    assert set(snap.gacha_stock) <= {"EPIC", "LEGENDARY"}
    assert (snap.crash_open_bets, snap.crash_open_stakes) == (1, 700)
    by_game = {game.game: game for game in snap.rtp}
    assert by_game["slot"].rounds >= 1
    assert by_game["slot"].wagered >= 100
    assert by_game["gacha"].rounds == 3
    assert snap.gold_circulation > 0
    assert snap.inflation_threshold_ratio == pytest.approx(0.15)
    assert snap.outbox_pending > 0  # the signup, rounds and bet events wait for the relay


def test_a_failing_section_is_flagged_and_the_others_still_export(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_snap: ops_metrics.Snapshot) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(ops_metrics._READERS, "crash", broken)
    snap = ops_metrics.snapshot()
    assert snap.ok["crash"] is False
    assert snap.ok["economy"] is True
    names = {family.name for family in ops_metrics.families(snap)}
    assert "cc_crash_open_bets" not in names
    assert {"cc_gold_circulation", "cc_business_metrics_ok"} <= names


async def test_the_job_publishes_and_metrics_serves_the_snapshot_until_it_is_stale() -> None:
    ops_metrics.forget()
    player_with_gold(1_234)
    async with api_client() as client:
        before = (await client.get("/metrics")).text
    assert 'cc_business_metrics_ok{section="economy"} 0.0' in before
    assert "cc_gold_circulation" not in before
    (job,) = [j for j in periodic_jobs() if j.name == ops_metrics.JOB_NAME]
    job.run("test")
    async with api_client() as client:
        text = (await client.get("/metrics")).text
    assert 'cc_business_metrics_ok{section="economy"} 1.0' in text
    assert "cc_gold_circulation " in text
    assert 'cc_game_rtp_declared_ratio{game="slot"}' in text
    assert "cc_gold_inflation_threshold_ratio 0.15" in text
    assert "cc_outbox_oldest_pending_seconds" in text
    stored = ops_metrics.stored()
    assert stored is not None
    stored.taken_at = time.time() - ops_metrics.STALE_AFTER_SECONDS - 1
    ops_metrics._local = stored  # as if the job had stopped running
    assert ops_metrics.stored() is None
    async with api_client() as client:
        stale = (await client.get("/metrics")).text
    assert 'cc_business_metrics_ok{section="economy"} 0.0' in stale
    ops_metrics.forget()


@pytest.mark.redis
def test_with_redis_every_worker_reads_the_snapshot_the_job_stored(redis_url: str) -> None:
    with environment(REDIS_URL=redis_url):
        ops_metrics.forget()
        player_with_gold(2_000)
        published = ops_metrics.publish()
        ops_metrics._local = None  # another process: nothing in memory
        read = ops_metrics.stored()
        assert read is not None
        assert read.gold_circulation == published.gold_circulation > 0
        assert [g.game for g in read.rtp] == [g.game for g in published.rtp]
        ops_metrics.forget()
