"""The nightly segment job on a fixture with known behaviour: groups, flags, idempotence, audiences, the staff API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.services import heartbeat
from casino_app.services.care import exclusions, guard, segments, settings
from casino_app.services.shop import orders, refunds
from casino_app.workers.schedule import periodic_jobs
from tests.support import shop as s
from tests.support.accounts import PASSWORD, bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope

# Thursday 2026-12-10 04:00 KST: the nightly run's instant.
NOW = datetime(2026, 12, 9, 19, 0, tzinfo=UTC)
KST = timedelta(hours=9)


def kst(days_ago: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant ``days_ago`` KST calendar days before NOW's, at ``hour:minute`` KST."""
    day = (NOW + KST).date() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - KST + timedelta(minutes=minute)


def add_rounds(user_id: int, rounds: list[tuple[datetime, int, int]]) -> None:
    """Insert ``(created_at, bet, payout)`` rounds in this order (ids rise with the list, as time does)."""
    assert rounds == sorted(rounds, key=lambda r: r[0])
    with get_engine().begin() as conn:
        conn.execute(sa.text("INSERT INTO games (key) VALUES ('slot') ON CONFLICT DO NOTHING"))
        seed_id = conn.execute(
            sa.text(
                "INSERT INTO fairness_seeds (user_id, server_seed_encrypted, server_seed_hash, client_seed, status,"
                " revealed_seed) VALUES (:u, 'test', :h, 'client', 'revealed', :h) RETURNING id"
            ),
            {"u": user_id, "h": uuid.uuid4().hex * 2},
        ).scalar_one()
        conn.execute(
            sa.text(
                "INSERT INTO game_rounds (user_id, game, config_version, seed_id, server_seed_hash, client_seed,"
                " nonce, bet, payout, outcome, request_key, created_at)"
                " VALUES (:u, 'slot', 1, :seed, 'h', 'client', :n, :bet, :payout, '{}', :key, :at)"
            ),
            [
                {"u": user_id, "seed": seed_id, "n": n, "bet": bet, "payout": payout, "key": uuid.uuid4().hex, "at": at}
                for n, (at, bet, payout) in enumerate(rounds)
            ],
        )


def buy(user_id: int, product_id: int, at: datetime) -> str:
    """A purchase paid through the sandbox at ``at``; returns the order code."""
    with clock.use_clock(clock.FrozenClock(at)):
        order = orders.purchase(user_id, product_id, s.key())
        s.pay(order.code)
    assert s.order_row(order.code).status == "paid"
    return order.code


def player(joined_days_ago: int) -> int:
    """A fresh adult player who signed up ``joined_days_ago`` days before NOW."""
    with clock.use_clock(clock.FrozenClock(NOW - timedelta(days=joined_days_ago))):
        return s.adult()


@dataclass(frozen=True)
class Cast:
    """The fixture's players by what they did."""

    ids: dict[str, int]
    staff: int


EXPECTED: dict[str, tuple[str, list[str]]] = {
    "newcomer": ("new", []),
    "never_played": ("dormant", []),
    "gone": ("dormant", []),
    "lapsing": ("at_risk", []),
    "casual": ("active", []),
    "regular": ("regular", []),
    "big_payer": ("high_value", []),
    "burst_buyer": ("active", ["spend_velocity"]),
    "week_spender": ("high_value", ["spend_velocity"]),
    "night_owl": ("regular", ["late_night"]),
    "few_nights": ("active", []),
    "chaser": ("active", ["loss_chasing"]),
    "chaser_edge": ("active", ["loss_chasing"]),
    "chaser_below": ("active", []),
    "steady_loser": ("active", []),
    "old_chaser": ("at_risk", []),
}


def _losing_run(start: datetime, bets: list[int]) -> list[tuple[datetime, int, int]]:
    return [(start + timedelta(minutes=i), bet, 0) for i, bet in enumerate(bets)]


def _chase(start: datetime, raised: int, pairs: int) -> list[tuple[datetime, int, int]]:
    """``pairs + 1`` losing rounds where exactly ``raised`` of the ``pairs`` follow-ups stake more than before."""
    bets, bet = [100], 100
    for i in range(pairs):
        bet = bet + 10 if i < raised else bet - 1
        bets.append(bet)
    return _losing_run(start, bets)


