"""The slot's Reflex handlers: a spin settles at once but shows its result only when the page reports that the
last reel stopped (``reveal``); a round never reported is shown by the next spin or page load; a failed spin
tells the reels to stop; the chips and paytable come from the active table."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.services import ledger
from casino_app.state.slot import SlotState  # imported at collection: the states register in the main context
from casino_app.state.wallet import WalletState
from tests.support import shop as shop_support
from tests.support.state_harness import handler_state

pytestmark = pytest.mark.anyio


def _rounds(user_id: int) -> list[tuple[int, int, list[str], int]]:
    with get_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT bet, payout, outcome -> 'reels', nonce FROM game_rounds WHERE user_id = :u ORDER BY id"),
            {"u": user_id},
        ).all()
    return [(int(b), int(p), list(r), int(n)) for b, p, r, n in rows]


async def test_a_spin_is_shown_only_after_the_reels_report_their_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    pair = shop_support.adult_session(gold=1_000)
    uid = pair.user.id
    state = await handler_state(monkeypatch, SlotState, pair.user)
    wallet = await state.get_state(WalletState)
    await WalletState.refresh.fn(wallet)
    await SlotState.load.fn(state)

    assert state.reels == ["lemon", "cherry", "bell"]  # the idle face of the shipped table: no paying line
    assert (state.draw_id, state.spin_id) == (0, 0)
    assert state.bet_labels == {
        "100": "100",
        "200": "200",
        "500": "500",
        "1000": "1,000",
        "2000": "2,000",
        "5000": "5,000",
        "10000": "10,000",
    }
    assert state.top_bet == 10_000
    assert state.symbol_ids == ["cherry", "lemon", "bell", "clover", "diamond", "seven"]
    assert state.pay_rows[-1] == {
        "id": "seven",
        "triple": "250",
        "pair": "5",
        "triple_gold": "25,000",
        "pair_gold": "500",
    }
    assert state.pay_caption["ko"] == "100 G 베팅 기준 · 연승 보너스 별도"
    assert "+5%(최대 +20%)" in state.rules["ko"]  # 5 % per step, 4 steps: from the table
    SlotState.choose_bet.fn(state, 1_000)
    assert state.pay_rows[0]["triple_gold"] == "4,000"  # cherry ×4 at 1,000
    assert state.pay_caption["en"] == "At a 1,000 G bet · win-streak bonus extra"
    SlotState.choose_bet.fn(state, 100)

    await SlotState.spin.fn(state, uuid.uuid4().hex)
    ((bet, payout, reels, nonce),) = _rounds(uid)
    assert bet == 100
    assert state.draw_id == 1
    assert state.reels == reels  # the reels get the drawn line at once ...
    assert state.rolling
    assert state.held_gold == 1_000  # ... the chips keep following the balance shown before the round ...
    assert wallet.gold == ledger.balance_of(uid)  # ... which the header holds in the browser until the stop
    assert (state.spin_id, state.win_text, state.proof_hash) == (0, "", "")  # nothing of the result yet

    await SlotState.reveal.fn(state, 2)  # not the draw on screen: ignored
    assert state.spin_id == 0
    await SlotState.reveal.fn(state, 1)
    assert state.spin_id == 1
    assert not state.rolling
    assert (state.win, state.last_bet, state.win_text) == (payout, 100, f"{payout:,}")
    assert state.celebrate == (payout > 100)
    assert state.win_draw == (1 if payout > 100 else 0)
    assert state.proof_nonce == nonce
    assert len(state.proof_hash) == 64
    assert state.stats["rounds"] == "1"
    await SlotState.reveal.fn(state, 1)  # shown once
    assert state.spin_id == 1

    # A round whose stop never came back is shown before the next one is drawn, and by a page load.
    await SlotState.spin.fn(state, uuid.uuid4().hex)
    assert (state.draw_id, state.spin_id) == (2, 1)
    await SlotState.spin.fn(state, uuid.uuid4().hex)
    assert (state.draw_id, state.spin_id) == (3, 2)
    second = _rounds(uid)[1]
    assert state.win == second[1]
    await SlotState.load.fn(state)
    assert (state.draw_id, state.spin_id) == (3, 3)
    assert not state.rolling
    assert state.reels == _rounds(uid)[2][2]  # the last line stays on the reels (no idle face after a round)
    assert state.stats["rounds"] == "3"


async def test_a_failed_spin_stops_the_reels_and_draws_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    pair = shop_support.adult_session(gold=150)
    state = await handler_state(monkeypatch, SlotState, pair.user)
    await SlotState.load.fn(state)
    SlotState.choose_bet.fn(state, 200)
    await SlotState.spin.fn(state, uuid.uuid4().hex)
    assert state.fail_seq == 1
    assert state.error["ko"] == "골드가 부족합니다."
    assert (state.draw_id, state.spin_id, state.rolling) == (0, 0, False)
    assert _rounds(pair.user.id) == []
    SlotState.choose_bet.fn(state, 100)  # another chip clears the message
    assert state.error == {}
