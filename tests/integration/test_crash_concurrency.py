"""200 players in the same crash rounds, cashing out at random moments while the loop ticks at its real rate.

The leader is a ``Driver`` stepped by a background thread (each step sleeps what the loop asks: a 100 ms tick in
flight); the players are asyncio tasks on the in-process ASGI client. Each player bets in the betting phase
(a third with an auto cash-out target), and two thirds send one manual cash-out at a random moment of the
flight. The moments are spread over 1.5 times the round's flight, and a quarter of them crowd the last 60 ms
before and the first 60 ms after the crash, where a cash-out races the loop settling the round (the flight is
read from the sealed hash only to shape the traffic). Every request's send and answer times are kept on the
database's clock (the host clock corrected by an offset measured each round) and checked against the curve:

- a paid multiplier never exceeds the crash point, and lies on the curve between the request's send and answer;
- a request sent after the crash got 404; one answered before the crash (its bet still open) got paid;
- every bet is settled once (one round row, one payout transfer per cash-out), the round totals add up, each
  balance is its start − stakes + payouts, and the ledger reconciles.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest

from casino_app.services import ledger
from casino_app.services.crash import chain, live
from tests.support.accounts import bearer
from tests.support.api import api_client
from tests.support.crash import BET, CASHOUT, Driver, close_betting, fast_table, key, scalar
from tests.support.crash_play import SteppingThread, count, db_now_ms, funded_players, peek
from tests.support.env import environment

pytestmark = pytest.mark.anyio
PLAYERS = 200
GROWTH = 0.0003  # 2x after 2.3 s, the 10x maximum after 7.7 s
TOLERANCE_MS = 5.0
MAX_ROUNDS = 5
PLACING_S: list[float] = []  # how long each round's 200 bets took (the betting phase, 60 s, ends when they are in)


@dataclass
class Call:
    """One player's part in one round: the bet, and the manual cash-out if any."""

    user_id: int
    headers: dict[str, str]
    amount: int
    auto: int | None  # hundredths
    at_ms: float | None  # the moment of the manual cash-out, ms into the flight
    game_id: int = 0
    status: int = 0
    answer: dict[str, Any] | None = None
    sent_ms: float = 0.0
    received_ms: float = 0.0


@pytest.fixture
def driver() -> Iterator[Driver]:
    with environment(CRASH_CHAIN_LENGTH="1000"):
        fast_table(growth_per_ms=GROWTH, max_multiplier_x100=1_000, betting_ms=60_000)
        leader = Driver()
        yield leader
        leader.close()


async def _phase(phase: str, after_round: int = 0) -> dict[str, Any]:
    """The live snapshot once it shows ``phase`` for a round after ``after_round``."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = live.read() or {}
        if state.get("phase") == phase and (state.get("round_id") or 0) > after_round:
            return state
        await asyncio.sleep(0.01)
    raise AssertionError(f"the loop never reached {phase!r} after round {after_round}")


async def _settled(round_id: int) -> None:
    """Wait until the database has the round crashed (the snapshot may already show the next one)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if scalar("SELECT status FROM crash_rounds WHERE id = :r", r=round_id) == "crashed":
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"round {round_id} was never settled")


async def _place(client: httpx.AsyncClient, call: Call, gate: asyncio.Semaphore) -> None:
    body: dict[str, Any] = {"bet_amount": call.amount}
    if call.auto is not None:
        body["auto_cashout"] = call.auto / 100
    async with gate:
        answer = await client.post(BET, headers={**call.headers, **key()}, json=body)
    assert answer.status_code == 200, f"bet refused (is the betting phase long enough?): {answer.text}"
    call.game_id = int(answer.json()["game_id"])


def _clock_offset() -> float:
    """The database clock minus this host's, in ms (within half a local round trip)."""
    before = time.time() * 1000
    database = db_now_ms()
    return database - (before + time.time() * 1000) / 2


async def _cash_out(client: httpx.AsyncClient, call: Call, started_ms: float, offset: float) -> None:
    """Send the manual cash-out at its moment; times on the database's clock."""
    assert call.at_ms is not None
    await asyncio.sleep(max(0.0, started_ms + call.at_ms - time.time() * 1000 - offset) / 1000)
    call.sent_ms = time.time() * 1000 + offset
    answer = await client.post(CASHOUT, headers={**call.headers, **key()}, json={"game_id": call.game_id})
    call.received_ms = time.time() * 1000 + offset
    call.status, call.answer = answer.status_code, answer.json()


async def _play_round(client: httpx.AsyncClient, players: list[Any], rng: random.Random, after: int) -> list[Call]:
    state = await _phase("betting", after)
    flight = chain.flight_ms(peek(int(state["round_id"])), GROWTH)
    horizon = max(1_500.0, 1.5 * flight)  # the moments straddle the crash
    calls = [
        Call(
            p.user.id,
            bearer(p.access_token),
            rng.randint(10, 1_000),
            rng.randint(101, 500) if i % 3 == 0 else None,
            None if i % 3 == 2 else rng.uniform(flight - 60, flight + 60) if i % 4 == 0 else rng.uniform(0, horizon),
        )
        for i, p in enumerate(players)
    ]
    gate, placing = asyncio.Semaphore(16), time.monotonic()
    await asyncio.gather(*(_place(client, c, gate) for c in calls))
    PLACING_S.append(time.monotonic() - placing)
    close_betting(int(state["round_id"]))
    flying = await _phase("flying", after)
    started = float(
        scalar("SELECT EXTRACT(EPOCH FROM started_at) * 1000 FROM crash_rounds WHERE id = :r", r=flying["round_id"])
    )
    offset = _clock_offset()
    await asyncio.gather(*(_cash_out(client, c, started, offset) for c in calls if c.at_ms is not None))
    await _settled(int(flying["round_id"]))
    return calls


