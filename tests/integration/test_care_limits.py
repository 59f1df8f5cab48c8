"""Reality checks and daily limits on the round path, under a controllable clock and under concurrent rounds."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine
from casino_app.core.errors import AppError
from casino_app.services.care import errors, reality, settings
from casino_app.services.games import slot
from tests.support import shop as shop_support
from tests.support.accounts import bearer
from tests.support.api import api_client, assert_envelope

pytestmark = pytest.mark.anyio
# 10:00 KST on a Tuesday
START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _spin(uid: int, bet: int = 100) -> slot.SpinResult:
    return slot.spin(uid, bet, str(uuid.uuid4()))


def _loss_today(uid: int) -> tuple[int, int]:
    """Today's net loss from the rounds themselves, and as the care counters hold it."""
    with get_engine().connect() as conn:
        from_rounds = conn.scalar(
            sa.text("SELECT COALESCE(SUM(bet - payout), 0) FROM game_rounds WHERE user_id = :u"), {"u": uid}
        )
        counters = conn.scalar(sa.text("SELECT day_staked - day_paid FROM player_care WHERE user_id = :u"), {"u": uid})
    return int(from_rounds), int(counters or 0)


def test_a_raised_limit_waits_24_hours_and_a_lowered_one_applies_at_once() -> None:
    frozen = clock.FrozenClock(START)
    with clock.use_clock(frozen):
        uid = shop_support.adult(gold=0)
        view = settings.set_limits(uid, time_limit_min=120, loss_limit_gold=5_000)  # new limits: at once
        assert (view.time_limit_min, view.loss_limit_gold, view.pending) == (120, 5_000, [])
        view = settings.set_limits(uid, time_limit_min=60, loss_limit_gold=20_000)  # one down, one up
        assert (view.time_limit_min, view.loss_limit_gold) == (60, 5_000)
        assert [(p.name, p.value, p.effective_at) for p in view.pending] == [
            ("loss_limit_gold", 20_000, START + timedelta(hours=24))
        ]
        frozen.advance(timedelta(hours=1))
        again = settings.set_limits(uid, time_limit_min=60, loss_limit_gold=20_000)  # asking again keeps the wait
        assert again.pending[0].effective_at == START + timedelta(hours=24)
        frozen.advance(timedelta(hours=22, minutes=59))
        assert settings.get(uid).loss_limit_gold == 5_000
        frozen.advance(timedelta(minutes=2))
        assert settings.get(uid).loss_limit_gold == 20_000
        removing = settings.set_limits(uid, time_limit_min=None, loss_limit_gold=20_000)  # removal waits too
        assert removing.time_limit_min == 60
        assert removing.pending[0].name == "time_limit_min"
        assert removing.pending[0].value is None
        cancelled = settings.set_limits(uid, time_limit_min=60, loss_limit_gold=20_000)  # the value in force
        assert cancelled.pending == []
        with pytest.raises(errors.CareInvalid):
            settings.set_limits(uid, time_limit_min=5, loss_limit_gold=None)
        with pytest.raises(errors.CareInvalid):
            settings.set_reality_interval(uid, 45)


def test_a_raised_loss_limit_only_lets_play_on_after_its_24_hours() -> None:
    frozen = clock.FrozenClock(START)
    with clock.use_clock(frozen):
        uid = shop_support.adult(gold=10_000)
        settings.set_limits(uid, time_limit_min=None, loss_limit_gold=100)
        with pytest.raises(errors.LossLimitReached):
            _spin(uid, 500)  # 500 could lose more than the 100 left
        settings.set_limits(uid, time_limit_min=None, loss_limit_gold=1_000)
        frozen.advance(timedelta(hours=23))
        with pytest.raises(errors.LossLimitReached):
            _spin(uid, 500)
        frozen.advance(timedelta(hours=1, seconds=1))
        assert _spin(uid, 500).bet == 500


def test_the_loss_limit_stops_play_exactly_at_the_limit_under_concurrent_rounds() -> None:
    uid = shop_support.adult(gold=20_000)
    limit, bet = 1_000, 100
    settings.set_limits(uid, time_limit_min=None, loss_limit_gold=limit)

    def play_until_refused(_: int) -> int:
        for played in range(2_000):  # the limit stops play long before; the cap only guards an endless loop
            try:
                _spin(uid, bet)
            except errors.LossLimitReached:
                return played
        raise AssertionError("the loss limit never stopped play")

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(play_until_refused, range(6)))
    from_rounds, counted = _loss_today(uid)
    assert from_rounds == counted  # the counters are exactly the rounds
    assert limit - bet < from_rounds <= limit  # stopped at the limit: one more stake could pass it
    with pytest.raises(errors.LossLimitReached) as refused:
        _spin(uid, bet)
    assert refused.value.details == {
        "limit": limit,
        "lost": from_rounds,
        "stake": bet,
        "remaining": limit - from_rounds,
    }


