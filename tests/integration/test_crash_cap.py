"""The round payout cap on the betting side: a round takes no bet that would bring its stakes past the cap."""

from __future__ import annotations

import pytest

from casino_app.services import ledger
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.crash import BET, Driver, fast_table, key
from tests.support.crash_play import count, transfers
from tests.support.env import environment
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio


async def test_a_bet_past_the_round_payout_cap_is_refused_and_takes_nothing() -> None:
    with environment(CRASH_CHAIN_LENGTH="1000"):
        # Cap 10,000 gold; at most 10× so that one maximum bet stays within ten caps (the table's rule).
        fast_table(round_payout_cap=10_000, max_multiplier_x100=1_000, max_bet=6_000, betting_ms=5_000)
        driver = Driver()
        try:
            state = driver.until("betting")
            first, second = new_player(), new_player()
            for pair in (first, second):
                fund(pair.user.id, 10_000)
            before = ledger.balance_of(second.user.id)
            async with api_client() as client:
                ok = await client.post(BET, headers={**bearer(first.access_token), **key()}, json={"bet_amount": 6_000})
                assert ok.status_code == 200, ok.text
                refused = await client.post(
                    BET, headers={**bearer(second.access_token), **key()}, json={"bet_amount": 5_000}
                )
                error = assert_envelope(refused, 409, "CRASH_ROUND_FULL")
                assert error["details"]["round_payout_cap"] == 10_000
                exactly = await client.post(
                    BET, headers={**bearer(second.access_token), **key()}, json={"bet_amount": 4_000}
                )
                assert exactly.status_code == 200, exactly.text  # 6,000 + 4,000 = the cap: still taken
            assert ledger.balance_of(second.user.id) == before - 4_000
            assert transfers(second.user.id, "CRASH_BET") == 1
            assert count("SELECT total_bet FROM crash_rounds WHERE id = :r", r=state["round_id"]) == 10_000
        finally:
            driver.close()
