"""Missions: progress counted with the action (exactly, once), claims paid once, KST resets, event missions."""

from __future__ import annotations

import importlib
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.models.missions import MissionTemplate
from casino_app.services import actions, ledger, missions
from casino_app.services.actions import Action, Kind
from casino_app.services.games import slot
from casino_app.services.missions import defaults, templates
from tests.support.accounts import new_staff
from tests.support.wallets import player_with_gold

KST = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def _default_missions() -> None:
    with session_scope() as db:
        defaults.install(db)


def _scalar(sql: str, **params: object) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql), params) or 0)


def _scalar_text(sql: str, **params: object) -> str:
    with get_engine().connect() as conn:
        return str(conn.scalar(sa.text(sql), params))


def _mission(key: str) -> int:
    return _scalar("SELECT id FROM mission_templates WHERE key = :k", k=key)


def _template(key: str, action: str, goal: int, **fields: object) -> int:
    data = templates.TemplateInput(
        key=key, title_ko="테스트", title_en="Test", cadence=str(fields.pop("cadence", "daily")), action=action,
        goal=goal, **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    template = templates.create_template(data, actor_id=new_staff())
    assert template.id is not None
    return template.id


def _record(user_id: int, kind: Kind, **fields: object) -> None:
    with session_scope() as db:
        actions.record(db, Action(user_id, kind, **fields))  # type: ignore[arg-type]


def _view(user_id: int, key: str) -> missions.MissionView:
    """The mission in its current period (not a previous period's row still open for claims)."""
    board = missions.board(user_id)
    return next(m for m in (*board.daily, *board.weekly, *board.onboarding) if m.key == key and not m.previous)


def _previous(user_id: int) -> list[tuple[int, str, bool]]:
    """The previous periods' rows on the board: (mission, period, claimable)."""
    board = missions.board(user_id)
    return [(m.id, m.period_key, m.claimable) for m in (*board.daily, *board.weekly) if m.previous]


def _progress(user_id: int, mission_id: int) -> int:
    return _scalar(
        "SELECT sum(progress) FROM mission_progress WHERE user_id = :u AND mission_id = :m", u=user_id, m=mission_id
    )


def test_rounds_count_per_game_and_complete_once() -> None:
    user = player_with_gold(100_000)
    for n in range(3):
        slot.spin(user, 100, f"spin-{n}")
    assert _view(user, "onboarding_slot_spin").completed
    assert not _view(user, "onboarding_roulette_spin").completed
    assert _view(user, "daily_slot_rounds").progress == 3
    assert _view(user, "daily_rounds_any").progress == 3
    assert _view(user, "daily_rps_rounds").progress == 0  # another game's mission
    onboarding = _mission("onboarding_slot_spin")
    notes = _scalar("SELECT count(*) FROM notifications WHERE user_id = :u AND kind = 'mission_completed'", u=user)
    assert notes == 1
    completed = _scalar(
        "SELECT total FROM player_action_counts WHERE user_id = :u AND action = 'mission_completed'", u=user
    )
    assert completed == 1
    assert _progress(user, onboarding) == 1  # capped at the goal


def test_a_replayed_round_counts_once_and_inactive_templates_count_nothing() -> None:
    user = player_with_gold(100_000)
    slot.spin(user, 100, "same-key")
    slot.spin(user, 100, "same-key")  # a retry of the same request: replayed, not played again
    assert _view(user, "daily_rounds_any").progress == 1
    templates.set_active(_mission("daily_rounds_any"), False, actor_id=new_staff())
    slot.spin(user, 100, "another")
    assert _progress(user, _mission("daily_rounds_any")) == 1
    assert _view(user, "daily_slot_rounds").progress == 2


def test_progress_is_exact_under_50_concurrent_rounds_and_their_replays() -> None:
    user = player_with_gold(1_000_000)
    big = _template("many_slot_rounds", "round_played", 100, game="slot")
    start = threading.Barrier(50)

    def spin(n: int) -> None:
        if n < 50:
            start.wait()
        slot.spin(user, 100, f"c-{n % 50}")  # calls 50-99 repeat the requests of 0-49 while they run

    with ThreadPoolExecutor(max_workers=60) as pool:
        list(pool.map(spin, range(100)))
    assert _scalar("SELECT count(*) FROM game_rounds WHERE user_id = :u", u=user) == 50
    assert _progress(user, big) == 50
    assert _view(user, "weekly_rounds_any").progress == 50
    assert _view(user, "weekly_rounds_any").completed
    # onboarding slot spin, daily 10 rounds, daily 20 slot spins, weekly 50 rounds: each completed once
    assert _scalar("SELECT count(*) FROM notifications WHERE user_id = :u AND kind = 'mission_completed'", u=user) == 4


def test_a_rolled_back_action_or_a_refused_round_counts_nothing() -> None:
    user = player_with_gold(50)

    def failing_action() -> None:
        with session_scope() as db:
            actions.record(db, Action(user, Kind.DAILY_CHECKIN))
            raise RuntimeError("the action failed after it was counted")

    with pytest.raises(RuntimeError):
        failing_action()
    with pytest.raises(ledger.InsufficientFunds):
        slot.spin(user, 100, "too-much")
    assert _scalar("SELECT count(*) FROM mission_progress WHERE user_id = :u", u=user) == 0


def test_50_concurrent_actions_count_exactly_and_complete_exactly_once() -> None:
    # Without the round engine's per-player seed lock: the upsert alone keeps the count exact.
    user = player_with_gold(0)
    big = _template("many_pulls", "gacha_pull", 1_000)
    twenty = _template("twenty_pulls", "gacha_pull", 20)
    start = threading.Barrier(50)

    def pull(_: int) -> None:
        start.wait()
        _record(user, Kind.GACHA_PULL, game="gacha", count=2)

    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(pull, range(50)))
    assert _progress(user, big) == 100
    assert _progress(user, twenty) == 20
    done = "SELECT count(*) FROM notifications WHERE user_id = :u AND kind = 'mission_completed' AND params->>'mission_id' = :m"
    assert _scalar(done, u=user, m=str(twenty)) == 1


