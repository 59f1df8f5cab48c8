"""A refused login says how many tries remain before the lockout, from the same counts the lockout uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casino_app.core import clock
from casino_app.core.errors import Unauthorized
from casino_app.services.accounts import sessions
from tests.integration.test_login_throttles import _login, client_from
from tests.support.accounts import PASSWORD, new_player
from tests.support.api import assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio


async def test_each_failure_counts_down_to_the_lockout() -> None:
    new_player("countdown1", "카운트다운")
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
    with clock.use_clock(frozen):
        async with client_from("203.0.113.41") as client:
            left = []
            for _ in range(4):
                error = assert_envelope(await _login(client, "countdown1", "wrong-pass-1"), 401, "INVALID_CREDENTIALS")
                assert "retry_after" not in error["details"]
                left.append(error["details"]["attempts_left"])
                frozen.advance(timedelta(seconds=30))
            assert left == [4, 3, 2, 1]
            # The fifth failure uses the last try: none left, and how long the lockout it started will last
            # (the window is 10 minutes from the first of the five failures, 2 minutes ago).
            fifth = assert_envelope(await _login(client, "countdown1", "wrong-pass-1"), 401, "INVALID_CREDENTIALS")
            assert fifth["details"] == {"attempts_left": 0, "retry_after": 600 - 120}
            locked = await _login(client, "countdown1", PASSWORD)
            assert assert_envelope(locked, 429, "LOGIN_LOCKED")["details"]["retry_after"] == 600 - 120
            # A success after the lockout starts the count again.
            frozen.advance(timedelta(seconds=600 - 120))
            assert (await _login(client, "countdown1", PASSWORD)).status_code == 200
            frozen.advance(timedelta(seconds=1))
            again = assert_envelope(await _login(client, "countdown1", "wrong-pass-1"), 401, "INVALID_CREDENTIALS")
            assert again["details"] == {"attempts_left": 4}


async def test_unknown_ids_count_down_the_same_way() -> None:
    async with client_from("203.0.113.42") as client:
        left = [
            assert_envelope(await _login(client, "nobody_here", "wrong-pass-2"), 401)["details"]["attempts_left"]
            for _ in range(3)
        ]
    assert left == [4, 3, 2]


async def test_other_networks_failures_are_never_reported() -> None:
    new_player("countdown2", "카운트둘")
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 5, 0, tzinfo=UTC))
    with clock.use_clock(frozen), environment(LOGIN_ACCOUNT_MAX_FAILURES="7", LOGIN_MAX_FAILURES="5"):
        async with client_from("198.51.100.50") as owner:
            assert (await _login(owner, "countdown2")).status_code == 200  # a known network from now on
        frozen.advance(timedelta(seconds=5))
        for n in range(5):  # five failures, one from each of five addresses
            async with client_from(f"203.0.113.{150 + n}") as bot:
                await _login(bot, "countdown2", "wrong-pass-3")
            frozen.advance(timedelta(seconds=2))
        async with client_from("203.0.113.200") as stranger:
            # Only its own failures count (5 − 1): the account-wide backstop (7, with 6 used now) is not shown,
            # as it would tell a caller about other networks' attempts on this account.
            error = assert_envelope(await _login(stranger, "countdown2", "wrong-pass-3"), 401)
            assert error["details"] == {"attempts_left": 4}
        async with client_from("198.51.100.50") as owner:
            # The owner's network: its own count (5 − 1).
            error = assert_envelope(await _login(owner, "countdown2", "wrong-pass-3"), 401)
            assert error["details"] == {"attempts_left": 4}


def test_the_service_raises_the_count_with_the_refusal() -> None:
    new_player("countdown3", "카운트셋")
    client = sessions.ClientInfo(ip="192.0.2.77", user_agent="pytest")
    with pytest.raises(Unauthorized) as refused:
        sessions.login("countdown3", "wrong-pass-4", portal=sessions.PLAYER, client=client)
    assert refused.value.error_code == "INVALID_CREDENTIALS"
    assert refused.value.details == {"attempts_left": 4}
    assert refused.value.message("ko") == "아이디 또는 비밀번호가 올바르지 않습니다."
