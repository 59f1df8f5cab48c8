"""Crash fairness end to end: 1,000 consecutive real rounds of the loop, verified from the outside.

The rounds are played by the real loop (``tests.support.crash.Driver``, the leader in this process) on a fast
table; after each step the newest round's times are moved back in the database so the loop never waits. Then
an independent implementation — hashlib and integers only, following docs/fairness.md ("Crash"), never the
app's functions — takes the published terminating hash (``GET /api/games/crash/chain``), the published table
(``GET /api/games/crash/odds``) and every revealed hash (``GET /api/games/crash/rounds/{id}``), checks that each
revealed hash hashes to the one before it (round 1's to the terminating hash), and recomputes every crash point
and every auto cash-out. The verify API must agree. A round's hash must appear nowhere while it is in play.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.services import ledger
from casino_app.services.crash import chains, live
from casino_app.services.fairness import vault
from tests.support import db as test_db
from tests.support.accounts import bearer
from tests.support.api import api_client, assert_envelope
from tests.support.crash import BET, CASHOUT, Driver, fast_table, key
from tests.support.env import environment
from tests.support.wallets import session_with_gold

pytestmark = pytest.mark.anyio
ROUNDS = 1_000
BET_EVERY = 10  # one bet in every 10th round
TARGETS = [1.01, 1.5, 2.0, 10.0]  # auto cash-outs, in turn
STAKE = 100
BASE = "/api/games/crash"


# --- the independent implementation ------------------------------------------------------------


def _sha256_hex(hex_digest: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_digest)).hexdigest()


def _crash_point(hash_hex: str, edge_bp: int, cap_x100: int) -> int:
    """u = first 13 hex digits; crash = max(100, floor(100·R·2^52 / (2^52 − u))) hundredths, at most the cap."""
    u = int(hash_hex[:13], 16)
    raw = 100 * (10_000 - edge_bp) * 2**52 // (10_000 * (2**52 - u))
    return min(max(100, raw), cap_x100)


def _check_chain(terminating: str, revealed: list[str]) -> None:
    """``revealed[i]`` is round i+1's hash: each hashes to the previous one, round 1's to the terminating hash."""
    previous = terminating
    for number, round_hash in enumerate(revealed, start=1):
        assert len(round_hash) == 64
        assert _sha256_hex(round_hash) == previous, f"round {number} does not hash to round {number - 1}"
        previous = round_hash


# --- driving the loop ----------------------------------------------------------------------------

# Move the newest round's clock on: betting ends now, the flight started a day ago (longer than any flight),
# the crash was a day ago (longer than any cooldown). The loop's next step then does what is due at once.
_HURRY = """
    UPDATE crash_rounds SET
        betting_ends_at = CASE WHEN status = 'betting' THEN clock_timestamp() ELSE betting_ends_at END,
        started_at = CASE WHEN status = 'flying' THEN started_at - interval '1 day' ELSE started_at END,
        crashed_at = CASE WHEN status = 'crashed' THEN crashed_at - interval '1 day' ELSE crashed_at END
    WHERE id = (SELECT max(id) FROM crash_rounds)