def test_20_concurrent_claims_pay_once() -> None:
    user = player_with_gold(0)
    _record(user, Kind.DAILY_CHECKIN)
    mission = _mission("onboarding_daily_checkin")
    start = threading.Barrier(20)

    def claim(n: int) -> str:
        start.wait()
        try:
            missions.claim(user, mission, f"claim-{n}")
        except missions.MissionAlreadyClaimed:
            return "409"
        return "ok"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(claim, range(20)))
    assert outcomes.count("ok") == 1
    assert outcomes.count("409") == 19
    assert ledger.balance_of(user) == 800
    transfers = "SELECT count(*) FROM ledger_transfers WHERE kind = 'MISSION_REWARD' AND idempotency_key LIKE :k"
    assert _scalar(transfers, k=f"mission:{user}:%") == 1
    assert _scalar("SELECT xp FROM users WHERE id = :u", u=user) == 50


def test_claim_rules_replay_and_item() -> None:
    user = player_with_gold(0)
    gacha = _mission("onboarding_gacha_pull")
    with pytest.raises(missions.MissionNotCompleted):
        missions.claim(user, gacha, "k1")
    _record(user, Kind.GACHA_PULL, game="gacha")
    first = missions.claim(user, gacha, "k1")
    assert (first.gold, first.item_key, first.item_quantity, first.balance) == (300, "roulette_ticket", 1, 300)
    again = missions.claim(user, gacha, "k1")  # the same request repeated: the same answer, nothing granted
    assert again.replayed
    assert again.gold == 300
    assert again.balance == 300
    with pytest.raises(missions.MissionAlreadyClaimed):
        missions.claim(user, gacha, "k2")
    tickets = "SELECT quantity FROM inventory_items WHERE user_id = :u AND item_id = 'roulette_ticket'"
    assert _scalar(tickets, u=user) == 1
    with pytest.raises(missions.MissionNotFound):
        missions.claim(user, 10**12, "k3")
    templates.set_active(_mission("daily_checkin"), False, actor_id=new_staff())
    _record(user, Kind.DAILY_CHECKIN)
    with pytest.raises(missions.MissionNotFound):
        missions.claim(user, _mission("daily_checkin"), "k4")


