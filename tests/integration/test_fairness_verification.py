"""Independent re-implementation of docs/fairness.md: every recorded round recomputes from the revealed seed.

Nothing from ``casino_app.services`` is used to recompute — only hashlib/hmac/struct and the published tables
(``GET /api/games/{game}/odds``) — so a bug in the engine cannot hide behind the same bug here.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
import uuid
from fractions import Fraction

import pytest

from casino_app.core.db import session_scope
from casino_app.models.games import GachaStock
from casino_app.services.games import configs, gacha, slot
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client
from tests.support.tables import gacha_daily_limit
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio
RARITIES = ["COMMON", "RARE", "EPIC", "LEGENDARY"]


# --- the independent implementation (≈50 lines) ------------------------------------------------


def _floats(seed: bytes, client_seed: str, nonce: int, count: int) -> list[int]:
    """Numerators n of f = n / 2**32, in order."""
    out: list[int] = []
    cursor = 0
    while len(out) < count:
        digest = hmac.new(seed, f"{client_seed}:{nonce}:{cursor}".encode(), hashlib.sha256).digest()
        out += [struct.unpack(">I", digest[i : i + 4])[0] for i in range(0, 32, 4)]
        cursor += 1
    return out[:count]


def _choice(weights: list[int], n: int) -> int:
    total, cumulative = sum(weights), 0
    for i, w in enumerate(weights):
        cumulative += w
        if cumulative * 2**32 > n * total:
            return i
    raise AssertionError


def _slot(table: dict, seed: bytes, client_seed: str, nonce: int) -> tuple[list[str], Fraction]:
    symbols = table["symbols"]
    reels = [symbols[_choice([s["weight"] for s in symbols], n)]["id"] for n in _floats(seed, client_seed, nonce, 3)]
    pay = {s["id"]: s for s in symbols}
    a, b, c = reels
    if a == b == c:
        return reels, Fraction(pay[a]["triple"])
    if a in (b, c) or b == c:
        return reels, Fraction(pay[a if a in (b, c) else b]["pair"])
    return reels, Fraction(0)


def _gacha(
    table: dict, seed: bytes, client_seed: str, nonce: int, count: int, pity: int, sold_out: list[list[str]]
) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """Per pull: (what the floats drew, what was awarded given the round's recorded sold-out items)."""
    nums = _floats(seed, client_seed, nonce, 2 * count)
    pulls: list[tuple[tuple[str, str], tuple[str, str]]] = []
    for i in range(count):
        pity_pull = pity >= table["pity_threshold"] - 1
        if pity_pull:
            pool = ["EPIC", "LEGENDARY"]
        elif count == 10 and i == 9 and all(r == "COMMON" for _, (r, _) in pulls):
            pool = ["RARE", "EPIC", "LEGENDARY"]
        else:
            pool = RARITIES
        rarity = pool[_choice([table["rarity_weights"][r] for r in pool], nums[2 * i])]
        items = [it for it in table["items"] if it["rarity"] == rarity]
        drawn = (rarity, items[_choice([it["weight"] for it in items], nums[2 * i + 1])]["id"])
        awarded, met = drawn, []
        while awarded[1] in sold_out[i]:  # docs: fall one rarity down (pity: stay), same item float,
            met.append(awarded[1])  # skipping the items already found sold out
            rarity = rarity if pity_pull else RARITIES[RARITIES.index(rarity) - 1]
            items = [it for it in table["items"] if it["rarity"] == rarity and it["id"] not in met]
            awarded = (rarity, items[_choice([it["weight"] for it in items], nums[2 * i + 1])]["id"])
        pulls.append((drawn, awarded))
        pity = 0 if awarded[0] in ("EPIC", "LEGENDARY") else pity + 1
    return pulls


# --- the test ------------------------------------------------------------------------------------


async def test_1000_slot_rounds_and_200_gacha_pulls_recompute_exactly() -> None:
    with gacha_daily_limit(1000):
        pair = new_player()
        user = pair.user
        fund(user.id, 50_000_000)
        bets = [100, 200, 500, 1000, 2000, 5000, 10000]
        for i in range(1000):
            slot.spin(user.id, bets[i % len(bets)], f"verify-{i}")
        pulls = 0
        i = 0
        while pulls < 200:
            count = 10 if i % 3 == 0 else 1
            gacha.pull(user, count, f"verify-g-{i}")
            pulls += count
            i += 1

    async with api_client() as client:
        headers = bearer(pair.access_token)
        before = (await client.get("/api/fairness/seeds", headers=headers)).json()
        rotation = (await client.post("/api/fairness/rotate", headers=headers)).json()
        assert rotation["revealed_server_seed_hash"] == before["server_seed_hash"]
        seed = bytes.fromhex(rotation["revealed_server_seed"])
        assert len(rotation["revealed_server_seed"]) == 64
        assert hashlib.sha256(seed).hexdigest() == before["server_seed_hash"]
        assert rotation["new_server_seed_hash"] != before["server_seed_hash"]
        slot_table = (await client.get("/api/games/slot/odds")).json()["config"]
        gacha_table = (await client.get("/api/games/gacha/odds")).json()["config"]
        rounds, cursor = [], None
        while True:
            url = "/api/games/history?limit=100" + (f"&cursor={cursor}" if cursor else "")
            page = (await client.get(url, headers=headers)).json()
            rounds += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break

    rounds.sort(key=lambda r: r["nonce"])
    assert [r["nonce"] for r in rounds] == list(range(len(rounds)))
    assert sum(1 for r in rounds if r["game"] == "slot") == 1000
    assert sum(len(r["outcome"]["pulls"]) for r in rounds if r["game"] == "gacha") == pulls

    streak, pity, mismatches = 0, 0, []
    for r in rounds:
        assert r["server_seed_hash"] == before["server_seed_hash"]
        if r["game"] == "slot":
            reels, multiplier = _slot(slot_table, seed, r["client_seed"], r["nonce"])
            bonus = (
                slot_table["streak_bonus_step_pct"] * min(streak, slot_table["streak_bonus_max_steps"])
                if multiplier
                else 0
            )
            expected = int(r["bet"] * multiplier * (100 + bonus) // 100)
            if (
                reels != r["outcome"]["reels"]
                or expected != r["payout"]
                or Fraction(r["outcome"]["multiplier"]) != multiplier
                or r["outcome"]["streak_before"] != min(streak, slot_table["streak_bonus_max_steps"])
            ):
                mismatches.append(r["id"])
            streak = streak + 1 if multiplier > 1 else 0
        else:
            pulls_ = r["outcome"]["pulls"]
            sold_out = [p["sold_out"] for p in pulls_]
            expected_pulls = _gacha(gacha_table, seed, r["client_seed"], r["nonce"], len(pulls_), pity, sold_out)
            for (drawn, awarded), got in zip(expected_pulls, pulls_, strict=True):
                if (got["drawn_rarity"], got["drawn_item_id"]) != drawn or (got["rarity"], got["item_id"]) != awarded:
                    mismatches.append(r["id"])
                pity = 0 if awarded[0] in ("EPIC", "LEGENDARY") else pity + 1
    assert mismatches == [], f"{len(mismatches)} rounds do not recompute"


async def test_seed_is_never_exposed_before_rotation() -> None:
    pair = new_player()
    fund(pair.user.id, 10_000)
    result = slot.spin(pair.user.id, 100, uuid.uuid4().hex)
    async with api_client() as client:
        headers = bearer(pair.access_token)
        seeds = (await client.get("/api/fairness/seeds", headers=headers)).json()
        history = (await client.get("/api/games/history", headers=headers)).text
    assert seeds["revealed"] == []
    assert seeds["server_seed_hash"] == result.server_seed_hash
    assert 'server_seed"' not in history
    assert set(seeds) == {"server_seed_hash", "client_seed", "nonce", "revealed"}


async def test_rounds_with_sold_out_items_recompute_with_their_recorded_sold_out_lists() -> None:
    limited = [i for i in configs.DEFAULT_GACHA.items if i.stock is not None]
    with session_scope() as db:
        for item in limited:
            db.merge(GachaStock(item_id=item.id, remaining=0, initial=item.stock))
    pair = new_player()
    fund(pair.user.id, 50_000_000)
    with gacha_daily_limit(1000):
        results = []
        for i in range(120):
            results.append(gacha.pull(pair.user, 10, f"soldout-{i}"))
            if sum(1 for r in results for p in r.items if p["sold_out"]) >= 2:
                break
    fell_back = [(r, n) for r in results for n, p in enumerate(r.items) if p["sold_out"]]
    assert len(fell_back) >= 2, "the seed never drew a limited item in 1,200 pulls"

    async with api_client() as client:
        headers = bearer(pair.access_token)
        seed = (await client.post("/api/fairness/rotate", headers=headers)).json()["revealed_server_seed"]
        gacha_table = (await client.get("/api/games/gacha/odds")).json()["config"]
        pity = 0
        for result in results:
            sold_out = [p["sold_out"] for p in result.items]
            body = {
                "game": "gacha",
                "server_seed": seed,
                "client_seed": result.client_seed,
                "nonce": result.nonce,
                "count": 10,
                "pity_before": result.items[0]["pity_before"],
                "sold_out": sold_out,
            }
            verified = (await client.post("/api/fairness/verify", headers=headers, json=body)).json()
            awarded = [(p["rarity"], p["item_id"]) for p in verified["outcome"]["pulls"]]
            assert awarded == [(p["rarity"], p["item_id"]) for p in result.items]
            independent = _gacha(gacha_table, bytes.fromhex(seed), result.client_seed, result.nonce, 10, pity, sold_out)
            assert [a for _, a in independent] == awarded
            pity = verified["outcome"]["pity_after"]
        # Without the sold-out lists the verifier shows what the floats drew instead.
        result, n = fell_back[0]
        body = {**body, "client_seed": result.client_seed, "nonce": result.nonce, "sold_out": []}
        body["pity_before"] = result.items[0]["pity_before"]
        drawn = (await client.post("/api/fairness/verify", headers=headers, json=body)).json()["outcome"]["pulls"][n]
        assert (drawn["rarity"], drawn["item_id"]) == (
            result.items[n]["drawn_rarity"],
            result.items[n]["drawn_item_id"],
        )
        invalid = await client.post("/api/fairness/verify", headers=headers, json={**body, "sold_out": [["gold_1k"]]})
        assert invalid.status_code == 422
