"""Login throttles in front of the password hash, and a lockout an attacker cannot turn on the owner."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from casino_app.api.app import create_api
from casino_app.core import clock
from casino_app.services.accounts import passwords
from tests.support.accounts import PASSWORD, new_player
from tests.support.api import assert_envelope
from tests.support.env import environment

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def client_from(ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process API client whose requests come from ``ip``."""
    transport = httpx.ASGITransport(app=create_api(), raise_app_exceptions=False, client=(ip, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def _login(client: httpx.AsyncClient, site_id: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/auth/login", json={"site_id": site_id, "password": password})


@pytest.fixture
def hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password-hash verification the login makes (the expensive step the throttle protects)."""
    calls: list[str] = []
    real = passwords.verify_password

    def counting(candidate: str, password_hash: str | None) -> bool:
        calls.append(candidate)
        return real(candidate, password_hash)

    monkeypatch.setattr(passwords, "verify_password", counting)
    return calls


async def test_the_26th_login_from_one_ip_in_a_minute_is_429_before_hashing(hash_checks: list[str]) -> None:
    with environment(LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE="25"):
        async with client_from("203.0.113.7") as attacker, client_from("198.51.100.9") as other:
            answers = [await _login(attacker, f"spray{n:04d}", "guess-password-1") for n in range(25)]
            assert {a.status_code for a in answers} == {401}
            assert len(hash_checks) == 25
            refused = await _login(attacker, "spray9999", "guess-password-1")
            error = assert_envelope(refused, 429, "LOGIN_RATE_LIMITED")
            assert 1 <= int(refused.headers["retry-after"]) <= 60
            assert "초 후에" in error["message"]
            assert len(hash_checks) == 25  # refused before the password hash (and before the database)
            assert (await _login(other, "spray0001", "guess-password-1")).status_code == 401  # other IPs unaffected


async def test_the_global_window_caps_logins_from_all_ips(hash_checks: list[str]) -> None:
    with environment(LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE="6", LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE="100"):
        for n in range(6):
            async with client_from(f"192.0.2.{n + 1}") as client:
                assert (await _login(client, f"nobody{n:03d}")).status_code == 401
        async with client_from("192.0.2.200") as late:
            assert_envelope(await _login(late, "nobody999"), 429, "LOGIN_RATE_LIMITED")
    assert len(hash_checks) == 6


async def test_an_attacker_locks_only_their_own_ip_out_of_the_account() -> None:
    new_player("victim01", "피해자")
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))
    with clock.use_clock(frozen):
        async with client_from("203.0.113.66") as attacker, client_from("198.51.100.20") as owner:
            for _ in range(5):
                assert (await _login(attacker, "victim01", "wrong-guess-1")).status_code == 401
                frozen.advance(timedelta(seconds=5))
            assert_envelope(await _login(attacker, "victim01", PASSWORD), 429, "LOGIN_LOCKED")  # even if right
            assert (await _login(owner, "victim01")).status_code == 200  # the owner is not locked out


async def test_many_ips_trip_the_account_backstop_except_for_the_owners_known_ip() -> None:
    new_player("victim02", "피해자둘")
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 4, 0, tzinfo=UTC))
    with clock.use_clock(frozen), environment(LOGIN_ACCOUNT_MAX_FAILURES="8", LOGIN_MAX_FAILURES="5"):
        async with client_from("198.51.100.30") as owner:
            assert (await _login(owner, "victim02")).status_code == 200  # a known IP from now on
            frozen.advance(timedelta(seconds=5))
            for n in range(8):  # a distributed guesser: 2 tries from each of 4 IPs
                async with client_from(f"203.0.113.{100 + n // 2}") as bot:
                    assert (await _login(bot, "victim02", "wrong-guess-2")).status_code == 401
                frozen.advance(timedelta(seconds=2))
            async with client_from("203.0.113.250") as fresh_bot:
                assert_envelope(await _login(fresh_bot, "victim02", PASSWORD), 429, "LOGIN_LOCKED")
            assert (await _login(owner, "victim02")).status_code == 200


async def test_one_ipv6_slash_64_counts_as_one_ip(hash_checks: list[str]) -> None:
    with environment(LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE="25"):
        for n in range(25):  # an attacker rotating addresses inside their /64
            async with client_from(f"2001:db8:1:2::{n + 1:x}") as rotating:
                assert (await _login(rotating, f"v6spray{n:03d}", "guess-password-1")).status_code == 401
        async with client_from("2001:db8:1:2:ffff::99") as same_net:
            assert_envelope(await _login(same_net, "v6spray999", "guess-password-1"), 429, "LOGIN_RATE_LIMITED")
        async with client_from("2001:db8:1:3::1") as next_net:
            assert (await _login(next_net, "v6spray000", "guess-password-1")).status_code == 401
    assert len(hash_checks) == 26


async def test_rotating_ipv6_addresses_does_not_escape_the_per_network_lockout() -> None:
    new_player("victim03", "피해자셋")
    frozen = clock.FrozenClock(datetime(2026, 11, 28, 5, 0, tzinfo=UTC))
    with clock.use_clock(frozen):
        for n in range(5):
            async with client_from(f"2001:db8:aa:bb::{n + 10:x}") as bot:
                assert (await _login(bot, "victim03", "wrong-guess-3")).status_code == 401
            frozen.advance(timedelta(seconds=3))
        async with client_from("2001:db8:aa:bb::ffff") as bot:
            assert_envelope(await _login(bot, "victim03", PASSWORD), 429, "LOGIN_LOCKED")
        async with client_from("::ffff:198.51.100.77") as owner:  # IPv4-mapped: the owner's IPv4 network
            assert (await _login(owner, "victim03")).status_code == 200


async def test_a_full_global_window_still_admits_the_owners_known_network(hash_checks: list[str]) -> None:
    new_player("victim04", "피해자넷")
    async with client_from("198.51.100.44") as owner:
        assert (await _login(owner, "victim04")).status_code == 200  # known from now on
    with environment(LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE="3", LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE="100"):
        for n in range(3):  # a flood fills the global window
            async with client_from(f"203.0.113.{n + 1}") as bot:
                assert (await _login(bot, f"flood{n:03d}")).status_code == 401
        async with client_from("203.0.113.200") as stranger:
            assert_envelope(await _login(stranger, "victim04"), 429, "LOGIN_RATE_LIMITED")
        async with client_from("198.51.100.44") as owner:
            assert (await _login(owner, "victim04")).status_code == 200