"""


def _sql(statement: str, **params: object) -> list[Any]:
    with get_engine().begin() as conn:
        result = conn.execute(sa.text(statement), params)
        return list(result.all()) if result.returns_rows else []


def _step(driver: Driver) -> dict[str, Any]:
    """One step of the loop; the live snapshot after it."""
    driver.step()
    return live.read() or {}


def _play_one(driver: Driver) -> dict[str, Any]:
    """Step and hurry the loop until a round has crashed; its snapshot."""
    for _ in range(100):
        state = _step(driver)
        if state.get("phase") == "crashed":
            return state
        _sql(_HURRY)
    raise AssertionError("no round crashed in 100 steps")


def _in_play_hash(round_id: int) -> str:
    """The secret hash of a round still in play, straight from its sealed column (to look for leaks)."""
    sealed = _sql("SELECT hash_sealed FROM crash_rounds WHERE id = :r", r=round_id)[0][0]
    return vault.unseal(sealed).hex()


@pytest.fixture(autouse=True)
def _fresh_checkpoints() -> None:
    """Forget the loop's cached chain checkpoints: every test truncates the tables, so chain ids repeat
    (``test_a_chain_recreated_under_a_used_id_gets_its_own_hashes`` shows why the cache must not outlive that)."""
    chains._marks = chains._Marks()


@pytest.fixture
def driver() -> Iterator[Driver]:
    fast_table(betting_ms=10_000)  # the tests end every betting phase themselves; a long one never closes early
    leader = Driver()
    yield leader
    leader.close()


# --- the 1,000 rounds ----------------------------------------------------------------------------


async def test_one_thousand_real_rounds_verify_against_the_published_terminating_hash(driver: Driver) -> None:
    started = time.monotonic()
    pair = session_with_gold(ROUNDS // BET_EVERY * STAKE)
    headers = bearer(pair.access_token)
    in_play: dict[int, list[str]] = {}  # round id → every snapshot seen while it was betting or flying
    crashed: list[int] = []
    bets: dict[int, float] = {}  # round id → auto cash-out target
    async with api_client() as client:
        published_before = (await client.get(f"{BASE}/chain")).json()
        assert published_before["terminating_hash"] is None  # no chain before the first round
        terminating = None
        while len(crashed) < ROUNDS:
            state = _step(driver)
            phase, round_id = state.get("phase"), state.get("round_id")
            if phase in ("betting", "flying"):
                assert state["hash"] is None, state
                assert state["crash_point"] is None, state
                in_play.setdefault(round_id, []).append(json.dumps(state))
            if phase == "betting" and terminating is None:  # the chain is published with round 1's betting
                terminating = (await client.get(f"{BASE}/chain")).json()["terminating_hash"]
                assert state["commitment"] == terminating
            if phase == "betting" and round_id not in bets and state["number"] % BET_EVERY == 1:
                target = TARGETS[len(bets) % len(TARGETS)]
                body = {"bet_amount": STAKE, "auto_cashout": target}
                placed = await client.post(BET, headers={**headers, **key()}, json=body)
                assert placed.status_code == 200, placed.text
                bets[round_id] = target
            if phase == "crashed" and (not crashed or crashed[-1] != round_id):
                crashed.append(round_id)
            _sql(_HURRY)
        played_s = time.monotonic() - started
        # read now: the live snapshot counts as stale (503) once the loop has not written it for 10 s
        history = (await client.get(f"{BASE}/state", headers=headers)).json()["history"]
        chain_now = (await client.get(f"{BASE}/chain")).json()
        odds = (await client.get(f"{BASE}/odds")).json()
        proofs = [(await client.get(f"{BASE}/rounds/{rid}")).json() for rid in crashed]
        # The walk to the terminating hash is limited to 6 a minute per address: walk three rounds, check the rest
        # link by link (the independent check below walks every one of them).
        walked = {0, len(proofs) // 2, len(proofs) - 1}
        verified = [
            (
                await client.get(
                    f"{BASE}/verify", params={"hash": p["hash"], "full": "true" if i in walked else "false"}
                )
            ).json()
            for i, p in enumerate(proofs)
        ]

    # The published table and chain.
    edge, cap = odds["config"]["house_edge_bp"], odds["config"]["max_multiplier_x100"]
    assert (odds["game"], odds["declared_rtp"], edge, cap) == ("crash", 0.97, 300, 100_000)
    assert chain_now["terminating_hash"] == terminating
    assert (chain_now["rounds_played"], chain_now["rtp_percent"]) == (ROUNDS, 97.0)
    assert (chain_now["house_edge_percent"], chain_now["max_multiplier"]) == (edge / 100, cap / 100)
    versions = _sql("SELECT DISTINCT config_version FROM crash_rounds")
    assert versions == [(odds["version"],)]  # every round used the published table

    # Every round, in order, from the terminating hash.
    assert [p["number"] for p in proofs] == list(range(1, ROUNDS + 1))
    assert {p["chain_id"] for p in proofs} == {chain_now["chain_id"]}
    assert {p["terminating_hash"] for p in proofs} == {terminating}
    revealed = [p["hash"] for p in proofs]
    _check_chain(terminating, revealed)
    assert [p["commitment"] for p in proofs] == [terminating, *revealed[:-1]]
    mine = [_crash_point(h, edge, cap) for h in revealed]
    assert [round(p["recorded_crash_point"] * 100) for p in proofs] == mine
    recorded = _sql("SELECT crash_point FROM crash_rounds ORDER BY number")
    assert [r[0] for r in recorded] == mine

    # The verify API agrees with the independent check.
    for i, (proof, check, point) in enumerate(zip(proofs, verified, mine, strict=True)):
        assert check["links_previous"] is True, check
        assert check["reaches_terminating"] is (True if i in walked else None), check
        assert check["valid"] is True, check
        assert check["round_id"] == proof["round_id"]
        assert round(check["computed_crash_point"] * 100) == round(check["recorded_crash_point"] * 100) == point
    assert history == [
        {"round_id": p["round_id"], "number": p["number"], "crash_point": c, "hash": p["hash"]}
        for p, c in zip(proofs[::-1][:20], mine[::-1][:20], strict=True)
    ]

    # No round's hash or crash point appeared while it was in play.
    for proof in proofs:
        for seen in in_play.get(proof["round_id"], []):
            assert proof["hash"] not in seen, proof["number"]
    assert len(in_play) == ROUNDS

    # Auto cash-outs: paid at exactly the target when the crash point reached it, lost otherwise.
    point_of = {p["round_id"]: c for p, c in zip(proofs, mine, strict=True)}
    rows = _sql(
        "SELECT round_id, status, cashout_multiplier, payout FROM crash_bets WHERE user_id = :u", u=pair.user.id
    )
    assert len(rows) == len(bets) == ROUNDS // BET_EVERY
    paid = 0
    for round_id, status, multiplier, payout in rows:
        target = round(bets[round_id] * 100)
        if point_of[round_id] >= target:
            assert (status, multiplier, payout) == ("cashed", target, STAKE * target // 100)
        else:
            assert (status, multiplier, payout) == ("lost", None, 0)
        paid += payout
    assert ledger.balance_of(pair.user.id) == paid
    instant = sum(1 for c in mine if c == 100)
    print(
        f"\n{ROUNDS} crash rounds played in {played_s:.1f} s, verified in {time.monotonic() - started - played_s:.1f} s;"
        f" {instant} instant crashes, highest {max(mine) / 100:.2f}x, {len(bets)} bets paid {paid} of {len(bets) * STAKE}"
    )


# --- nothing leaks while a round is in play --------------------------------------------------------


async def _leak_texts(client: httpx.AsyncClient, headers: dict[str, str], round_id: int, secret: str) -> list[str]:
    """Everything a player or a stranger can read about the round now; the round must stay hidden."""
    state = await client.get(f"{BASE}/state", headers=headers)
    assert state.status_code == 200
    proof = await client.get(f"{BASE}/rounds/{round_id}")
    assert_envelope(proof, 404, "CRASH_ROUND_UNKNOWN")
    for full in ("true", "false"):
        check = await client.get(f"{BASE}/verify", params={"hash": secret, "full": full})
        assert_envelope(check, 404, "CRASH_ROUND_UNKNOWN")
    chain_now = await client.get(f"{BASE}/chain")
    mine = await client.get("/api/games/history", headers=headers, params={"game_type": "crash"})
    assert mine.status_code == 200
    return [state.text, proof.text, chain_now.text, mine.text, json.dumps(live.read())]


@pytest.fixture(params=["memory", "redis"])
def live_store(request: pytest.FixtureRequest) -> Iterator[str]:
    """The live snapshot in this process, or in Redis (``REDIS_URL``; skipped without one)."""
    if request.param == "memory":
        yield "memory"
        return
    url = request.getfixturevalue("redis_url")
    with environment(REDIS_URL=url):
        yield "redis"


async def test_a_round_reveals_nothing_until_it_crashes(live_store: str) -> None:
    fast_table(betting_ms=10_000)
    driver = Driver()
    try:
        await _reveal_nothing(driver)
    finally:
        driver.close()


async def _reveal_nothing(driver: Driver) -> None:
    auto, manual = session_with_gold(10_000), session_with_gold(10_000)
    seen_flying = paid_in_flight = manual_cashouts = 0
    async with api_client() as client:
        growth = (await client.get(f"{BASE}/chain")).json()["growth_per_ms"]
        for _ in range(12):
            state = driver.until("betting", timeout=10)
            round_id = state["round_id"]
            secret = _in_play_hash(round_id)
            for pair, body in ((auto, {"bet_amount": 100, "auto_cashout": 1.01}), (manual, {"bet_amount": 100})):
                placed = await client.post(BET, headers={**bearer(pair.access_token), **key()}, json=body)
                assert placed.status_code == 200, placed.text
            texts = await _leak_texts(client, bearer(auto.access_token), round_id, secret)
            _sql(_HURRY)
            driver.step()  # the flight starts
            point = _crash_point(secret, 300, 100_000)
            flight_ms = math.ceil(math.log(point / 100) / growth)  # the published curve: m(t) = e^(g·t)
            # half-way through the flight: the 1.01× target (166 ms) is due in any flight of 1.02× or more
            _sql(
                "UPDATE crash_rounds SET started_at = clock_timestamp() - make_interval(secs => :s) WHERE id = :r",
                s=flight_ms / 2000,
                r=round_id,
            )
            driver.step()
            if (live.read() or {}).get("phase") == "flying":
                seen_flying += 1
                auto_now = _sql("SELECT status FROM crash_bets WHERE id = :b", b=_bet_of(auto, round_id))[0][0]
                if flight_ms / 2 >= 167:  # m(166 ms) = 1.0100…: the loop's step has paid the 1.01× target
                    assert auto_now == "cashed"
                    paid_in_flight += 1
                game_id = _bet_of(manual, round_id)
                cashed = await client.post(
                    CASHOUT, headers={**bearer(manual.access_token), **key()}, json={"game_id": game_id}
                )
                texts.append(cashed.text)
                if cashed.status_code == 200:
                    manual_cashouts += 1
                    assert 1.0 <= cashed.json()["multiplier"] <= point / 100  # never above the crash point
                else:  # only if this machine stalled past the crash time between the step and the request
                    assert_envelope(cashed, 404, "CRASH_BET_NOT_ACTIVE")
                texts += await _leak_texts(client, bearer(auto.access_token), round_id, secret)
                texts += await _leak_texts(client, bearer(manual.access_token), round_id, secret)
                _sql(_HURRY)
            for text in texts:
                assert secret not in text
            state = driver.until("crashed", timeout=10)
            assert (state["round_id"], state["hash"], state["crash_point"]) == (round_id, secret, point)
            proof = (await client.get(f"{BASE}/rounds/{round_id}")).json()
            assert (proof["hash"], proof["valid"]) == (secret, True)
            outcome = _sql("SELECT status, cashout_multiplier FROM crash_bets WHERE id = :b", b=_bet_of(auto, round_id))
            assert outcome == ([("cashed", 101)] if point >= 101 else [("lost", None)])
            _sql(_HURRY)
    print(
        f"\n12 rounds: {seen_flying} seen in flight, {paid_in_flight} auto and {manual_cashouts} manual cash-outs in flight"
    )
    assert seen_flying >= 3  # P(crash ≥ 1.01×) = 96 %: a dozen rounds give several flights
    assert paid_in_flight >= 1  # P(crash ≥ 1.03×) = 94 %


def _bet_of(pair: Any, round_id: int) -> int:
    return int(_sql("SELECT id FROM crash_bets WHERE round_id = :r AND user_id = :u", r=round_id, u=pair.user.id)[0][0])


# --- malformed and unknown hashes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", "VERIFY_INPUT_INVALID"),
        ("g" * 64, "VERIFY_INPUT_INVALID"),
        ("a" * 63, "VERIFY_INPUT_INVALID"),
        ("a" * 65, "VERIFY_INPUT_INVALID"),
        ("0x" + "a" * 62, "VERIFY_INPUT_INVALID"),
        ("a" * 32 + " " + "a" * 31, "VERIFY_INPUT_INVALID"),
        ("", None),
        ("a" * 101, None),
    ],
)
async def test_a_malformed_hash_is_a_422_envelope(value: str, code: str | None) -> None:
    async with api_client() as client:
        assert_envelope(await client.get(f"{BASE}/verify", params={"hash": value}), 422, code)


async def test_unknown_hashes_and_rounds_are_404(driver: Driver) -> None:
    _play_one(driver)
    async with api_client() as client:
        terminating = (await client.get(f"{BASE}/chain")).json()["terminating_hash"]
        round_id = _sql("SELECT id FROM crash_rounds WHERE status = 'crashed'")[0][0]
        revealed = (await client.get(f"{BASE}/rounds/{round_id}")).json()["hash"]
        upper = await client.get(f"{BASE}/verify", params={"hash": revealed.upper(), "full": "true"})
        assert upper.status_code == 200, upper.text
        assert upper.json()["valid"] is True, upper.text
        for unknown in ("a" * 64, terminating, hashlib.sha256(b"x").hexdigest()):
            assert_envelope(await client.get(f"{BASE}/verify", params={"hash": unknown}), 404, "CRASH_ROUND_UNKNOWN")
        for missing in (round_id + 1_000, 0, -1, 2**62 + 1):
            assert_envelope(await client.get(f"{BASE}/rounds/{missing}"), 404, "CRASH_ROUND_UNKNOWN")
        assert_envelope(await client.get(f"{BASE}/rounds/abc"), 422)


# --- a reset database ------------------------------------------------------------------------------


async def test_a_chain_recreated_under_a_used_id_gets_its_own_hashes(driver: Driver, database_url: str) -> None:
    """A database reset under a running leader process (tables emptied, ids restarting): the new chain gets a new
    seed but the same id, and its rounds must be that chain's, not the old chain's from a cache keyed by id.

    Otherwise every round fails verification and, worse, replays the old chain's rounds — whose hashes were
    revealed before the reset — so anyone who saw them knows the new rounds' crash points in advance.
    """
    _play_one(driver)
    old_hash = _sql("SELECT hash FROM crash_rounds WHERE number = 1")[0][0]
    driver.close()
    test_db.truncate_all(database_url)  # the reset; this process's loop state survives it
    fast_table()
    again = Driver()
    try:
        _play_one(again)
    finally:
        again.close()
    terminating, new_hash = _sql(
        "SELECT c.terminating_hash, r.hash FROM crash_rounds r JOIN crash_chains c ON c.id = r.chain_id"
    )[0]
    assert new_hash != old_hash, "round 1 of the new chain replays round 1 of the old one"
    assert _sha256_hex(new_hash) == terminating
