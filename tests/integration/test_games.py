"""Slot and gacha rules at their edges: pity, stock, daily limits, funds, bets, pacing, concurrency, the API."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import get_engine, session_scope
from casino_app.core.errors import AppError, RateLimited, ValidationFailed
from casino_app.models.games import GachaPity, GachaStock
from casino_app.services import ledger
from casino_app.services.fairness import rng
from casino_app.services.games import configs, gacha, gacha_rows, gacha_table, slot
from casino_app.services.ledger import InsufficientFunds
from tests.support.accounts import bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.env import environment
from tests.support.tables import gacha_daily_limit
from tests.support.wallets import fund, player_with_gold

pytestmark = pytest.mark.anyio


def _count(sql: str, **params: object) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql), params))


def test_bet_outside_the_table_is_422_and_insufficient_gold_records_nothing() -> None:
    user = player_with_gold(150)
    with pytest.raises(ValidationFailed) as bad:
        slot.spin(user, 150, "x1")
    assert bad.value.error_code == "BET_NOT_ALLOWED"
    with pytest.raises(InsufficientFunds):
        slot.spin(user, 200, "x2")
    assert _count("SELECT count(*) FROM game_rounds") == 0
    assert _count("SELECT COALESCE(max(nonce), 0) FROM fairness_seeds WHERE user_id = :u", u=user) == 0
    assert ledger.balance_of(user) == 150


def test_rounds_faster_than_the_interval_are_429() -> None:
    user = player_with_gold(10_000)
    with environment(ROUND_MIN_INTERVAL_MS="1000"):
        frozen = clock.FrozenClock(datetime(2026, 5, 1, tzinfo=UTC))
        with clock.use_clock(frozen):
            slot.spin(user, 100, "p1")
            with pytest.raises(RateLimited) as fast:
                slot.spin(user, 100, "p2")
            assert fast.value.error_code == "ROUND_TOO_FAST"
            frozen.advance(timedelta(milliseconds=1001))
            slot.spin(user, 100, "p3")
    assert _count("SELECT count(*) FROM game_rounds") == 2


def test_a_retried_request_key_returns_the_same_round() -> None:
    user = player_with_gold(10_000)
    first = slot.spin(user, 100, "same-key")
    again = slot.spin(user, 100, "same-key")
    assert again.replayed
    assert again.round_id == first.round_id
    assert _count("SELECT count(*) FROM game_rounds") == 1


def test_a_request_key_reused_for_another_request_conflicts() -> None:
    user = player_with_gold(100_000)
    slot.spin(user, 100, "reused")
    with pytest.raises(ledger.IdempotencyConflict):
        slot.spin(user, 500, "reused")
    pair = new_player("keyreuse", "키재사용")
    fund(pair.user.id, 100_000)
    gacha.pull(pair.user, 1, "reused")
    with pytest.raises(ledger.IdempotencyConflict):
        gacha.pull(pair.user, 10, "reused")
    assert gacha.pull(pair.user, 1, "reused").replayed
    assert _count("SELECT count(*) FROM game_rounds") == 2


def test_replayed_spin_reports_the_players_real_level() -> None:
    user = player_with_gold(100_000)
    first = slot.spin(user, 100, "level-key")
    again = slot.spin(user, 100, "level-key")
    assert again.replayed
    assert again.level == first.level >= 1


def test_a_replay_gives_its_nonce_back_so_the_next_round_has_no_gap() -> None:
    user = player_with_gold(100_000)
    first = slot.spin(user, 100, "gap-key")
    assert slot.spin(user, 100, "gap-key").replayed
    second = slot.spin(user, 100, "gap-key-2")
    assert second.nonce == first.nonce + 1
    assert _count(f"SELECT nonce FROM fairness_seeds WHERE user_id = {int(user)} AND status = 'active'") == 2


def test_sixteen_concurrent_spins_with_one_key_move_gold_once() -> None:
    user = player_with_gold(100_000)
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda _: slot.spin(user, 100, "same-key"), range(16)))
    assert sum(not r.replayed for r in results) == 1
    assert len({(r.round_id, r.nonce) for r in results}) == 1
    assert _count(f"SELECT count(*) FROM game_rounds WHERE user_id = {int(user)}") == 1
    assert ledger.balance_of(user) == 100_000 - 100 + results[0].win_amount


def test_100_concurrent_spins_on_one_wallet_keep_the_books() -> None:
    start = 2_000_000
    user = player_with_gold(start)
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda i: slot.spin(user, 1000, f"c{i}"), range(100)))
    bets = sum(r.bet for r in results)
    wins = sum(r.win_amount for r in results)
    assert ledger.balance_of(user) == start - bets + wins
    assert sorted(r.nonce for r in results) == list(range(100))  # strictly ordered rounds, no nonce reused
    assert ledger.reconcile().ok
    assert _count("SELECT count(*) FROM ledger_accounts WHERE balance < 0") == 0


def test_pity_turns_the_90th_pull_into_epic_or_better() -> None:
    with gacha_daily_limit(1000):
        pair = new_player()
        fund(pair.user.id, 10_000_000)
        with session_scope() as db:
            db.add(GachaPity(user_id=pair.user.id, pulls_since_epic=88, total_pulls=88))
        seen = []
        for i in range(5):
            result = gacha.pull(pair.user, 1, f"pity-{i}")
            seen.append((result.items[0]["pity_before"], result.items[0]["pity"], result.items[0]["rarity"]))
            if result.items[0]["rarity"] in ("EPIC", "LEGENDARY"):
                break
    # pull with counter 88 is normal; the one with counter 89 (the 90th) must be Epic+ unless an earlier one was
    assert seen[0][0] == 88
    assert any(r in ("EPIC", "LEGENDARY") for _, _, r in seen)
    for before, pity, rarity in seen:
        assert pity == (before == 89)
        if before == 89:
            assert rarity in ("EPIC", "LEGENDARY")


def test_ten_pull_holds_a_rare_or_better() -> None:
    config = configs.DEFAULT_GACHA

    for nonce in range(300):
        units = rng.units(b"\x01" * 32, "ten", nonce, 20)
        draws, _ = gacha.draw_round(units, config, 10, 0, take=lambda i, item: True)
        assert any(d.rarity != "COMMON" for d in draws)


def test_sold_out_items_fall_back_and_stock_never_goes_negative() -> None:
    epic = next(i for i in configs.DEFAULT_GACHA.items if i.stock is not None and i.rarity == "EPIC")
    with session_scope() as db:
        db.add(GachaStock(item_id=epic.id, remaining=3, initial=3))
    config = configs.DEFAULT_GACHA

    # find floats that draw this Epic item, then draw it repeatedly against the real stock
    takes = []

    def take(item: object) -> bool:
        with session_scope() as db:
            left = db.execute(
                sa.update(GachaStock)
                .where(GachaStock.item_id == epic.id, GachaStock.remaining > 0)
                .values(remaining=GachaStock.remaining - 1)
                .returning(GachaStock.remaining)
            ).scalar_one_or_none()
        takes.append(left)
        return left is not None

    epic_index = config.items_of("EPIC").index(epic)
    weights = [i.weight for i in config.items_of("EPIC")]
    unit = next(rng.Unit(n) for n in range(0, 2**32, 2**24) if rng.pick(weights, rng.Unit(n)) == epic_index)
    results = [gacha.draw_item(unit, config, "EPIC", pity=False, take=take) for _ in range(5)]
    assert [r.item.id for r in results[:3]] == [epic.id] * 3
    assert all(r.rarity == "RARE" and r.sold_out == (epic.id,) for r in results[3:])
    pity_result = gacha.draw_item(unit, config, "EPIC", pity=True, take=take)
    assert pity_result.rarity == "EPIC"  # a pity pull never falls below Epic
    assert pity_result.item.id != epic.id
    assert _count("SELECT remaining FROM gacha_stock WHERE item_id = :i", i=epic.id) == 0


def _unit_for(weights: list[int], index: int) -> rng.Unit:
    return next(rng.Unit(n) for n in range(0, 2**32, 2**22) if rng.pick(weights, rng.Unit(n)) == index)


def _units_drawing(config: gacha_table.GachaConfig, item: gacha_table.GachaItem) -> list[rng.Unit]:
    """The two floats of a pull that draw exactly ``item``."""
    rarity = _unit_for(
        [config.rarity_weights[r] for r in gacha_table.RARITIES], gacha_table.RARITIES.index(item.rarity)
    )
    items = config.items_of(item.rarity)
    return [rarity, _unit_for([i.weight for i in items], items.index(item))]


def _limited(rarity: str) -> gacha_table.GachaItem:
    return next(i for i in configs.DEFAULT_GACHA.items if i.stock is not None and i.rarity == rarity)


def test_concurrent_pulls_never_oversell_limited_stock() -> None:
    legendary = _limited("LEGENDARY")
    with session_scope() as db:
        db.add(GachaStock(item_id=legendary.id, remaining=2, initial=2))
    config = configs.DEFAULT_GACHA
    units = _units_drawing(config, legendary)

    def attempt(_: int) -> str:
        with session_scope() as db:
            take = gacha_rows.take_stock(db, units, config, 1, 0)
            return gacha.draw_round(units, config, 1, 0, take)[0][0].item.id

    with ThreadPoolExecutor(max_workers=12) as pool:
        got = list(pool.map(attempt, range(12)))
    assert got.count(legendary.id) == 2
    assert _count("SELECT remaining FROM gacha_stock WHERE item_id = :i", i=legendary.id) == 0


def test_rounds_taking_limited_items_in_opposite_orders_do_not_deadlock() -> None:
    config = configs.DEFAULT_GACHA
    legendary, epic = _limited("LEGENDARY"), _limited("EPIC")
    with session_scope() as db:  # existing rows: nothing but the row locks orders the two rounds
        db.add_all(GachaStock(item_id=i.id, remaining=i.stock, initial=i.stock) for i in (legendary, epic))
    orders = [
        _units_drawing(config, legendary) + _units_drawing(config, epic),
        _units_drawing(config, epic) + _units_drawing(config, legendary),
    ]
    # Both rounds prepare, then each pauses after its first take until the other
    # has taken its first item too: with row locks taken in draw order this
    # interleaving is a deadlock. With the fix the second round waits while
    # preparing, so the pauses time out and the rounds run one after the other.
    ready, meet = threading.Barrier(2, timeout=1), threading.Barrier(2, timeout=1)

    def pause(barrier: threading.Barrier) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()

    def round_(units: list[rng.Unit]) -> list[str]:
        with session_scope() as db:
            take = gacha_rows.take_stock(db, units, config, 2, 0)
            pause(ready)
            first = True

            def paced(index: int, item: gacha_table.GachaItem) -> bool:
                nonlocal first
                ok = take(index, item)
                if first:
                    first = False
                    pause(meet)
                return ok

            return [d.item.id for d in gacha.draw_round(units, config, 2, 0, paced)[0]]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(round_, orders))
    assert sorted(results[0]) == sorted(results[1]) == sorted([legendary.id, epic.id])
    assert _count("SELECT remaining FROM gacha_stock WHERE item_id = :i", i=legendary.id) == legendary.stock - 2
    assert _count("SELECT remaining FROM gacha_stock WHERE item_id = :i", i=epic.id) == epic.stock - 2


def test_daily_gacha_limit_resets_at_kst_midnight() -> None:
    pair = new_player()
    fund(pair.user.id, 1_000_000)
    frozen = clock.FrozenClock(datetime(2026, 6, 1, 14, 59, 58, tzinfo=UTC))  # 23:59:58 KST
    with clock.use_clock(frozen):
        for i in range(3):
            gacha.pull(pair.user, 10 if i == 0 else 1, f"day1-{i}")  # a 10-pull counts once
        with pytest.raises(AppError) as limited:
            gacha.pull(pair.user, 1, "day1-x")
        assert limited.value.error_code == "DAILY_GACHA_LIMIT"
        assert limited.value.status == 429
        assert limited.value.details == {"limit": 3, "used": 3}
        assert int(limited.value.headers["Retry-After"]) == 2
        frozen.advance(timedelta(seconds=2))  # 00:00:00 KST
        assert gacha.pull(pair.user, 1, "day2-0").daily_remaining == 2


async def test_game_api_contract() -> None:
    pair = new_player()
    fund(pair.user.id, 1_000_000)
    async with api_client() as client:
        headers = bearer(pair.access_token)
        odds = (await client.get("/api/games/slot/odds")).json()
        assert 0.92 <= odds["declared_rtp"] <= 0.97
        key = {"Idempotency-Key": str(uuid.uuid4())}
        spin = await client.post("/api/games/slot/spin", headers={**headers, **key}, json={"bet_amount": 1000})
        assert spin.status_code == 200, spin.text
        body = spin.json()
        assert set(body["proof"]) == {"server_seed_hash", "client_seed", "nonce"}
        assert len(body["reels"]) == 3
        assert body["celebrate"] == (body["win_amount"] > 1000)
        replay = await client.post("/api/games/slot/spin", headers={**headers, **key}, json={"bet_amount": 1000})
        assert replay.text == spin.text
        assert_envelope(await client.post("/api/games/slot/spin", headers=headers, json={"bet_amount": 1000}), 400)
        bad_bet = await client.post(
            "/api/games/slot/spin", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={"bet_amount": 123}
        )
        assert_envelope(bad_bet, 422, "BET_NOT_ALLOWED")
        pull = await client.post(
            "/api/games/gacha/pull", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={"count": 10}
        )
        assert pull.status_code == 200, pull.text
        assert len(pull.json()["items"]) == 10
        assert pull.json()["daily_remaining"] == 2
        assert pull.json()["pity"]["threshold"] == 90
        bad_count = await client.post(
            "/api/games/gacha/pull", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={"count": 5}
        )
        assert_envelope(bad_count, 422)
        disclosure = (await client.get("/api/games/gacha/config")).json()
        assert abs(sum(disclosure["rarity_rates"].values()) - 1) < 1e-12
        assert abs(sum(disclosure["consolidated_rates"].values()) - 1) < 1e-12
        assert abs(sum(i["probability"] for i in disclosure["items"]) - 1) < 1e-9
        assert disclosure["players_today"] == 1
        assert disclosure["costs"] == {"single": 5000, "ten": 50000}
        stats = (await client.get("/api/games/stats/me", headers=headers)).json()
        assert stats["total_bets"] == 2
        assert stats["game_breakdown"]["slot"]["total_wagered"] == 1000
        assert stats["game_breakdown"]["gacha"]["total_wagered"] == 50000
        history = (await client.get("/api/games/history?game_type=slot", headers=headers)).json()
        assert [r["game"] for r in history["items"]] == ["slot"]
        gstats = (await client.get("/api/games/gacha/stats", headers=headers)).json()
        assert gstats["total_pulls"] == 10
        inventory = await client.get("/api/inventory", headers=headers)
        assert inventory.status_code == 200
        verify = await client.post(
            "/api/fairness/verify",
            headers=headers,
            json={"game": "slot", "server_seed": "00" * 32, "client_seed": "abc", "nonce": 0},
        )
        assert verify.status_code == 200
        assert len(verify.json()["outcome"]["reels"]) == 3
        for bad in ({"config_version": 3_000_000_000}, {"config_version": 99}, {"nonce": 2**62 + 1}):
            refused = await client.post(
                "/api/fairness/verify",
                headers=headers,
                json={"game": "slot", "server_seed": "00" * 32, "client_seed": "abc", "nonce": 0, **bad},
            )
            assert refused.status_code in (404, 422), (bad, refused.text)
            assert_envelope(refused, refused.status_code)


async def test_odds_versions_are_admin_data_audited_and_recorded_on_rounds() -> None:
    new_staff("admin", site_id="oddsadmin")
    pair = new_player()
    fund(pair.user.id, 100_000)
    async with api_client() as client:
        token = (
            await client.post("/api/admin/auth/login", json={"site_id": "oddsadmin", "password": "correct-horse-9"})
        ).json()["access_token"]
        table = (await client.get("/api/games/slot/odds")).json()["config"]
        greedy = {**table, "symbols": [{**s, "triple": "1000"} for s in table["symbols"]]}
        rejected = await client.post("/api/admin/games/slot/configs", headers=bearer(token), json={"config": greedy})
        assert_envelope(rejected, 422, "RTP_OUT_OF_RANGE")
        tweaked = {**table, "bet_options": [100, 1000]}
        created = await client.post("/api/admin/games/slot/configs", headers=bearer(token), json={"config": tweaked})
        assert created.status_code == 201, created.text
        assert created.json()["version"] == 2
        versions = (await client.get("/api/admin/games/slot/configs", headers=bearer(token))).json()
        assert [v["is_active"] for v in versions] == [True, False]
        player_try = await client.post(
            "/api/admin/games/slot/configs", headers=bearer(pair.access_token), json={"config": tweaked}
        )
        assert_envelope(player_try, 403)
    spin = slot.spin(pair.user.id, 1000, "v2")
    assert spin.config_version == 2
    assert _count("SELECT count(*) FROM audit_log WHERE action = 'game_config.add_version'") == 1


async def test_concurrent_spins_through_the_api() -> None:
    pair = new_player()
    fund(pair.user.id, 1_000_000)
    async with api_client() as client:
        headers = bearer(pair.access_token)
        responses = await asyncio.gather(
            *[
                client.post(
                    "/api/games/slot/spin",
                    headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
                    json={"bet_amount": 500},
                )
                for _ in range(40)
            ]
        )
    assert all(r.status_code == 200 for r in responses)
    net = sum(r.json()["win_amount"] - 500 for r in responses)
    assert ledger.balance_of(pair.user.id) == 1_001_000 + net
    assert ledger.reconcile().ok