def _check_round(round_id: int, calls: list[Call]) -> dict[str, int]:
    """Every check on one round; returns what happened (for the final tally)."""
    point, started = scalar(
        "SELECT json_build_array(crash_point, EXTRACT(EPOCH FROM started_at) * 1000) FROM crash_rounds WHERE id = :r",
        r=round_id,
    )
    flight = chain.flight_ms(point, GROWTH)
    rows = {
        r["id"]: r
        for r in scalar(
            "SELECT json_agg(json_build_object('id', id, 'status', status, 'm', cashout_multiplier, 'payout', payout,"
            " 'auto', auto_cashout, 'game_round', game_round_id)) FROM crash_bets WHERE round_id = :r",
            r=round_id,
        )
    }
    assert sorted(rows) == sorted(c.game_id for c in calls)
    tally = {"paid": 0, "late_404": 0, "auto_paid": 0, "answered_404": 0}
    for call in calls:
        row = rows[call.game_id]
        assert row["status"] in ("cashed", "lost"), row
        assert row["game_round"] is not None, row
        if row["status"] == "cashed":
            assert 100 <= row["m"] <= point, (row, point)
            assert row["payout"] == call.amount * row["m"] // 100
        if call.at_ms is None:
            tally["auto_paid"] += row["status"] == "cashed"
            continue
        sent, received = call.sent_ms - started, call.received_ms - started
        assert call.status in (200, 404), call.answer
        if sent >= flight + TOLERANCE_MS:
            assert call.status == 404, (call, point, flight)  # the crash came first: nothing paid
            tally["late_404"] += 1
        reachable = chain.multiplier_at(received + TOLERANCE_MS, GROWTH)
        if received < flight - TOLERANCE_MS and (call.auto is None or call.auto > reachable):
            assert call.status == 200, (call, point, flight)  # still flying, bet still open: paid
        if call.status == 200:
            assert call.answer is not None
            paid = int(Decimal(str(call.answer["multiplier"])) * 100)
            floor = chain.multiplier_at(sent - TOLERANCE_MS, GROWTH)
            assert min(floor, call.auto or floor) <= paid <= min(reachable, point), (call, point)
            assert (row["status"], row["m"], row["payout"]) == ("cashed", paid, call.answer["payout"])
            tally["paid"] += 1
        else:
            assert call.answer is not None
            assert call.answer["error"]["code"] == "CRASH_BET_NOT_ACTIVE"
            tally["answered_404"] += 1
            if row["status"] == "cashed":  # the loop paid its auto target before the request
                assert row["m"] == call.auto, (row, call)
                tally["auto_paid"] += 1
        if call.auto is not None and row["status"] == "cashed" and call.status != 200:
            assert row["m"] == call.auto
    totals = scalar(
        "SELECT json_build_array(total_bet, total_paid, players) FROM crash_rounds WHERE id = :r", r=round_id
    )
    assert totals == [sum(c.amount for c in calls), sum(r["payout"] for r in rows.values()), len(calls)]
    return tally


async def test_two_hundred_players_never_beat_the_crash_and_the_books_balance(
    driver: Driver, capsys: pytest.CaptureFixture[str]
) -> None:
    began = time.monotonic()
    players = funded_players(PLAYERS, 100_000)
    signup_s = time.monotonic() - began
    starts = {p.user.id: ledger.balance_of(p.user.id) for p in players}
    rng = random.Random(20261128)
    played: list[tuple[int, list[Call]]] = []
    tally: dict[str, int] = {}
    async with api_client() as client:
        with SteppingThread(driver):
            last = 0
            while len(played) < 2 or (not tally.get("paid") and len(played) < MAX_ROUNDS):
                calls = await _play_round(client, players, rng, last)
                last = int(scalar("SELECT max(id) FROM crash_rounds WHERE status = 'crashed'"))
                played.append((last, calls))
                for name, value in _check_round(last, calls).items():
                    tally[name] = tally.get(name, 0) + value
    stakes = dict.fromkeys(starts, 0)
    for _, calls in played:
        for call in calls:
            stakes[call.user_id] += call.amount
    payouts = dict.fromkeys(starts, 0)
    for uid, paid in scalar("SELECT json_agg(json_build_array(user_id, payout)) FROM crash_bets") or []:
        payouts[uid] += paid
    assert {uid: ledger.balance_of(uid) for uid in starts} == {u: starts[u] - stakes[u] + payouts[u] for u in starts}
    cashed = count("SELECT count(*) FROM crash_bets WHERE status = 'cashed'")
    assert count("SELECT count(*) FROM ledger_transfers WHERE kind = 'CRASH_CASHOUT'") == cashed
    assert count("SELECT count(*) FROM ledger_transfers WHERE kind = 'CRASH_BET'") == PLAYERS * len(played)
    assert count("SELECT count(*) FROM game_rounds WHERE game = 'crash'") == PLAYERS * len(played)
    assert ledger.reconcile().ok
    assert tally["paid"] > 0  # both sides of the crash were exercised
    assert tally["late_404"] > 0
    with capsys.disabled():
        print(
            f"\ncrash concurrency: {PLAYERS} players signed up in {signup_s:.1f} s; {len(played)} rounds"
            f" (crash points {[scalar('SELECT crash_point FROM crash_rounds WHERE id = :r', r=r) for r, _ in played]});"
            f" bets placed in {', '.join(f'{s:.1f}' for s in PLACING_S)} s; {tally}; cashed {cashed};"
            f" {time.monotonic() - began:.1f} s in all"
        )
