"""Crash through the REST API: the seed's bet and cash-out contract, refusals that record nothing, the crash
point that nobody beats, auto cash-outs at their targets, stats and history, the care break.

The loop is a ``Driver`` in this process (the leader, stepped by the test), with a table whose curve climbs fast
(``growth_per_ms`` 0.001: 2x after 0.7 s). Rounds are picked by their sealed crash point where a test needs a
long enough flight or a crash below a target (``tests.support.crash_play``); the outcome is always the service's.
The operators' side (sessions, pause) is in ``test_crash_admin_api.py``.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import httpx
import pytest

from casino_app.services import ledger
from casino_app.services.care import exclusions
from casino_app.services.crash import bets, chain, live
from casino_app.services.crash.game import CrashBetRequest
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.crash import BET, CASHOUT, Driver, close_betting, fast_table, key, scalar
from tests.support.crash_play import count, db_now_ms, round_with, transfers
from tests.support.env import environment
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio
SEED_BET_KEYS = {"game_id", "round_id", "bet_amount", "auto_cashout", "balance"}


@pytest.fixture
def crash_loop() -> Iterator[Callable[..., Driver]]:
    """``start(**table)`` publishes a fast table and returns a Driver (closed after the test)."""
    drivers: list[Driver] = []

    def start(**table: Any) -> Driver:
        fast_table(**{"growth_per_ms": 0.001, "betting_ms": 1500, **table})
        drivers.append(Driver())
        return drivers[-1]

    with environment(CRASH_CHAIN_LENGTH="1000"):
        yield start
        for driver in drivers:
            driver.close()


class _Player:
    """A signed-up player with ``gold`` more than the welcome grant: id, auth user, headers, starting balance."""

    def __init__(self, gold: int = 100_000) -> None:
        pair = new_player()
        fund(pair.user.id, gold)
        self.id, self.user, self.headers = pair.user.id, pair.user, bearer(pair.access_token)
        self.start = ledger.balance_of(self.id)


async def _bet(client: httpx.AsyncClient, headers: dict[str, str], amount: int, auto: float | None = None) -> int:
    body: dict[str, Any] = {"bet_amount": amount} | ({"auto_cashout": auto} if auto is not None else {})
    response = await client.post(BET, headers={**headers, **key()}, json=body)
    assert response.status_code == 200, response.text
    return int(response.json()["game_id"])


def _nothing_recorded(user_id: int, balance: int) -> None:
    """No bet row, no stake or payout transfer, no round row, the balance untouched."""
    assert count("SELECT count(*) FROM crash_bets WHERE user_id = :u", u=user_id) == 0
    assert transfers(user_id, "CRASH_BET") == transfers(user_id, "CRASH_CASHOUT") == 0
    assert count("SELECT count(*) FROM game_rounds WHERE user_id = :u", u=user_id) == 0
    assert ledger.balance_of(user_id) == balance


async def test_a_bet_answers_the_seed_contract_once_and_a_retry_replays_it(crash_loop: Callable[..., Driver]) -> None:
    driver = crash_loop()
    player, other = _Player(), _Player()
    async with api_client() as client:
        state = driver.until("betting")
        no_key = await client.post(BET, headers=player.headers, json={"bet_amount": 500})
        once = {**player.headers, **key()}
        first = await client.post(BET, headers=once, json={"bet_amount": 500, "auto_cashout": 2.5})
        again = await client.post(BET, headers=once, json={"betAmount": 500, "autoCashout": 2.5})
        changed = await client.post(BET, headers=once, json={"bet_amount": 600})
        second = await client.post(BET, headers={**player.headers, **key()}, json={"bet_amount": 100})
        camel = await client.post(BET, headers={**other.headers, **key()}, json={"betAmount": 100, "autoCashout": 1.5})
        request = CrashBetRequest(bet_amount=500, auto_cashout=2.5)
        replay = bets.place(player.user, request, f"api:{once['Idempotency-Key']}")  # the service's own guard
    assert_envelope(no_key, 400, "IDEMPOTENCY_KEY_REQUIRED")
    assert first.status_code == 200, first.text
    body = first.json()
    assert SEED_BET_KEYS <= set(body) == SEED_BET_KEYS | {"round_number"}
    assert (body["round_id"], body["round_number"]) == (state["round_id"], state["number"])
    assert (body["bet_amount"], body["auto_cashout"], body["balance"]) == (500, 2.5, player.start - 500)
    assert again.text == first.text  # the same request in camelCase: the same bet, not a second debit
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert (replay.game_id, replay.replayed) == (body["game_id"], True)
    assert_envelope(changed, 409, "IDEMPOTENCY_KEY_REUSED")
    assert_envelope(second, 409, "CRASH_BET_ACTIVE")
    assert camel.status_code == 200, camel.text
    assert (camel.json()["bet_amount"], camel.json()["auto_cashout"]) == (100, 1.5)
    assert count("SELECT count(*) FROM crash_bets WHERE user_id = :u", u=player.id) == 1
    assert transfers(player.id, "CRASH_BET") == 1
    assert (ledger.balance_of(player.id), ledger.balance_of(other.id)) == (player.start - 500, other.start - 100)
    totals = scalar("SELECT total_bet || '/' || players FROM crash_rounds WHERE id = :r", r=state["round_id"])
    assert totals == "600/2"


async def test_bets_outside_the_betting_phase_are_closed_and_record_nothing(crash_loop: Callable[..., Driver]) -> None:
    driver = crash_loop()
    player = _Player()
    body = {"bet_amount": 100}
    async with api_client() as client:
        driver.until("flying")
        flying = await client.post(BET, headers={**player.headers, **key()}, json=body)
        crashed = driver.until("crashed")
        after = await client.post(BET, headers={**player.headers, **key()}, json=body)
        # The snapshot still says "betting" but the database's clock has closed the phase: the flight won the race.
        state = driver.until("betting")
        await asyncio.sleep(max(0.0, state["betting_ends_ms"] - db_now_ms()) / 1000 + 0.05)
        late = await client.post(BET, headers={**player.headers, **key()}, json=body)
    error = assert_envelope(flying, 409, "CRASH_BETTING_CLOSED")
    assert (error["details"]["phase"], error["details"]["next_round_ms"]) == ("flying", None)
    error = assert_envelope(after, 409, "CRASH_BETTING_CLOSED")
    assert error["details"]["phase"] == "crashed"
    assert error["details"]["next_round_ms"] == crashed["next_round_ms"] > crashed["crashed_ms"]
    assert_envelope(late, 409, "CRASH_BETTING_CLOSED")
    _nothing_recorded(player.id, player.start)
    assert count("SELECT count(*) FROM crash_rounds WHERE total_bet <> 0 OR players <> 0") == 0
    assert ledger.reconcile().ok


OUTSIDE_THE_TABLE: list[tuple[dict[str, Any], str]] = [
    ({"bet_amount": 9}, "BET_NOT_ALLOWED"),  # table: 10 … 10,000
    ({"bet_amount": 10_001}, "BET_NOT_ALLOWED"),
    ({"bet_amount": 0}, "VALIDATION_ERROR"),
    ({"bet_amount": -100}, "VALIDATION_ERROR"),
    ({"bet_amount": 100.0}, "VALIDATION_ERROR"),
    ({"bet_amount": 100.5}, "VALIDATION_ERROR"),
    ({"bet_amount": "100"}, "VALIDATION_ERROR"),
    ({"bet_amount": True}, "VALIDATION_ERROR"),
    ({"bet_amount": 10**30}, "VALIDATION_ERROR"),
    ({}, "VALIDATION_ERROR"),
    ({"bet_amount": 100, "auto_cashout": 1.0}, "VALIDATION_ERROR"),
    ({"bet_amount": 100, "auto_cashout": 1.009}, "VALIDATION_ERROR"),
    ({"bet_amount": 100, "auto_cashout": 0}, "VALIDATION_ERROR"),
    ({"bet_amount": 100, "auto_cashout": -2}, "VALIDATION_ERROR"),
    ({"bet_amount": 100, "auto_cashout": 1000.01}, "AUTO_CASHOUT_INVALID"),  # the table's maximum is 1000x
    ({"bet_amount": 100, "auto_cashout": 10_001}, "VALIDATION_ERROR"),
    ({"bet_amount": 100, "auto_cashout": 2.555}, "AUTO_CASHOUT_INVALID"),  # three decimals
    ({"bet_amount": 100, "auto_cashout": 1.011}, "AUTO_CASHOUT_INVALID"),
    ({"bet_amount": 100, "auto_cashout": "lots"}, "VALIDATION_ERROR"),
    ({"bet_amount": 100, "crash_point": 5}, "VALIDATION_ERROR"),
]


async def test_bets_outside_the_table_are_422_and_record_nothing(crash_loop: Callable[..., Driver]) -> None:
    driver = crash_loop(betting_ms=3000)
    player, edges = _Player(), _Player()
    async with api_client() as client:
        state = driver.until("betting")
        answers = [await client.post(BET, headers={**player.headers, **key()}, json=b) for b, _ in OUTSIDE_THE_TABLE]
        _nothing_recorded(player.id, player.start)
        # The phase was open all along: the table's own edges are taken, by the same player and another.
        low = await client.post(BET, headers={**player.headers, **key()}, json={"bet_amount": 10, "auto_cashout": 1000})
        high = await client.post(
            BET, headers={**edges.headers, **key()}, json={"bet_amount": 10_000, "auto_cashout": 1.01}
        )
    for (body, code), answer in zip(OUTSIDE_THE_TABLE, answers, strict=True):
        assert answer.status_code == 422, (body, answer.text)
        assert assert_envelope(answer, 422, code), body
    assert (low.status_code, high.status_code) == (200, 200), (low.text, high.text)
    assert (low.json()["auto_cashout"], high.json()["auto_cashout"]) == (1000, 1.01)
    totals = scalar("SELECT total_bet || '/' || players FROM crash_rounds WHERE id = :r", r=state["round_id"])
    assert totals == "10010/2"


async def _cash(client: httpx.AsyncClient, headers: dict[str, str], game_id: object, **more: str) -> httpx.Response:
    return await client.post(CASHOUT, headers={**headers, **(more or key())}, json={"game_id": game_id})


def _fly_for(driver: Driver, seconds: float) -> None:
    """Keep stepping the loop (at its own pace) for ``seconds``."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        time.sleep(min(driver.step(), 0.05, max(0.0, until - time.monotonic())))