def test_daily_resets_exactly_at_kst_midnight() -> None:
    user = player_with_gold(0)
    checkin = _mission("daily_checkin")
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 23, 59, 59, tzinfo=KST))
    with clock.use_clock(frozen):
        _record(user, Kind.DAILY_CHECKIN)
        board = missions.board(user)
        assert board.daily_resets_at == datetime(2026, 11, 29, tzinfo=KST)
        assert _view(user, "daily_checkin").claimable
        frozen.advance(timedelta(seconds=1))  # 00:00:00 KST: a new day, nothing done yet
        assert _view(user, "daily_checkin").progress == 0
        late = missions.claim(user, checkin, "late")  # yesterday's unclaimed reward is still paid
        assert (late.gold, late.period_key) == (100, "D2026-11-28")
        with pytest.raises(missions.MissionNotCompleted):
            missions.claim(user, checkin, "early")  # today's is not done yet
        assert missions.board(user).daily_resets_at == datetime(2026, 11, 30, tzinfo=KST)
        _record(user, Kind.DAILY_CHECKIN)
        assert missions.claim(user, checkin, "today").gold == 100
    keys = "SELECT count(*) FROM mission_progress WHERE user_id = :u AND mission_id = :m"
    assert _scalar(keys, u=user, m=checkin) == 2


def test_weekly_resets_on_monday_kst() -> None:
    user = player_with_gold(0)
    sunday_night = datetime(2026, 11, 29, 23, 59, 59, tzinfo=KST)
    frozen = clock.FrozenClock(sunday_night)
    with clock.use_clock(frozen):
        _record(user, Kind.DAILY_CHECKIN)
        assert _view(user, "weekly_checkins").progress == 1
        assert missions.board(user).weekly_resets_at == datetime(2026, 11, 30, tzinfo=KST)
        frozen.set(datetime(2026, 11, 30, 0, 0, 0, tzinfo=KST).astimezone(UTC))
        assert _view(user, "weekly_checkins").progress == 0
        _record(user, Kind.DAILY_CHECKIN)
        assert _view(user, "weekly_checkins").progress == 1
        assert missions.board(user).weekly_resets_at == datetime(2026, 12, 7, tzinfo=KST)
    periods = "SELECT array_agg(period_key ORDER BY period_key) FROM mission_progress WHERE mission_id = :m"
    with get_engine().connect() as conn:
        found = conn.scalar(sa.text(periods), {"m": _mission("weekly_checkins")})
    assert found == ["W2026-11-23", "W2026-11-30"]


def _event(status: str, starts: datetime, ends: datetime) -> int:
    with get_engine().begin() as conn:
        return int(
            conn.scalar(
                sa.text(
                    "INSERT INTO events (key, title_ko, title_en, starts_at, ends_at, status)"
                    " VALUES (:k, '이벤트', 'Event', :s, :e, :st) RETURNING id"
                ),
                {"k": f"ev{uuid.uuid4().hex[:8]}", "s": starts, "e": ends, "st": status},
            )
        )


def _join(event_id: int, user_id: int) -> None:
    with get_engine().begin() as conn:
        conn.execute(
            sa.text("INSERT INTO event_participants (event_id, user_id) VALUES (:e, :u)"), {"e": event_id, "u": user_id}
        )


