"""Prize roulette at its edges: the KST reset, tickets under concurrency, refusals, replays, prizes, the API."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import struct
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.services import ledger
from casino_app.services.games import configs, inventory, roulette, slot
from casino_app.services.games.roulette import RouletteNoSpins, Spins
from tests.support.accounts import bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio
TICKET = roulette.TICKET_ITEM_ID
SPIN_URL = "/api/games/roulette/spin"


def _count(sql: str, **params: object) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql), params))


def _grant(user_id: int, quantity: int) -> None:
    with session_scope() as db:
        inventory.grant(db, user_id, TICKET, quantity)


def _tickets(user_id: int) -> int:
    with session_scope() as db:
        return inventory.quantity(db, user_id, TICKET)


@pytest.fixture
def no_ticket_prizes() -> None:
    """Publish a table whose ticket segment pays gold instead, so a spin can never hand back the ticket it used."""
    raw = configs.DEFAULT_ROULETTE.model_dump(mode="json")
    raw["segments"][3] = {**raw["segments"][3], "kind": "gold", "item_id": None, "label_ko": "골드 200"}
    raw["segments"][3].update(amount=200, label_en="200 gold")
    assert configs.add_version("roulette", raw, actor_id=new_staff()).version == 2


def test_the_free_spin_comes_back_at_kst_midnight(no_ticket_prizes: None) -> None:
    pair = new_player()
    user = pair.user
    midnight = datetime(2026, 7, 1, 15, 0, tzinfo=UTC)  # 2026-07-02 00:00:00 in Seoul
    frozen = clock.FrozenClock(midnight - timedelta(seconds=1))  # 23:59:59 KST
    with clock.use_clock(frozen):
        assert roulette.available(user.id) == Spins(1, 0, None)
        first = roulette.spin(user, "day1")
        assert first.source == "FREE"
        assert first.spins == Spins(0, 0, midnight)
        with pytest.raises(RouletteNoSpins) as refused:
            roulette.spin(user, "day1-again")
        assert refused.value.status == 429
        assert refused.value.headers == {"Retry-After": "1"}
        assert refused.value.details == {
            "next_free_at": midnight.isoformat(),
            "next_free_kst": "2026-07-02 00:00",
            "retry_after": 1,
        }
        frozen.advance(timedelta(seconds=1))  # 00:00:00 KST
        assert roulette.available(user.id) == Spins(1, 0, None)
        second = roulette.spin(user, "day2")
        assert second.source == "FREE"
        assert second.spins.next_free_at == midnight + timedelta(days=1)
    days = _count("SELECT count(DISTINCT day) FROM roulette_free_spins WHERE user_id = :u AND used = 1", u=user.id)
    assert days == 2
    assert _count("SELECT count(*) FROM game_rounds WHERE game = 'roulette'") == 2


def test_a_ticket_is_consumed_exactly_once_under_20_concurrent_spins(no_ticket_prizes: None) -> None:
    pair = new_player()
    user = pair.user
    assert roulette.spin(user, "free").source == "FREE"
    _grant(user.id, 1)

    def attempt(i: int) -> str:
        try:
            return roulette.spin(user, f"race-{i}").source
        except RouletteNoSpins:
            return "REFUSED"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = Counter(pool.map(attempt, range(20)))
    assert outcomes == {"TICKET": 1, "REFUSED": 19}
    assert _tickets(user.id) == 0
    assert _count("SELECT count(*) FROM game_rounds WHERE user_id = :u", u=user.id) == 2
    assert _count("SELECT nonce FROM fairness_seeds WHERE user_id = :u AND status = 'active'", u=user.id) == 2
    assert _count("SELECT count(*) FROM inventory_items WHERE quantity < 0") == 0


async def test_20_concurrent_requests_with_one_key_spend_one_ticket_and_replay(no_ticket_prizes: None) -> None:
    pair = new_player()
    roulette.spin(pair.user, "free")
    _grant(pair.user.id, 1)
    headers = {**bearer(pair.access_token), "Idempotency-Key": str(uuid.uuid4())}
    async with api_client() as client:
        responses = await asyncio.gather(*[client.post(SPIN_URL, headers=headers, json={}) for _ in range(20)])
    assert [r.status_code for r in responses] == [200] * 20
    assert len({r.text for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 19
    assert responses[0].json()["source"] == "TICKET"
    assert _tickets(pair.user.id) == 0
    assert _count("SELECT count(*) FROM game_rounds WHERE user_id = :u", u=pair.user.id) == 2


async def test_no_spin_left_is_429_with_the_reset_and_records_nothing() -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    async with api_client() as client:
        free = await client.post(SPIN_URL, headers={**headers, "Idempotency-Key": "free-spin-1"}, json={})
        assert free.status_code == 200, free.text
        tickets = free.json()["tickets"]  # the free spin may itself have won a ticket
        if tickets:
            with session_scope() as db:
                for _ in range(tickets):
                    assert inventory.consume_one(db, pair.user.id, TICKET)
        before = (
            _count("SELECT count(*) FROM game_rounds"),
            _count("SELECT count(*) FROM ledger_transfers"),
            _count("SELECT nonce FROM fairness_seeds WHERE user_id = :u", u=pair.user.id),
        )
        key = {"Idempotency-Key": "no-spin-left-1"}
        refused = await client.post(SPIN_URL, headers={**headers, **key}, json={})
        error = assert_envelope(refused, 429, "ROULETTE_NO_SPINS")
        reset = roulette.next_reset()
        assert refused.headers["Retry-After"] == str(error["details"]["retry_after"])
        assert 0 < int(refused.headers["Retry-After"]) <= 86_400
        assert datetime.fromisoformat(error["details"]["next_free_at"]) == reset
        assert error["details"]["next_free_kst"] in error["message"]
        english = await client.post(SPIN_URL, headers={**headers, **key, "Accept-Language": "en"}, json={})
        assert "next free spin" in assert_envelope(english, 429, "ROULETTE_NO_SPINS")["message"]
        after = (
            _count("SELECT count(*) FROM game_rounds"),
            _count("SELECT count(*) FROM ledger_transfers"),
            _count("SELECT nonce FROM fairness_seeds WHERE user_id = :u", u=pair.user.id),
        )
        assert after == before
        assert _count("SELECT count(*) FROM idempotency_records WHERE key = 'no-spin-left-1'") == 0
        _grant(pair.user.id, 1)  # the refusal stored nothing, so the same key now spins
        retried = await client.post(SPIN_URL, headers={**headers, **key}, json={})
        assert retried.status_code == 200, retried.text
        assert retried.json()["source"] == "TICKET"


async def test_a_spin_without_idempotency_key_is_400_and_records_nothing() -> None:
    pair = new_player()
    async with api_client() as client:
        missing = await client.post(SPIN_URL, headers=bearer(pair.access_token), json={})
        assert_envelope(missing, 400, "IDEMPOTENCY_KEY_REQUIRED")
        extra = await client.post(
            SPIN_URL, headers={**bearer(pair.access_token), "Idempotency-Key": "extra-field-1"}, json={"bet": 1}
        )
        assert_envelope(extra, 422)
        anonymous = await client.post(SPIN_URL, headers={"Idempotency-Key": "anonymous-1"}, json={})
        assert_envelope(anonymous, 401)
    assert _count("SELECT count(*) FROM game_rounds") == 0
    assert _count("SELECT count(*) FROM roulette_free_spins") == 0
    assert roulette.available(pair.user.id) == Spins(1, 0, None)


async def test_the_same_key_replays_the_spin() -> None:
    pair = new_player()
    headers = {**bearer(pair.access_token), "Idempotency-Key": "replay-key-1"}
    async with api_client() as client:
        first = await client.post(SPIN_URL, headers=headers, json={})
        again = await client.post(SPIN_URL, headers=headers, json={})
    assert first.status_code == 200, first.text
    assert again.text == first.text
    assert again.headers["Idempotent-Replayed"] == "true"
    body = first.json()
    assert set(body) >= {"round_id", "segment_index", "prize", "balance", "spins_left", "next_free_at", "proof"}
    assert set(body["proof"]) == {"server_seed_hash", "client_seed", "nonce"}
    # The service replays the round too, with the counters as they are now.
    _grant(pair.user.id, 1)
    direct = roulette.spin(pair.user, "svc-key")
    _grant(pair.user.id, 2)
    replayed = roulette.spin(pair.user, "svc-key")
    assert replayed.replayed
    assert replayed.round_id == direct.round_id
    assert replayed.segment_index == direct.segment_index
    assert replayed.spins.tickets == direct.spins.tickets + 2
    assert _count("SELECT count(*) FROM game_rounds") == 2


def test_prizes_land_in_the_ledger_xp_and_inventory() -> None:
    pair = new_player()
    user = pair.user
    fund(user.id, 0)
    start_gold = ledger.balance_of(user.id)
    start_xp = _count("SELECT xp FROM users WHERE id = :u", u=user.id)
    _grant(user.id, 400)
    results = []
    seen: set[str] = set()
    while not {"gold", "xp", TICKET, "frame_roulette"} <= seen and len(results) < 400:
        r = roulette.spin(user, f"prize-{len(results)}")
        results.append(r)
        seen.add(r.prize["item_id"] or r.prize["kind"])
    assert {"gold", "xp", TICKET, "frame_roulette"} <= seen
    gold = sum(r.prize["amount"] for r in results if r.prize["kind"] == "gold")
    xp = sum(r.prize["amount"] for r in results if r.prize["kind"] == "xp")
    won_tickets = sum(r.prize["amount"] for r in results if r.prize["item_id"] == TICKET)
    frames = sum(r.prize["amount"] for r in results if r.prize["item_id"] == "frame_roulette")
    ticket_spins = sum(r.source == "TICKET" for r in results)
    assert [r.source for r in results[:2]] == ["FREE", "TICKET"]
    assert ledger.balance_of(user.id) == start_gold + gold
    assert results[-1].balance == start_gold + gold
    assert _count("SELECT xp FROM users WHERE id = :u", u=user.id) == start_xp + xp
    assert _tickets(user.id) == 400 - ticket_spins + won_tickets
    with session_scope() as db:
        assert inventory.quantity(db, user.id, "frame_roulette") == frames
    # Gold prizes, and only they, are ledger transfers from house:roulette; no round takes a stake.
    gold_rounds = sum(r.prize["kind"] == "gold" for r in results)
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'ROULETTE_PRIZE'") == gold_rounds
    assert _count("SELECT count(*) FROM game_rounds WHERE game = 'roulette' AND transfer_id IS NOT NULL") == gold_rounds
    assert _count("SELECT coalesce(sum(payout), 0) FROM game_rounds WHERE game = 'roulette'") == gold
    assert _count("SELECT count(*) FROM game_rounds WHERE game = 'roulette' AND bet <> 0") == 0
    assert ledger.reconcile().ok
    names = {i.item_id: i.name_ko for i in inventory.owned(user.id)}
    assert names[TICKET] == "룰렛 스핀 티켓"
    assert names["frame_roulette"] == "룰렛 네온 프레임"


async def test_config_publishes_exact_probabilities_and_expected_value() -> None:
    async with api_client() as client:
        config = (await client.get("/api/games/roulette/config")).json()
        english = (await client.get("/api/games/roulette/config", headers={"Accept-Language": "en"})).json()
        games = {g["key"]: g for g in (await client.get("/api/games")).json()}
        odds = (await client.get("/api/games/roulette/odds")).json()
    segments = config["segments"]
    assert [s["index"] for s in segments] == list(range(10))
    assert sum(Fraction(s["probability_exact"]) for s in segments) == 1
    assert abs(sum(s["probability"] for s in segments) - 1) < 1e-12
    assert all(Fraction(s["probability_exact"]) == Fraction(s["weight"], config["total_weight"]) for s in segments)
    assert [s["probability_percent"] for s in segments][:3] == ["25", "18", "15"]
    assert config["expected_value"] == {"gold": 300.0, "xp": 40.0}
    assert config["expected_value_exact"] == {"gold": "300/1", "xp": "40/1"}
    assert config["free_spins_per_day"] == 1
    assert config["ticket_item_id"] == TICKET
    assert segments[0]["label"] == "골드 100"
    assert english["segments"][0]["label"] == "100 gold"
    assert games["roulette"]["wagered"] is False
    assert games["roulette"]["declared_rtp"] is None
    assert games["roulette"]["expected_value"] == {"gold": 300.0, "xp": 40.0}
    assert games["roulette"]["play_path"] == SPIN_URL
    assert odds["declared_rtp"] is None
    assert odds["config"]["segments"][9]["amount"] == 5000


def _numerators(seed: bytes, client_seed: str, nonce: int) -> list[int]:
    digest = hmac.new(seed, f"{client_seed}:{nonce}:0".encode(), hashlib.sha256).digest()
    return [struct.unpack(">I", digest[i : i + 4])[0] for i in range(0, 32, 4)]


def _segment(weights: list[int], n: int) -> int:
    total, cumulative = sum(weights), 0
    for i, w in enumerate(weights):
        cumulative += w
        if cumulative * 2**32 > n * total:
            return i
    raise AssertionError


async def test_recorded_spins_recompute_independently_from_the_revealed_seed() -> None:
    pair = new_player()
    _grant(pair.user.id, 59)
    for i in range(60):
        roulette.spin(pair.user, f"verify-{i}")
    fund(pair.user.id, 1_000)
    slot.spin(pair.user.id, 100, "verify-slot")
    async with api_client() as client:
        headers = bearer(pair.access_token)
        committed = (await client.get("/api/fairness/seeds", headers=headers)).json()["server_seed_hash"]
        rotation = (await client.post("/api/fairness/rotate", headers=headers)).json()
        table = (await client.get("/api/games/roulette/odds")).json()["config"]
        rounds, cursor = [], None
        while True:
            url = "/api/games/history?game_type=roulette&limit=100" + (f"&cursor={cursor}" if cursor else "")
            page = (await client.get(url, headers=headers)).json()
            rounds += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        first = rounds[-1]
        verified = await client.post(
            "/api/fairness/verify",
            headers=headers,
            json={
                "game": "roulette",
                "server_seed": rotation["revealed_server_seed"],
                "client_seed": first["client_seed"],
                "nonce": first["nonce"],
                "config_version": first["config_version"],
            },
        )
    seed = bytes.fromhex(rotation["revealed_server_seed"])
    assert hashlib.sha256(seed).hexdigest() == committed
    assert len(rounds) == 60
    assert {r["game"] for r in rounds} == {"roulette"}
    weights = [s["weight"] for s in table["segments"]]
    mismatches = []
    for r in rounds:
        index = _segment(weights, _numerators(seed, r["client_seed"], r["nonce"])[0])
        segment = table["segments"][index]
        expected_payout = segment["amount"] if segment["kind"] == "gold" else 0
        outcome = r["outcome"]
        if (
            outcome["segment_index"] != index
            or (outcome["kind"], outcome["amount"], outcome["item_id"])
            != (segment["kind"], segment["amount"], segment["item_id"])
            or (r["bet"], r["payout"]) != (0, expected_payout)
            or r["server_seed_hash"] != committed
        ):
            mismatches.append(r["id"])
    assert mismatches == [], f"{len(mismatches)} of {len(rounds)} spins do not recompute"
    assert verified.status_code == 200, verified.text
    assert verified.json()["outcome"]["segment_index"] == first["outcome"]["segment_index"]


async def test_stats_history_and_spins_endpoints() -> None:
    pair = new_player()
    fund(pair.user.id, 1_000)
    slot.spin(pair.user.id, 100, "stats-slot")
    spins = [roulette.spin(pair.user, "stats-free")]
    _grant(pair.user.id, 2)
    spins += [roulette.spin(pair.user, f"stats-ticket-{i}") for i in range(2)]
    gold = sum(s.prize["amount"] for s in spins if s.prize["kind"] == "gold")
    async with api_client() as client:
        headers = bearer(pair.access_token)
        history = (await client.get("/api/games/history?game_type=roulette", headers=headers)).json()
        own = (await client.get("/api/games/stats/roulette", headers=headers)).json()
        overall = (await client.get("/api/games/stats/me", headers=headers)).json()
        left = (await client.get("/api/games/roulette/spins", headers=headers)).json()
        assert_envelope(await client.get("/api/games/roulette/spins"), 401)
    assert [r["game"] for r in history["items"]] == ["roulette"] * 3
    assert [r["id"] for r in history["items"]] == [s.round_id for s in reversed(spins)]
    assert own["extra"] == {"spins": 3, "free_spins": 1, "ticket_spins": 2, "gold_won": gold}
    assert (own["total_bets"], own["total_wagered"], own["total_won"]) == (3, 0, gold)
    assert overall["game_breakdown"]["roulette"]["extra"]["spins"] == 3
    assert overall["game_breakdown"]["slot"]["total_bets"] == 1
    assert left["free_spins_left"] == 0
    assert left["tickets"] == spins[-1].spins.tickets
    assert left["spins_left"] == left["tickets"]
    assert datetime.fromisoformat(left["next_free_at"]) == roulette.next_reset()