async def test_a_cash_out_pays_the_multiplier_now_exactly_once(crash_loop: Callable[..., Driver]) -> None:
    driver = crash_loop()
    player, stranger, idle = _Player(), _Player(), _Player()
    async with api_client() as client:
        state, point = round_with(driver, lambda p: p >= 300)  # a flight of at least 1.1 s
        game_id = await _bet(client, player.headers, 1000)
        early = await _cash(client, player.headers, game_id)
        driver.until("flying")
        someone_elses = await _cash(client, stranger.headers, game_id)
        no_bet = await _cash(client, idle.headers, game_id + 1)
        unknown = await _cash(client, player.headers, 10**12)
        _fly_for(driver, 0.3)
        once = key()
        paid = await _cash(client, player.headers, game_id, **once)
        replayed = await _cash(client, player.headers, game_id, **once)
        twice = await _cash(client, player.headers, game_id)
        crashed = driver.until("crashed")
    assert_envelope(early, 409, "CRASH_NOT_FLYING")
    for refused in (someone_elses, no_bet, unknown, twice):
        assert_envelope(refused, 404, "CRASH_BET_NOT_ACTIVE")
    assert paid.status_code == 200, paid.text
    body = paid.json()
    assert set(body) == {"game_id", "multiplier", "payout", "balance"}
    multiplier = Decimal(str(body["multiplier"]))
    assert multiplier.as_tuple().exponent >= -2  # a multiplier in x with two decimals
    assert Decimal(1) < multiplier <= Decimal(crashed["crash_point"]) / 100
    assert crashed["crash_point"] == point
    assert body["payout"] == int(1000 * multiplier // 1)
    assert body["balance"] == player.start - 1000 + body["payout"] == ledger.balance_of(player.id)
    assert replayed.text == paid.text
    row = scalar("SELECT status || '/' || cashout_multiplier || '/' || payout FROM crash_bets WHERE id = :b", b=game_id)
    assert row == f"cashed/{int(multiplier * 100)}/{body['payout']}"
    assert transfers(player.id, "CRASH_CASHOUT") == 1
    assert count("SELECT total_paid FROM crash_rounds WHERE id = :r", r=state["round_id"]) == body["payout"]
    assert count("SELECT payout FROM game_rounds WHERE user_id = :u AND game = 'crash'", u=player.id) == body["payout"]
    for other in (stranger, idle):
        _nothing_recorded(other.id, other.start)
    assert ledger.reconcile().ok


@pytest.mark.parametrize(
    "body",
    [{"game_id": "abc"}, {"game_id": "1"}, {"game_id": 0}, {"game_id": -1}, {"game_id": 2**63}, {"game_id": 1.5},
     {"game_id": None}, {"game_id": True}, {}, {"game_id": 1, "multiplier": 2}, {"gameid": 1}],
)  # fmt: skip
async def test_malformed_game_ids_are_refused_in_the_envelope(body: dict[str, Any]) -> None:
    player = _Player()
    async with api_client() as client:
        answer = await client.post(CASHOUT, headers={**player.headers, **key()}, json=body)
        without_key = await client.post(CASHOUT, headers=player.headers, json=body)
    assert_envelope(answer, 422, "VALIDATION_ERROR")
    assert_envelope(without_key, 400, "IDEMPOTENCY_KEY_REQUIRED")
    _nothing_recorded(player.id, player.start)


async def test_a_bet_is_503_while_the_loop_or_the_live_store_is_down_and_debits_nothing(
    crash_loop: Callable[..., Driver], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = crash_loop()  # leads, but has not written a snapshot yet: the loop is not running
    player = _Player()
    body = {"bet_amount": 100}
    async with api_client() as client:
        no_loop = await client.post(BET, headers={**player.headers, **key()}, json=body)
        no_state = await client.get("/api/games/crash/state", headers=player.headers)
        driver.until("betting")
        with monkeypatch.context() as patch:  # a loop that stopped writing: its last snapshot is stale
            patch.setattr(live, "STALE_AFTER_S", 0)
            await asyncio.sleep(0.01)
            stale = await client.post(BET, headers={**player.headers, **key()}, json=body)
        with environment(REDIS_URL="redis://127.0.0.1:1/0"):  # Redis configured, nobody listening
            unreachable = await client.post(BET, headers={**player.headers, **key()}, json=body)
            state_down = await client.get("/api/games/crash/state", headers=player.headers)
        fresh = await client.get("/api/games/crash/state", headers=player.headers)
    for answer, reason in ((no_loop, "loop_not_running"), (stale, "loop_not_running"), (unreachable, "live_store")):
        assert assert_envelope(answer, 503, "CRASH_UNAVAILABLE")["details"]["reason"] == reason
    for answer in (no_state, state_down):
        assert_envelope(answer, 503, "CRASH_UNAVAILABLE")
    assert fresh.status_code == 200, fresh.text  # the round was taking bets all along
    assert fresh.json()["phase"] == "betting"
    _nothing_recorded(player.id, player.start)


async def test_a_cash_out_after_the_crash_point_never_pays_even_before_the_loop_settles(
    crash_loop: Callable[..., Driver],
) -> None:
    driver = crash_loop(betting_ms=20_000)  # ended once the bet is in
    player = _Player()
    async with api_client() as client:
        state, point = round_with(driver, lambda p: 101 <= p <= 300)  # a flight of 10 ms … 1.1 s
        game_id = await _bet(client, player.headers, 2000)
        close_betting(int(state["round_id"]))
        flying = driver.until("flying")
        # The loop is not stepped: nobody has settled the round when the clock passes its crash point.
        crash_at = flying["started_ms"] + chain.flight_ms(point, flying["growth_per_ms"])
        await asyncio.sleep(max(0.0, crash_at - db_now_ms()) / 1000 + 0.05)
        still_flying = scalar("SELECT status FROM crash_rounds WHERE id = :r", r=state["round_id"])
        late = await _cash(client, player.headers, game_id)
        crashed = driver.until("crashed")
    assert still_flying == "flying"
    assert assert_envelope(late, 404, "CRASH_BET_NOT_ACTIVE")["details"]["reason"] == "crashed"
    assert crashed["crash_point"] == point
    assert scalar("SELECT status || '/' || payout FROM crash_bets WHERE id = :b", b=game_id) == "lost/0"
    assert transfers(player.id, "CRASH_CASHOUT") == 0
    assert ledger.balance_of(player.id) == player.start - 2000
    assert ledger.reconcile().ok


async def test_auto_cash_outs_pay_exactly_their_target_up_to_the_crash_point_and_lose_above_it(
    crash_loop: Callable[..., Driver],
) -> None:
    driver = crash_loop(betting_ms=20_000)  # ended once the four bets are in
    low, exact, above, manual = _Player(), _Player(), _Player(), _Player()
    async with api_client() as client:
        state, point = round_with(driver, lambda p: 102 <= p <= 2000)  # room for a target on either side
        targets = {low: 1.01, exact: point / 100, above: (point + 1) / 100, manual: None}
        ids = {p: await _bet(client, p.headers, 3000, auto) for p, auto in targets.items()}
        close_betting(int(state["round_id"]))
        crashed = driver.until("crashed")
    assert crashed["crash_point"] == point
    # P(crash >= x) is the published survival, so a target equal to the crash point is reached and paid.
    expected = {low: ("cashed", 101, 3000 * 101 // 100), exact: ("cashed", point, 3000 * point // 100),
                above: ("lost", None, 0), manual: ("lost", None, 0)}  # fmt: skip
    for player, (status, multiplier, payout) in expected.items():
        row = scalar(
            "SELECT json_build_array(status, cashout_multiplier, payout) FROM crash_bets WHERE id = :b", b=ids[player]
        )
        assert tuple(row) == (status, multiplier, payout), (targets[player], row)
        assert ledger.balance_of(player.id) == player.start - 3000 + payout
        assert transfers(player.id, "CRASH_CASHOUT") == (1 if payout else 0)
        seen = scalar("SELECT outcome FROM game_rounds WHERE request_key = :k", k=f"crash:{ids[player]}")
        assert [seen["cashout_multiplier"], seen["crash_point"], seen["hash"]] == [multiplier, point, crashed["hash"]]
    paid = sum(p for _, _, p in expected.values())
    assert count("SELECT total_paid FROM crash_rounds WHERE id = :r", r=state["round_id"]) == paid
    shown = {(b["auto"], b["status"], b["cashout_multiplier"]) for b in crashed["bets"]}
    assert shown == {(True, "cashed", 101), (True, "cashed", point), (True, "lost", None), (False, "lost", None)}
    assert ledger.reconcile().ok


def _recomputed_crash_point(round_hash: str, edge_bp: int = 300, cap: int = 100_000) -> int:
    """docs/fairness.md, independently: the first 52 bits, R = 1 - edge, floor(100 R 2^52 / (2^52 - u))."""
    u = int(round_hash[:13], 16)
    raw = Fraction(100 * (10_000 - edge_bp), 10_000) * 2**52 / (2**52 - u)
    return min(max(100, raw.numerator // raw.denominator), cap)


async def test_settled_bets_show_in_stats_history_and_verify(crash_loop: Callable[..., Driver]) -> None:
    driver = crash_loop()
    player = _Player()
    async with api_client() as client:
        empty = (await client.get("/api/games/stats/me", headers=player.headers)).json()
        round_with(driver, lambda p: p >= 150)
        won = await _bet(client, player.headers, 200, 1.5)
        driver.until("crashed")
        round_with(driver, lambda p: p < 1000)
        lost = await _bet(client, player.headers, 100, 10)
        driver.until("crashed")
        mine = (await client.get("/api/games/stats/me", headers=player.headers)).json()
        crash_only = (await client.get("/api/games/stats/crash", headers=player.headers)).json()
        history = (await client.get("/api/games/history?game_type=crash", headers=player.headers)).json()
        other_game = (await client.get("/api/games/history?game_type=rps", headers=player.headers)).json()
        verified = [
            (await client.get(f"/api/games/crash/verify?hash={i['outcome']['hash']}")).json() for i in history["items"]
        ]
    assert empty["game_breakdown"]["crash"]["extra"] == {"bets": 0, "wins": 0, "losses": 0}
    assert mine["game_breakdown"]["crash"]["extra"] == crash_only["extra"] == {"bets": 2, "wins": 1, "losses": 1}
    assert (crash_only["total_wagered"], crash_only["total_won"]) == (300, 300)
    assert other_game["items"] == []
    items = history["items"]
    assert [(i["game"], i["bet"], i["payout"]) for i in items] == [("crash", 100, 0), ("crash", 200, 300)]
    assert [i["outcome"]["cashout_multiplier"] for i in items] == [None, 150]
    assert [i["outcome"]["auto_cashout"] for i in items] == [1000, 150]
    for item in items:
        bet_round = scalar(
            "SELECT json_build_array(r.number, r.commitment, r.crash_point) FROM crash_bets b"
            " JOIN crash_rounds r ON r.id = b.round_id WHERE b.game_round_id = :g",
            g=item["id"],
        )
        number, commitment, point = bet_round
        assert (item["nonce"], item["server_seed_hash"], item["outcome"]["crash_point"]) == (number, commitment, point)
        assert hashlib.sha256(bytes.fromhex(item["outcome"]["hash"])).hexdigest() == commitment  # links the chain
        assert _recomputed_crash_point(item["outcome"]["hash"]) == point
    assert [v["valid"] for v in verified] == [True, True]
    assert [count("SELECT id FROM crash_bets WHERE game_round_id = :g", g=i["id"]) for i in items] == [lost, won]


async def test_a_player_on_a_cool_off_cannot_bet_and_nothing_is_debited(crash_loop: Callable[..., Driver]) -> None:
    driver = crash_loop()
    player = _Player()
    exclusions.start(player.id, "cool_off", "24h")
    async with api_client() as client:
        state = driver.until("betting")
        refused = await client.post(BET, headers={**player.headers, **key()}, json={"bet_amount": 100})
    error = assert_envelope(refused, 403, "PLAY_PAUSED")
    assert error["details"]["kind"] == "cool_off"
    _nothing_recorded(player.id, player.start)
    assert scalar("SELECT players FROM crash_rounds WHERE id = :r", r=state["round_id"]) == 0
