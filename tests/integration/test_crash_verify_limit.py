"""The public walk to the terminating hash is rate limited per address; unknown hashes never use the budget."""

from __future__ import annotations

import pytest

from casino_app.services.crash import verify
from tests.support.api import api_client, assert_envelope
from tests.support.crash import Driver, fast_table
from tests.support.env import environment

pytestmark = pytest.mark.anyio
BASE = "/api/games/crash"


async def test_the_walk_is_limited_to_six_a_minute_per_address() -> None:
    with environment(CRASH_CHAIN_LENGTH="1000"):
        fast_table(growth_per_ms=0.001)
        driver = Driver()
        try:
            revealed = driver.until("crashed")["hash"]
        finally:
            driver.close()
    async with api_client() as client:
        for _ in range(3):  # unknown hashes answer 404 without spending a walk
            assert_envelope(await client.get(f"{BASE}/verify", params={"hash": "b" * 64, "full": "true"}), 404)
        for _ in range(verify.WALKS_PER_MINUTE):
            walked = await client.get(f"{BASE}/verify", params={"hash": revealed, "full": "true"})
            assert walked.status_code == 200, walked.text
            assert walked.json()["reaches_terminating"] is True
        error = assert_envelope(
            await client.get(f"{BASE}/verify", params={"hash": revealed, "full": "true"}), 429, "RATE_LIMITED"
        )
        assert error["details"]["walks_per_minute"] == verify.WALKS_PER_MINUTE
        plain = await client.get(f"{BASE}/verify", params={"hash": revealed})  # the link check stays open
        assert plain.status_code == 200
        assert plain.json()["valid"] is True