@pytest.fixture
def cast() -> Cast:
    ids = {name: player(3 if name == "newcomer" else 120) for name in EXPECTED}
    staff = new_staff("operator")
    add_rounds(staff, [(kst(1, 14), 100, 0)])
    add_rounds(ids["newcomer"], [(kst(1, 12), 100, 150)])
    add_rounds(ids["gone"], [(kst(45, 12), 100, 0)])
    add_rounds(ids["lapsing"], [(kst(20, 12), 100, 0), (kst(12, 12), 100, 0)])
    add_rounds(ids["casual"], [(kst(2, 12), 100, 0), (kst(1, 20), 100, 300)])
    add_rounds(ids["regular"], [(kst(d, 15), 100, 90) for d in range(23, 0, -2)])  # 12 active days
    add_rounds(ids["big_payer"], [(kst(1, 12), 100, 0)])
    add_rounds(ids["burst_buyer"], [(kst(1, 12), 100, 0)])
    add_rounds(ids["week_spender"], [(kst(1, 12), 100, 0)])
    # 20 rounds between 00:00 and 05:00 KST and 30 in the day: 40 % late at night.
    night = [(kst(d, h, 30), 50, 0) for d in range(1, 11) for h in (1, 4)]
    day = [(kst(d, 15, m), 50, 0) for d in range(1, 11) for m in (0, 10, 20)]
    add_rounds(ids["night_owl"], sorted(night + day))
    add_rounds(ids["few_nights"], sorted((kst(d, h), 50, 0) for d in range(1, 6) for h in (1, 2)))  # only 10
    add_rounds(ids["chaser"], _chase(kst(2, 13), raised=30, pairs=30))
    add_rounds(ids["chaser_edge"], _chase(kst(2, 13), raised=10, pairs=20))  # exactly 50 % of 20 pairs
    add_rounds(ids["chaser_below"], _chase(kst(2, 13), raised=9, pairs=20))
    add_rounds(ids["steady_loser"], _losing_run(kst(2, 13), [100] * 31))
    add_rounds(ids["old_chaser"], _chase(kst(9, 13), raised=30, pairs=30))  # over a week ago
    big, small = s.product(price_krw=50_000, gold=50_000), s.product(price_krw=4_900, gold=5_000)
    buy(ids["big_payer"], big.id, kst(50, 12))
    buy(ids["big_payer"], big.id, kst(40, 12))
    refunded = buy(ids["big_payer"], big.id, kst(30, 12))  # refunded: not in monetary
    with clock.use_clock(clock.FrozenClock(kst(30, 13))):
        refunds.staff_refund(refunded, "test refund", actor_id=staff)
    for minute in (0, 30, 60):  # three payments within 24 hours
        buy(ids["burst_buyer"], small.id, kst(3, 12, minute))
    buy(ids["week_spender"], big.id, kst(5, 12))
    buy(ids["week_spender"], big.id, kst(3, 12))
    return Cast(ids, staff)


def _rows() -> dict[int, tuple[str, list[str], int | None, int, int, tuple[int, int, int]]]:
    with session_scope() as db:
        rows = db.execute(
            sa.text(
                "SELECT user_id, rfm_group, flags, recency_days, frequency, monetary_krw, r_score, f_score, m_score"
                " FROM player_segments"
            )
        ).all()
    return {r[0]: (r[1], sorted(r[2]), r[3], r[4], r[5], (r[6], r[7], r[8])) for r in rows}


def test_the_fixture_lands_in_the_expected_groups_and_flags(cast: Cast) -> None:
    result = segments.run(NOW)
    rows = _rows()
    assert cast.staff not in rows
    got = {name: rows[uid][:2] for name, uid in cast.ids.items()}
    assert got == {name: (group, sorted(flags)) for name, (group, flags) in EXPECTED.items()}
    assert rows[cast.ids["never_played"]][2:5] == (None, 0, 0)
    assert rows[cast.ids["gone"]][2] == 44  # 44 days and 16 hours
    assert rows[cast.ids["regular"]][2:6] == (0, 12, 0, (3, 3, 1))
    assert rows[cast.ids["big_payer"]][4:6] == (100_000, (3, 1, 3))
    assert rows[cast.ids["burst_buyer"]][4] == 14_700
    assert rows[cast.ids["lapsing"]][2] == 11

    expected_groups = dict.fromkeys(segments.GROUPS, 0)
    expected_flags = dict.fromkeys(segments.FLAGS, 0)
    for group, flags in EXPECTED.values():
        expected_groups[group] += 1
        for flag in flags:
            expected_flags[flag] += 1
    assert (result.groups, result.flags) == (expected_groups, expected_flags)
    assert (result.players, result.flagged) == (len(EXPECTED), 5)
    with session_scope() as db:
        details = db.execute(
            sa.text("SELECT details FROM player_segments WHERE user_id = :u"), {"u": cast.ids["night_owl"]}
        ).scalar_one()
    assert (details["late_rounds"], details["rounds_14d"]) == (20, 50)