def test_event_missions_count_for_participants_inside_the_window() -> None:
    now = datetime(2026, 12, 5, 12, tzinfo=KST)
    joined, outsider = player_with_gold(0), player_with_gold(0)
    event = _event("published", now - timedelta(days=1), now + timedelta(days=1))
    draft = _event("draft", now - timedelta(days=1), now + timedelta(days=1))
    with clock.use_clock(clock.FrozenClock(now - timedelta(days=2))):  # missions are added before the start
        mission = _template("event_checkin", "daily_checkin", 2, cadence="event", event_id=event, reward_gold=500)
        draft_mission = _template("draft_checkin", "daily_checkin", 1, cadence="event", event_id=draft)
    _join(event, joined)
    _join(draft, joined)
    with clock.use_clock(clock.FrozenClock(now)):
        for user in (joined, outsider):
            _record(user, Kind.DAILY_CHECKIN)
            _record(user, Kind.DAILY_CHECKIN)
        views = missions.for_event(joined, event)
        assert [(v.id, v.progress, v.completed) for v in views] == [(mission, 2, True)]
        assert missions.for_event(outsider, event)[0].progress == 0
        assert _progress(joined, draft_mission) == 0  # a draft event counts nothing
        with pytest.raises(missions.MissionNotFound):
            missions.claim(joined, mission, "no-event")  # an event mission is claimed through its event
        with pytest.raises(missions.MissionNotFound):
            missions.claim(joined, mission, "other", event_id=draft)
        result = missions.claim(joined, mission, "ev", event_id=event)
    assert result.gold == 500
    kinds = "SELECT kind FROM ledger_transfers WHERE id = :t"
    assert _scalar_text(kinds, t=result.transfer_id) == "EVENT_REWARD"
    source = (
        "SELECT sum(e.amount) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id"
        " WHERE a.code = 'rewards:events'"
    )
    assert _scalar(source) == -500
    completed = "SELECT count(*) FROM player_action_counts WHERE user_id = :u AND action = 'mission_completed'"
    assert _scalar(completed, u=joined) == 1
    with clock.use_clock(clock.FrozenClock(now + timedelta(days=2))):  # after the window: nothing counts
        _record(joined, Kind.DAILY_CHECKIN)
    assert _progress(joined, mission) == 2


def test_board_lists_the_default_sets_in_order() -> None:
    user = player_with_gold(0)
    board = missions.board(user)
    assert [m.key for m in board.onboarding] == [m.key for m in defaults.DEFAULTS if m.cadence == "onboarding"]
    assert len(board.daily) == 4
    assert len(board.weekly) == 5
    assert not board.onboarding_done
    assert all(m.progress == 0 and not m.claimable for m in (*board.daily, *board.weekly))
    with session_scope() as db:
        assert defaults.install(db) == 0  # already there
        assert db.execute(sa.select(sa.func.count()).select_from(MissionTemplate)).scalar() == len(defaults.DEFAULTS)


def test_the_screen_rows_show_progress_and_the_reward_in_both_languages() -> None:
    from casino_app.i18n import t
    from casino_app.state.missions import mission_row

    user = player_with_gold(0)
    _record(user, Kind.DAILY_CHECKIN)
    slot_rounds = mission_row(_view(user, "daily_slot_rounds"))
    assert (slot_rounds["progress"], slot_rounds["goal"], slot_rounds["percent"]) == ("0", "20", "0")
    assert slot_rounds["href"] == "/games/slot"
    checkin = mission_row(_view(user, "onboarding_daily_checkin"))
    assert (checkin["percent"], checkin["claimable"], checkin["claimed"]) == ("100", "1", "")
    gacha = mission_row(_view(user, "onboarding_gacha_pull"))
    assert gacha["reward_en"] == f"300 gold · 50 XP · {t('roulette.ticket_name', 'en')} ×1"
    assert t("roulette.ticket_name", "ko") in gacha["reward_ko"]


# --- regressions: lock order, rewards across the reset and after a deactivation ----------------------------------


@pytest.mark.parametrize("reward", [{"reward_gold": 700}, {"reward_xp": 40}], ids=["gold", "xp-only"])
def test_a_claim_and_concurrent_rounds_of_the_player_never_deadlock(
    monkeypatch: pytest.MonkeyPatch, reward: dict[str, int]
) -> None:
    # A round locks wallet, user, then its missions' progress rows (the upsert locks the completed row too);
    # the claim must take the same order, or the two wait on each other (DeadlockDetected).
    claim_module = importlib.import_module("casino_app.services.missions.claim")  # the package exports ``claim()``
    user = player_with_gold(100_000)
    mission = _template("claim_vs_rounds", "round_played", 1, game="slot", **reward)
    slot.spin(user, 100, "complete-it")  # completed, unclaimed: every later round's upsert touches this row
    holding = threading.Event()
    original = claim_module._locked_progress

    def slow_after_progress_lock(*args: object, **kwargs: object) -> object:
        rows = original(*args, **kwargs)  # type: ignore[arg-type]
        holding.set()
        time.sleep(1.5)  # longer than deadlock_timeout: rounds pile up behind what the claim holds
        return rows

    monkeypatch.setattr(claim_module, "_locked_progress", slow_after_progress_lock)
    failures: list[BaseException] = []

    def claim() -> missions.ClaimResult | None:
        try:
            return missions.claim(user, mission, "claim-during-rounds")
        except BaseException as exc:  # every failure is the finding
            failures.append(exc)
            return None

    def spin(n: int) -> None:
        holding.wait(10)
        try:
            slot.spin(user, 100, f"round-{n}")
        except BaseException as exc:
            failures.append(exc)

    with ThreadPoolExecutor(max_workers=11) as pool:
        claimed = pool.submit(claim)
        list(pool.map(spin, range(10)))
        result = claimed.result()
    assert not failures, [repr(f) for f in failures]
    assert result is not None
    assert (result.gold, result.xp) == (reward.get("reward_gold", 0), reward.get("reward_xp", 0))
    assert _scalar("SELECT count(*) FROM game_rounds WHERE user_id = :u", u=user) == 11


