"""Every gacha prize stays visible: the prize log and totals (gold and XP as well as items), the reveal's state after
a pull (exactly what the server drew, with art and timings), closing it, a refused pull, and the inventory page."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import reflex as rx
import sqlalchemy as sa

import casino_app.casino_app  # noqa: F401 - registers every state (in the main context, before any test's task)
from casino_app.core.db import get_engine
from casino_app.i18n import CATALOGS
from casino_app.services import ledger
from casino_app.services.accounts import identity
from casino_app.services.games import configs, gacha, gacha_reports
from casino_app.services.games.gacha_table import DEFAULT_GACHA
from casino_app.state import auth
from casino_app.state.gacha import GachaState
from casino_app.state.inventory import InventoryState
from tests.support.accounts import new_player
from tests.support.tables import gacha_daily_limit
from tests.support.wallets import session_with_gold

pytestmark = pytest.mark.anyio
T1 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
T2 = datetime(2026, 11, 28, 5, 30, tzinfo=UTC)  # 14:30 KST
ITEMS = {i.id: i for i in DEFAULT_GACHA.items}


@pytest.fixture(autouse=True)
def _many_pulls_a_day() -> Iterator[None]:
    with gacha_daily_limit(1000):
        yield


def _pull_row(item_id: str) -> dict[str, Any]:
    item = ITEMS[item_id]
    return {
        "rarity": item.rarity,
        "item_id": item.id,
        "kind": item.kind,
        "amount": item.amount,
        "name_ko": item.name_ko,
        "name_en": item.name_en,
        "drawn_rarity": item.rarity,
        "drawn_item_id": item.id,
        "pity": False,
        "guarantee": False,
        "sold_out": [],
        "pity_before": 0,
    }


def _round(user_id: int, game: str, items: list[str], at: datetime, key: str) -> int:
    """A recorded round (a row: only what the reports read matters here)."""
    outcome = {"count": len(items), "pulls": [_pull_row(i) for i in items]} if game == "gacha" else {}
    payout = sum(ITEMS[i].amount for i in items if ITEMS[i].kind == "gold")
    with get_engine().begin() as conn:
        return int(
            conn.scalar(
                sa.text(
                    "INSERT INTO game_rounds (user_id, game, config_version, server_seed_hash, client_seed, nonce,"
                    " bet, payout, outcome, request_key, request, created_at)"
                    " VALUES (:u, :g, :v, repeat('0', 64), 'seed', :n, :bet, :payout, CAST(:outcome AS jsonb), :key,"
                    " '{}'::jsonb, :at) RETURNING id"
                ),
                {
                    "u": user_id,
                    "g": game,
                    "v": configs.active(game).version,
                    "n": abs(hash(key)) % 1_000_000,
                    "bet": 5_000 * len(items),
                    "payout": payout,
                    "outcome": json.dumps(outcome),
                    "key": key,
                    "at": at,
                },
            )
        )


TEN = ["gold_1k", "xp_50", "gold_1k", "frame_neon", "gold_8k", "gold_2k", "xp_300", "gold_1k", "xp_50", "frame_aurora"]


def test_the_prize_log_lists_every_kind_newest_round_first_and_totals_them() -> None:
    me, other = new_player().user.id, new_player().user.id
    first = _round(me, "gacha", ["xp_50"], T1, "g:1")
    second = _round(me, "gacha", TEN, T2, "g:2")
    _round(other, "gacha", ["gold_150k"], T2, "g:other")  # someone else's
    _round(me, "slot", [], T2, "s:1")  # not a gacha round

    log = gacha_reports.prize_log(me, 30)
    assert [(p.round_id, p.position, p.item_id) for p in log] == [
        *((second, n, item) for n, item in enumerate(TEN, start=1)),
        (first, 1, "xp_50"),
    ]
    assert [(p.kind, p.amount) for p in log[:5]] == [
        ("gold", 1_000),
        ("xp", 50),
        ("gold", 1_000),
        ("cosmetic", 0),
        ("gold", 8_000),
    ]
    assert (log[0].name_ko, log[0].name_en, log[0].rarity) == ("골드 꾸러미 1,000", "Gold pouch 1,000", "COMMON")
    assert log[-1].created_at == T1
    assert [p.item_id for p in gacha_reports.prize_log(me, 4)] == TEN[:4]

    totals = gacha_reports.prize_totals(me)
    # gold: 1,000 × 3 + 8,000 + 2,000 = 13,000; XP: 50 + 300 + 50 + 50 (the first round) = 450; items: 2 cosmetics
    assert totals == gacha_reports.PrizeTotals(prizes=11, gold=13_000, xp=450, items=2)
    assert gacha_reports.prize_totals(new_player().user.id) == gacha_reports.PrizeTotals(0, 0, 0, 0)


def test_a_real_10_pull_is_listed_with_what_it_credited() -> None:
    pair = session_with_gold(55_000)
    result = gacha.pull(pair.user, 10, "prizes-10")
    log = gacha_reports.prize_log(pair.user.id)
    assert [(p.round_id, p.item_id) for p in log] == [(result.round_id, i["item_id"]) for i in result.items]
    totals = gacha_reports.prize_totals(pair.user.id)
    assert totals.prizes == 10
    assert totals.gold == result.gold_won == sum(i["amount"] for i in result.items if i["kind"] == "gold")
    assert totals.items == sum(1 for i in result.items if i["kind"] == "cosmetic")
    # 55,000 − 50,000 for the pull + the gold prizes (no first-pull achievement: these tests start from empty tables)
    assert ledger.balance_of(pair.user.id) == 5_000 + totals.gold


async def _state(monkeypatch: pytest.MonkeyPatch, user: identity.AuthUser, cls: type[rx.State]) -> Any:
    async def current(self: Any) -> identity.AuthUser | None:
        return user

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return await root.get_state(cls)


async def _call(state: rx.State, handler: str, *args: Any) -> Any:
    outcome = type(state).event_handlers[handler].fn(state, *args)
    return await outcome if inspect.isawaitable(outcome) else outcome


async def test_the_reveal_shows_exactly_the_pull_and_the_inventory_lists_every_prize(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pair = session_with_gold(55_000)
    state = await _state(monkeypatch, pair.user, GachaState)
    await _call(state, "load")
    assert state.loaded
    assert (state.cost_single_text, state.cost_ten_text) == ("5,000", "50,000")
    assert [(f["item_id"], f["rarity"]) for f in state.featured] == [
        ("gold_150k", "LEGENDARY"),
        ("avatar_dragon", "LEGENDARY"),
        ("gold_30k", "EPIC"),
        ("frame_aurora", "EPIC"),
    ]
    assert state.featured[1]["art"] == "/gacha/items/avatar_dragon.svg"
    assert not state.reveal_open

    await _call(state, "pull", 10, "reveal-ten")
    drawn = gacha_reports.prize_log(pair.user.id)
    assert state.reveal_open
    assert state.pull_id == 1
    assert [(c.item_id, c.rarity, c.kind) for c in state.prizes] == [(p.item_id, p.rarity, p.kind) for p in drawn]
    assert [c.art for c in state.prizes] == [f"/gacha/items/{p.item_id}.svg" for p in drawn]
    assert [c.delay_ms for c in state.prizes] == [500 + 220 * n for n in range(10)]
    assert state.reveal_build_ms == 500 + 220 * 9 + 500
    order = ["COMMON", "RARE", "EPIC", "LEGENDARY"]
    assert state.best_rarity == max((p.rarity for p in drawn), key=order.index)
    assert [c.epic_plus for c in state.prizes] == [p.rarity in ("EPIC", "LEGENDARY") for p in drawn]
    assert sum(state.pull_counts.values()) == 10
    assert state.total_gold == sum(p.amount for p in drawn if p.kind == "gold")
    assert state.total_xp == sum(p.amount for p in drawn if p.kind == "xp")
    assert state.total_items == sum(1 for p in drawn if p.kind == "cosmetic")
    assert state.total_gold_text == f"{state.total_gold:,}"

    await _call(state, "close_reveal")
    assert not state.reveal_open
    assert len(state.prizes) == 10  # the last pull stays on the page

    await _call(state, "pull", 1, "reveal-one")
    card = state.prizes[0]
    assert state.reveal_open
    assert state.pull_id == 2
    assert state.best_rarity == card.rarity
    assert state.reveal_build_ms == {"COMMON": 1_400, "RARE": 1_900, "EPIC": 2_500, "LEGENDARY": 3_100}[card.rarity]
    assert card.delay_ms == 500

    await _call(state, "load")  # coming back to the page does not replay the reveal
    assert not state.reveal_open

    inventory = await _state(monkeypatch, pair.user, InventoryState)
    await _call(inventory, "load")
    log = gacha_reports.prize_log(pair.user.id)
    totals = gacha_reports.prize_totals(pair.user.id)
    assert [(p["item_id"], p["kind"], p["round_id"]) for p in inventory.prizes] == [
        (p.item_id, p.kind, str(p.round_id)) for p in log
    ]
    assert inventory.prize_count == 11
    assert inventory.gold_total == f"{totals.gold:,}"
    assert inventory.xp_total == f"{totals.xp:,}"
    cosmetics = sorted({p.item_id for p in log if p.kind == "cosmetic"})
    assert sorted(i["item_id"] for i in inventory.inventory) == cosmetics
    assert all(i["art"] == f"/gacha/items/{i['item_id']}.svg" for i in inventory.inventory)


async def test_a_refused_pull_opens_no_reveal(monkeypatch: pytest.MonkeyPatch) -> None:
    pair = session_with_gold(4_999)
    state = await _state(monkeypatch, pair.user, GachaState)
    await _call(state, "load")
    await _call(state, "pull", 1, "too-poor")
    assert not state.reveal_open
    assert state.pull_id == 0
    assert state.fail_seq == 1
    assert state.error["ko"] == CATALOGS["ko"]["error.INSUFFICIENT_FUNDS"]
    assert ledger.balance_of(pair.user.id) == 4_999
    assert gacha_reports.prize_log(pair.user.id) == []


def test_the_shipped_table_in_play_has_art_for_every_prize() -> None:
    from casino_app.state.gacha_art import has_own_art

    assert [i.id for i in configs.active("gacha").config.items if not has_own_art(i.id)] == []
    assert timedelta(0) < T2 - T1  # the log's fixture rounds are in order