def test_a_rerun_is_idempotent_and_drops_staff_and_disabled_accounts(cast: Cast) -> None:
    first = segments.run(NOW)
    before = _rows()
    again = segments.run(NOW)
    assert _rows() == before
    assert (again.groups, again.flags, again.players, again.removed) == (first.groups, first.flags, first.players, 0)
    with session_scope() as db:
        db.execute(sa.text("UPDATE users SET staff_role = 'operator' WHERE id = :u"), {"u": cast.ids["chaser"]})
        db.execute(sa.text("UPDATE users SET is_active = false WHERE id = :u"), {"u": cast.ids["casual"]})
    third = segments.run(NOW)
    assert third.removed == 2
    assert third.players == len(EXPECTED) - 2
    assert cast.ids["chaser"] not in _rows()
    # A week later the payments, late nights and chasing have left their windows: the flags clear.
    later = segments.run(NOW + timedelta(days=15))
    assert later.flagged == 0
    assert later.flags == dict.fromkeys(segments.FLAGS, 0)


def test_a_flagged_player_gets_reality_checks_every_15_minutes(cast: Cast) -> None:
    segments.run(NOW)
    with clock.use_clock(clock.FrozenClock(NOW)):
        settings.set_reality_interval(cast.ids["night_owl"], 60)
        settings.set_reality_interval(cast.ids["casual"], 60)
        assert settings.get(cast.ids["night_owl"]).effective_interval_min == 15
        assert settings.get(cast.ids["night_owl"]).flagged is True
        assert settings.get(cast.ids["casual"]).effective_interval_min == 60
        assert settings.get(cast.ids["lapsing"]).effective_interval_min == 30


def test_audiences_leave_out_breaks_and_flags_like_marketing_allowed(cast: Cast) -> None:
    segments.run(NOW)
    with clock.use_clock(clock.FrozenClock(NOW)):
        exclusions.start(cast.ids["chaser_below"], "cool_off", "24h")
        with session_scope() as db:
            active = segments.audience(db, "active")
            flagged_or_paused = {cast.ids[n] for n in ("burst_buyer", "night_owl", "chaser", "chaser_edge")}
            expected = sorted(
                cast.ids[name]
                for name, (group, _) in EXPECTED.items()
                if group == "active" and cast.ids[name] not in flagged_or_paused and name != "chaser_below"
            )
            assert active == expected
            for uid in cast.ids.values():
                if uid in segments.audience(db, "active") + segments.audience(db, "high_value"):
                    assert guard.marketing_allowed(db, uid)
            assert not guard.marketing_allowed(db, cast.ids["chaser_below"])
            assert segments.audience(db, "high_value") == [cast.ids["big_payer"]]
            with pytest.raises(ValueError, match="unknown group"):
                segments.audience(db, "whales")


def test_the_nightly_job_runs_once_after_each_0400_kst(cast: Cast) -> None:
    job = next(j for j in periodic_jobs() if j.name == segments.JOB_NAME)
    assert job.task_name == "cc.care_segments"
    at_0359 = NOW - timedelta(minutes=1)
    assert segments.last_nightly_time(NOW) == NOW
    assert segments.last_nightly_time(at_0359) == NOW - timedelta(days=1)
    assert segments.due(None, NOW)
    assert segments.due(NOW - timedelta(seconds=1), NOW)
    assert not segments.due(NOW, NOW + timedelta(hours=23))
    assert not segments.due(at_0359 - timedelta(hours=2), at_0359)
    job.run("test")  # real time: never ran, so it runs now
    assert heartbeat.last_runs()[segments.JOB_NAME].runs == 1
    job.run("test")
    assert heartbeat.last_runs()[segments.JOB_NAME].runs == 1  # not due again until the next 04:00 KST
    with session_scope() as db:
        assert db.execute(sa.text("SELECT count(*) FROM player_segments")).scalar_one() == len(EXPECTED)


async def _login(client, role: str) -> dict[str, str]:
    site_id = f"care{uuid.uuid4().hex[:8]}"
    new_staff(role, site_id=site_id)
    response = await client.post("/api/admin/auth/login", json={"site_id": site_id, "password": PASSWORD})
    return bearer(response.json()["access_token"])