def test_a_daily_mission_completed_before_midnight_is_claimable_after_it() -> None:
    user = player_with_gold(0)
    checkin = _mission("daily_checkin")  # goal 1, 100 gold
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 23, 59, 58, tzinfo=KST).astimezone(UTC))
    with clock.use_clock(frozen):
        _record(user, Kind.DAILY_CHECKIN)
        assert _previous(user) == []
        frozen.set(datetime(2026, 11, 29, 0, 0, 1, tzinfo=KST).astimezone(UTC))
        board = missions.board(user)
        assert board.daily[0].previous  # yesterday's reward comes first, so the player finds it
        assert _previous(user) == [(checkin, "D2026-11-28", True)]
        today = _view(user, "daily_checkin")
        assert (today.period_key, today.progress, today.claimable) == ("D2026-11-29", 0, False)
        from casino_app.state.missions import mission_row

        row = mission_row(board.daily[0])  # the screen: its own element key and a note in both languages
        assert (row["key"], row["claimable"], row["period"]) == ("daily_checkin-D2026-11-28", "1", "D2026-11-28")
        assert row["title_ko"].endswith("(어제 완료한 미션)")
        assert row["title_en"].endswith("(Completed yesterday)")

        late = missions.claim(user, checkin, "after-midnight")
        assert (late.gold, late.period_key, late.balance) == (100, "D2026-11-28", 100)
        again = missions.claim(user, checkin, "after-midnight")  # the same request: the same answer
        assert (again.replayed, again.period_key, again.balance) == (True, "D2026-11-28", 100)
        with pytest.raises(missions.MissionNotCompleted):
            missions.claim(user, checkin, "today-not-done")
        assert _previous(user) == []

        # Yesterday and today both completed: two claims pay both periods (yesterday's first), then 409.
        frozen.set(datetime(2026, 11, 29, 23, 0, tzinfo=KST).astimezone(UTC))
        _record(user, Kind.DAILY_CHECKIN)
        frozen.set(datetime(2026, 11, 30, 0, 30, tzinfo=KST).astimezone(UTC))
        _record(user, Kind.DAILY_CHECKIN)
        assert [missions.claim(user, checkin, f"both-{n}").period_key for n in range(2)] == [
            "D2026-11-29",
            "D2026-11-30",
        ]
        with pytest.raises(missions.MissionAlreadyClaimed):
            missions.claim(user, checkin, "third")

        # Only one period back: a reward left unclaimed for two resets is gone.
        frozen.set(datetime(2026, 12, 1, 22, 0, tzinfo=KST).astimezone(UTC))
        _record(user, Kind.DAILY_CHECKIN)
        frozen.set(datetime(2026, 12, 3, 0, 0, tzinfo=KST).astimezone(UTC))
        assert _previous(user) == []
        with pytest.raises(missions.MissionNotCompleted):
            missions.claim(user, checkin, "two-days-late")
    assert ledger.balance_of(user) == 300
    keys = "SELECT count(*) FROM ledger_transfers WHERE kind = 'MISSION_REWARD' AND idempotency_key LIKE :k"
    assert _scalar(keys, k=f"mission:{user}:{checkin}:%") == 3


