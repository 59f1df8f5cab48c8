"""Campaign dispatch: exactly once per targeted player across crashes, restarts and two concurrent workers; never
to opted-out, self-excluded, disabled or staff accounts; marketing at night waits for 08:00 KST; cancel stops it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import Conflict
from casino_app.services import notifications
from casino_app.services.messaging import campaigns, delivery, policy
from tests.support.accounts import new_staff
from tests.support.campaigns import MESSAGE, kst, operator, outcomes, player, received, status

NOON = kst(2026, 12, 1, 12)


def _campaign(actor, category: str = "event", target: dict | None = None) -> int:
    view = campaigns.create(
        actor, name="겨울 이벤트", category=category, message=MESSAGE, target=target or {}, scheduled_at=clock.now()
    )
    assert view.status == "scheduled"
    return view.id


def test_a_campaign_interrupted_and_restarted_reaches_each_player_exactly_once(monkeypatch) -> None:
    with clock.use_clock(clock.FrozenClock(NOON)):
        staff = operator()
        targeted = [player() for _ in range(7)]
        muted = player(muted=("event",))
        excluded = player(on_break=True)
        disabled = player(active=False)
        new_staff("support")
        campaign = _campaign(staff)

        # A run with a budget stops half way.
        runs = campaigns.dispatch_due(batch=2, limit=3)
        assert [r.handled for r in runs] == [3]
        assert not runs[0].finished
        assert status(campaign) == "sending"
        assert sum(received("campaign").values()) == 3

        # The process dies in the middle of the next batch: that batch's rows and notifications roll back together.
        real_notify, calls = notifications.notify, {"n": 0}

        def crash_on_second(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("worker killed")
            return real_notify(*args, **kwargs)

        monkeypatch.setattr(notifications, "notify", crash_on_second)
        with pytest.raises(RuntimeError, match="worker killed"):
            campaigns.dispatch_due(batch=2)
        monkeypatch.setattr(notifications, "notify", real_notify)
        assert sum(received("campaign").values()) == 3
        assert len(outcomes(campaign)) == 3

        # "Restart": two workers dispatch at once, then once more; nobody gets it twice.
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                campaigns.dispatch_due(batch=1)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        campaigns.dispatch_due()
        campaigns.dispatch_due()

    assert received("campaign") == dict.fromkeys(targeted, 1)
    rows = outcomes(campaign)
    assert rows == {**dict.fromkeys(targeted, "sent"), muted: "skipped_muted", excluded: "skipped_break"}
    assert disabled not in rows
    assert status(campaign) == "sent"
    view = campaigns.get(staff, campaign)
    assert (view.counts.targeted, view.counts.sent, view.counts.pending) == (9, 7, 0)
    assert view.counts.skipped == {"skipped_break": 1, "skipped_muted": 1}


def test_marketing_needs_consent_and_waits_for_morning_without_the_night_consent() -> None:
    night = kst(2026, 12, 1, 22)
    with clock.use_clock(clock.FrozenClock(night)) as frozen:
        staff = operator()
        night_ok = player(consent=True, night=True)
        day_only = player(consent=True)
        no_consent = player()
        excluded = player(consent=True, night=True, on_break=True)
        campaign = _campaign(staff, "marketing")

        runs = campaigns.dispatch_due()
        assert runs[0].deferred == 1
        assert not runs[0].finished
        assert received("campaign") == {night_ok: 1}
        assert outcomes(campaign) == {night_ok: "sent", no_consent: "skipped_consent", excluded: "skipped_break"}
        assert campaigns.get(staff, campaign).counts.pending == 1

        frozen.set(kst(2026, 12, 2, 7, 59))
        campaigns.dispatch_due()
        assert day_only not in received("campaign")
        assert status(campaign) == "sending"

        frozen.set(kst(2026, 12, 2, 8, 0))
        campaigns.dispatch_due()
        campaigns.dispatch_due()
    assert received("campaign") == {night_ok: 1, day_only: 1}
    assert status(campaign) == "sent"


def test_at_night_marketing_does_not_walk_the_players_it_can_only_defer(monkeypatch) -> None:
    real_blocked, checked = policy.blocked, []

    def counting(db, user_id, *args, **kwargs):
        checked.append(user_id)
        return real_blocked(db, user_id, *args, **kwargs)

    monkeypatch.setattr(policy, "blocked", counting)
    with clock.use_clock(clock.FrozenClock(kst(2026, 12, 1, 21, 30))) as frozen:
        staff = operator()
        waiting = [player(consent=True) for _ in range(4)]
        night_ok = player(consent=True, night=True)
        campaign = _campaign(staff, "marketing")
        for sent in (1, 0, 0):  # the dispatcher runs every 30 s all night
            (run,) = campaigns.dispatch_due(batch=2)
            assert (run.sent, run.deferred, run.finished) == (sent, 4, False)
            frozen.advance(timedelta(minutes=30))
        assert set(checked) == {night_ok}  # the deferred players were never looked at
        assert campaigns.get(staff, campaign).counts.pending == 4
        frozen.set(kst(2026, 12, 2, 8, 0))
        (run,) = campaigns.dispatch_due(batch=2)
        assert (run.sent, run.deferred, run.finished) == (4, 0, True)
        campaigns.dispatch_due()
    assert received("campaign") == dict.fromkeys([*waiting, night_ok], 1)
    assert status(campaign) == "sent"


def test_a_campaign_targets_rank_level_and_inactivity_and_leaves_flagged_players_out() -> None:
    with clock.use_clock(clock.FrozenClock(NOON)) as frozen:
        staff = operator()
        vip, standard = player(), player()
        flagged = player()
        with get_engine().begin() as conn:
            conn.execute(
                sa.text("UPDATE users SET rank = 'VIP', xp = 5000 WHERE id IN (:a, :f)"), {"a": vip, "f": flagged}
            )
            conn.execute(
                sa.text(
                    "INSERT INTO player_segments (user_id, rfm_group, frequency, monetary_krw, r_score, f_score, m_score,"
                    " flags, details, computed_at) VALUES (:u, 'active', 0, 0, 1, 1, 1, '{late_night}', '{}', now())"
                ),
                {"u": flagged},
            )
        assert campaigns.preview(staff, {}) == 2
        assert campaigns.preview(staff, {"rank": "VIP"}) == 1
        assert campaigns.preview(staff, {"min_level": 5, "max_level": 20}) == 1
        assert campaigns.preview(staff, {"segment": "active"}) == 0
        assert campaigns.preview(staff, {"inactive_days": 7}) == 0
        frozen.advance(timedelta(days=8))
        assert campaigns.preview(staff, {"inactive_days": 7}) == 2
        campaign = _campaign(staff, "notice", {"rank": "VIP"})
        campaigns.dispatch_due()
    assert received("campaign") == {vip: 1}
    assert standard not in outcomes(campaign)
    assert flagged not in outcomes(campaign)


def test_cancel_stops_further_delivery_and_only_active_campaigns_cancel() -> None:
    with clock.use_clock(clock.FrozenClock(NOON)) as frozen:
        staff = operator()
        players = [player() for _ in range(4)]
        later = campaigns.create(
            staff,
            name="내일",
            category="notice",
            message=MESSAGE,
            target={},
            scheduled_at=clock.now() + timedelta(days=1),
        )
        campaign = _campaign(staff, "notice")
        campaigns.dispatch_due(batch=1, limit=2)
        assert campaigns.cancel(staff, campaign).status == "cancelled"
        assert campaigns.cancel(staff, later.id).status == "cancelled"
        frozen.advance(timedelta(days=2))
        assert campaigns.dispatch_due() == []
        with pytest.raises(Conflict) as refused:
            campaigns.cancel(staff, campaign)
        assert refused.value.error_code == "CAMPAIGN_NOT_CANCELLABLE"
    assert sum(received("campaign").values()) == 2
    assert len(outcomes(campaign)) == 2
    assert set(outcomes(campaign)) < set(players)
    assert outcomes(later.id) == {}
    assert campaigns.get(staff, campaign).counts.pending == 0


def test_a_locked_campaign_is_skipped_by_another_worker() -> None:
    with clock.use_clock(clock.FrozenClock(NOON)):
        staff = operator()
        player()
        campaign = _campaign(staff, "notice")
        with session_scope() as db:
            assert delivery._lock(db, campaign, clock.now(), skip_locked=True) is not None
            results: list[list[delivery.Run]] = []
            other = threading.Thread(target=lambda: results.append(campaigns.dispatch_due()))
            other.start()
            other.join()
        assert [r.handled for r in results[0]] == [0]
        assert status(campaign) == "scheduled"
        campaigns.dispatch_due()
    assert status(campaign) == "sent"