@pytest.mark.anyio
async def test_staff_api_counts_and_care_list(cast: Cast) -> None:
    segments.run(NOW)
    with clock.use_clock(clock.FrozenClock(NOW)):
        exclusions.start(cast.ids["night_owl"], "self_exclusion", "6m")
    pair = new_player()
    async with api_client() as client:
        assert_envelope(await client.get("/api/admin/care/segments"), 401)
        for path in ("/api/admin/care/segments", "/api/admin/care/list"):
            assert_envelope(await client.get(path, headers=bearer(pair.access_token)), 403)
        operator = await _login(client, "operator")

        counts = (await client.get("/api/admin/care/segments", headers=operator)).json()
        assert set(counts) == {"computed_at", "players", "flagged", "groups", "flags"}
        assert (counts["players"], counts["flagged"]) == (len(EXPECTED), 5)
        assert counts["groups"]["high_value"] == 2
        assert counts["flags"] == {"spend_velocity": 2, "late_night": 1, "loss_chasing": 2}

        page = (await client.get("/api/admin/care/list", headers=operator)).json()
        assert (page["total"], page["next_offset"]) == (5, None)
        flagged = {name for name, (_, flags) in EXPECTED.items() if flags}
        assert {i["user_id"] for i in page["items"]} == {cast.ids[n] for n in flagged}
        owl = next(i for i in page["items"] if i["user_id"] == cast.ids["night_owl"])
        assert owl["flags"] == ["late_night"]
        assert owl["on_break"]["kind"] == "self_exclusion"
        assert owl["details"]["late_rounds"] == 20
        assert owl["last_active_at"] is not None
        assert all(i["on_break"] is None for i in page["items"] if i["user_id"] != cast.ids["night_owl"])

        chasing = (await client.get("/api/admin/care/list?flag=loss_chasing", headers=operator)).json()
        assert {i["user_id"] for i in chasing["items"]} == {cast.ids["chaser"], cast.ids["chaser_edge"]}
        rich = await client.get("/api/admin/care/list?group=high_value&flag=spend_velocity", headers=operator)
        assert [i["user_id"] for i in rich.json()["items"]] == [cast.ids["week_spender"]]
        first = (await client.get("/api/admin/care/list?limit=4", headers=operator)).json()
        second = (await client.get("/api/admin/care/list?limit=4&offset=4", headers=operator)).json()
        assert (first["next_offset"], second["next_offset"], len(second["items"])) == (4, None, 1)
        assert {i["user_id"] for i in first["items"] + second["items"]} == {i["user_id"] for i in page["items"]}

        assert_envelope(await client.get("/api/admin/care/list?flag=whale", headers=operator), 422)
        assert_envelope(await client.get("/api/admin/care/list?limit=0", headers=operator), 422)
        assert_envelope(await client.get("/api/admin/care/list?offset=-1", headers=operator), 422)


def test_console_rows_and_the_cli(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    from casino_app import cli
    from casino_app.pages.admin_care import admin_care_page
    from casino_app.state.admin_care import care_row

    with clock.use_clock(clock.FrozenClock(NOW)):
        assert cli.main(["segments-run"]) == 0
        exclusions.start(cast.ids["chaser"], "cool_off", "72h")
    printed = capsys.readouterr().out
    assert f"{len(EXPECTED)} players (5 flagged; 0 rows removed)" in printed
    assert "loss_chasing 2" in printed

    rows = {int(r["user_id"]): r for r in map(care_row, segments.care_list(flag="loss_chasing").items)}
    chaser = rows[cast.ids["chaser"]]
    assert (chaser["flag_loss_chasing"], chaser["flag_late_night"], chaser["flag_spend_velocity"]) == ("1", "", "")
    assert (chaser["chase_raised"], chaser["chase_pairs"], chaser["group"]) == ("30", "30", "active")
    assert chaser["break_kind"] == "cool_off"
    assert chaser["break_until"] == "2026-12-14 04:00"  # 72 hours, then 24 more after the opt-in (KST)
    assert rows[cast.ids["chaser_edge"]]["break_kind"] == ""
    week = care_row(segments.care_list(group="high_value").items[0])
    assert (week["spend_krw"], week["krw"], week["recency"]) == ("100,000", "100,000", "0")
    assert "cc-care-list" in str(admin_care_page())