def test_the_reality_check_pauses_play_until_it_is_acknowledged() -> None:
    frozen = clock.FrozenClock(START)
    with clock.use_clock(frozen):
        uid = shop_support.adult(gold=10_000)
        settings.set_reality_interval(uid, 15)
        _spin(uid)  # the session starts; the first check is due 15 minutes later
        for _ in range(7):
            frozen.advance(timedelta(minutes=2))
            _spin(uid)
        assert reality.status(uid).due is False
        frozen.advance(timedelta(minutes=1, seconds=1))
        with pytest.raises(errors.RealityCheckDue):
            _spin(uid)
        shown = reality.status(uid)
        assert (shown.due, shown.minutes, shown.rounds) == (True, 15, 8)
        assert shown.net == shown.won - shown.wagered
        assert shown.wagered == 800
        seen = reality.acknowledge(uid)
        assert seen.due is False
        assert seen.due_at == frozen.now() + timedelta(minutes=15)
        _spin(uid)
        frozen.advance(timedelta(minutes=31))  # a pause longer than 30 minutes ends the session
        assert reality.status(uid).live is False
        _spin(uid)
        assert reality.status(uid).due_at == frozen.now() + timedelta(minutes=15)


def test_the_time_limit_counts_play_between_rounds_and_resets_at_midnight_kst() -> None:
    frozen = clock.FrozenClock(START)
    with clock.use_clock(frozen):
        uid = shop_support.adult(gold=10_000)
        settings.set_limits(uid, time_limit_min=15, loss_limit_gold=None)
        settings.set_reality_interval(uid, 60)
        _spin(uid)
        for _ in range(3):  # gaps of 10 minutes count 5 each (a longer pause is not play)
            frozen.advance(timedelta(minutes=10))
            _spin(uid)
        assert settings.get(uid).played_seconds_today == 15 * 60
        frozen.advance(timedelta(minutes=1))
        with pytest.raises(errors.TimeLimitReached) as stopped:
            _spin(uid)
        assert stopped.value.details == {"limit_minutes": 15, "played_minutes": 15}
        frozen.set(datetime(2026, 12, 1, 15, 0, 1, tzinfo=UTC))  # 00:00:01 KST the next day
        assert _spin(uid).bet == 100


def test_a_flagged_player_gets_checks_every_15_minutes_whatever_they_chose() -> None:
    uid = shop_support.adult(gold=0)
    settings.set_reality_interval(uid, 60)
    with get_engine().begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO player_segments (user_id, rfm_group, frequency, monetary_krw, r_score, f_score,"
                " m_score, flags) VALUES (:u, 'active', 1, 0, 3, 1, 1, ARRAY['late_night'])"
            ),
            {"u": uid},
        )
    view = settings.get(uid)
    assert (view.reality_interval_min, view.effective_interval_min, view.flagged) == (60, 15, True)


async def test_care_over_rest() -> None:
    pair = shop_support.adult_session(gold=5_000)
    headers = bearer(pair.access_token)
    async with api_client() as client:
        care = (await client.get("/api/care", headers=headers)).json()
        assert care["reality_interval_min"] == 30
        assert care["on_break"] is None
        assert care["reality"]["live"] is False
        assert (
            await client.put("/api/care/reality-interval", headers=headers, json={"minutes": 45})
        ).status_code == 422
        assert (
            await client.put("/api/care/reality-interval", headers=headers, json={"minutes": "15"})
        ).status_code == 422
        set_ = await client.put(
            "/api/care/limits", headers=headers, json={"time_limit_min": None, "loss_limit_gold": 150}
        )
        partial = await client.put("/api/care/limits", headers=headers, json={"time_limit_min": 60})
        assert partial.status_code == 422  # leaving a limit out never removes it
        assert set_.json()["loss_limit_gold"] == 150
        spin = await client.post(
            "/api/games/slot/spin", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={"bet_amount": 200}
        )
        error = assert_envelope(spin, 403, "LOSS_LIMIT_REACHED")
        assert error["details"]["remaining"] == 150
        ack = await client.post("/api/care/reality/ack", headers=headers)
        assert ack.json()["due"] is False
        assert (await client.get("/api/care")).status_code == 401


def test_refused_rounds_leave_nothing_behind() -> None:
    uid = shop_support.adult(gold=1_000)
    settings.set_limits(uid, time_limit_min=None, loss_limit_gold=100)
    _spin(uid, 100)
    for _ in range(3):
        with pytest.raises(AppError):
            _spin(uid, 100 if _loss_today(uid)[0] >= 100 else 1_000)
    with get_engine().connect() as conn:
        rounds = conn.scalar(sa.text("SELECT count(*) FROM game_rounds WHERE user_id = :u"), {"u": uid})
        nonce = conn.scalar(sa.text("SELECT max(nonce) FROM fairness_seeds WHERE user_id = :u"), {"u": uid})
    assert rounds == 1
    assert nonce == 1  # refused rounds gave their nonce back (rolled back)