def test_20_concurrent_claims_of_yesterdays_reward_pay_once() -> None:
    user = player_with_gold(0)
    checkin = _mission("daily_checkin")
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 23, 59, 58, tzinfo=KST).astimezone(UTC))
    with clock.use_clock(frozen):
        _record(user, Kind.DAILY_CHECKIN)
        frozen.set(datetime(2026, 11, 29, 0, 0, 2, tzinfo=KST).astimezone(UTC))
        start = threading.Barrier(20)

        def claim(n: int) -> str:
            start.wait()
            try:
                return missions.claim(user, checkin, f"midnight-{n}").period_key
            except (missions.MissionAlreadyClaimed, missions.MissionNotCompleted):
                return "409"

        with ThreadPoolExecutor(max_workers=20) as pool:
            outcomes = list(pool.map(claim, range(20)))
    assert sorted(outcomes) == ["409"] * 19 + ["D2026-11-28"]
    assert ledger.balance_of(user) == 100


def test_a_weekly_mission_completed_on_sunday_night_is_claimable_the_next_week() -> None:
    on_time, too_late = player_with_gold(0), player_with_gold(0)
    weekly = _template("weekly_one_checkin", "daily_checkin", 1, cadence="weekly", reward_gold=400)
    frozen = clock.FrozenClock(datetime(2026, 11, 29, 23, 59, 59, tzinfo=KST).astimezone(UTC))  # a Sunday
    with clock.use_clock(frozen):
        _record(on_time, Kind.DAILY_CHECKIN)
        _record(too_late, Kind.DAILY_CHECKIN)
        frozen.set(datetime(2026, 11, 30, 0, 0, 0, tzinfo=KST).astimezone(UTC))  # Monday: a new week
        assert (weekly, "W2026-11-23", True) in _previous(on_time)
        assert _view(on_time, "weekly_one_checkin").progress == 0
        frozen.set(datetime(2026, 12, 6, 23, 59, 59, tzinfo=KST).astimezone(UTC))  # the last second of that week
        paid = missions.claim(on_time, weekly, "sunday")
        assert (paid.gold, paid.period_key) == (400, "W2026-11-23")
        frozen.set(datetime(2026, 12, 7, 0, 0, 0, tzinfo=KST).astimezone(UTC))  # two resets later
        assert (weekly, "W2026-11-23", True) not in _previous(too_late)
        with pytest.raises(missions.MissionNotCompleted):
            missions.claim(too_late, weekly, "monday")
    assert (ledger.balance_of(on_time), ledger.balance_of(too_late)) == (400, 0)


def test_a_deactivated_mission_keeps_completed_rewards_claimable_but_counts_nothing_new() -> None:
    user = player_with_gold(0)
    done = _template("deactivated_done", "daily_checkin", 1, reward_gold=250)
    started = _template("deactivated_started", "daily_checkin", 5, reward_gold=250)
    staff = new_staff()
    frozen = clock.FrozenClock(datetime(2026, 12, 2, 12, 0, tzinfo=KST).astimezone(UTC))
    with clock.use_clock(frozen):
        _record(user, Kind.DAILY_CHECKIN)
        _record(user, Kind.DAILY_CHECKIN)
        for mission in (done, started):
            templates.set_active(mission, False, actor_id=staff)
        listed = {m.id: m for m in missions.board(user).daily}
        assert listed[done].claimable  # still on the board: its reward is waiting
        assert started not in listed  # nothing to claim: gone with the deactivation
        with pytest.raises(missions.MissionNotFound):
            missions.claim(user, started, "not-done")

        frozen.set(datetime(2026, 12, 3, 0, 0, 1, tzinfo=KST).astimezone(UTC))
        _record(user, Kind.DAILY_CHECKIN)  # counts towards no deactivated mission
        assert [row for row in _previous(user) if row[0] in (done, started)] == [(done, "D2026-12-02", True)]
        paid = missions.claim(user, done, "kept")
        assert (paid.gold, paid.period_key) == (250, "D2026-12-02")
        assert missions.claim(user, done, "kept").replayed
        with pytest.raises(missions.MissionNotFound):
            missions.claim(user, done, "nothing-left")
        assert [row for row in _previous(user) if row[0] in (done, started)] == []
    assert _progress(user, done) == 1
    assert _progress(user, started) == 2
    assert ledger.balance_of(user) == 250
