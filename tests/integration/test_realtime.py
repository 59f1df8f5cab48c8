"""The realtime service: events reach every subscriber (in-process bus or Redis), tabs are tracked."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

import pytest

from casino_app.core.db import session_scope
from casino_app.services import ledger, realtime
from casino_app.state.wallet import WalletState
from tests.support.env import environment
from tests.support.wallets import player_with_gold

pytestmark = pytest.mark.anyio


def test_event_wire_round_trip() -> None:
    event = realtime.Event(target="user:42", type="balance", data={"gold": 1234, "note": "골드"})
    assert realtime.Event.decode(event.encode()) == event
    assert event.user_id == 42
    assert realtime.Event(target="feed", type="feed").user_id is None


async def _collect(count: int, ready: asyncio.Event, into: list[realtime.Event], target: str | None = None) -> None:
    """Collect ``count`` events (only those for ``target`` when given: Redis pub/sub channels are shared by
    every database number, so another test worker's crash loop may publish on the same bus meanwhile)."""
    stream = realtime.subscribe()
    # The first __anext__ registers the subscription; signal readiness right after it starts.
    task = asyncio.ensure_future(stream.__anext__())
    await asyncio.sleep(0.2)
    ready.set()
    event = await task
    while True:
        if target is None or event.target == target:
            into.append(event)
        if len(into) >= count:
            break
        event = await stream.__anext__()
    await stream.aclose()


async def test_in_process_bus_delivers_to_every_subscriber_from_any_thread() -> None:
    got_a: list[realtime.Event] = []
    got_b: list[realtime.Event] = []
    ready_a, ready_b = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(_collect(2, ready_a, got_a)), asyncio.create_task(_collect(2, ready_b, got_b))]
    await ready_a.wait()
    await ready_b.wait()
    thread = threading.Thread(target=lambda: realtime.to_user(7, "balance", gold=10))
    thread.start()
    thread.join()
    realtime.to_channel("feed", "feed", text="big win")
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
    assert [e.type for e in got_a] == ["balance", "feed"]
    assert got_a == got_b


async def test_balance_is_published_only_after_commit(database_url: str) -> None:
    user = player_with_gold(100)
    got: list[realtime.Event] = []
    ready = asyncio.Event()
    task = asyncio.create_task(_collect(1, ready, got, f"user:{user}"))
    await ready.wait()

    def rolled_back() -> None:
        with pytest.raises(RuntimeError), session_scope() as db:  # noqa: PT012 - the failure must happen in the scope
            ledger.post(
                db, key="rt-rollback", kind="BET", legs=[ledger.Leg(ledger.user_account(user), "house:slot", 40, "BET")]
            )
            raise RuntimeError("boom")
        ledger.post(
            None, key="rt-commit", kind="BET", legs=[ledger.Leg(ledger.user_account(user), "house:slot", 30, "BET")]
        )

    await asyncio.to_thread(rolled_back)
    await asyncio.wait_for(task, timeout=5)
    assert got[0].data["gold"] == 70  # the rolled-back 40 was never announced
    assert got[0].data["version"] == ledger.wallet_snapshot(user).version


def test_wallet_versions_order_balances_and_the_display_ignores_older_ones(database_url: str) -> None:
    user = player_with_gold(1_000)
    account = ledger.user_account(user)
    first = ledger.post(None, key="v-1", kind="BET", legs=[ledger.Leg(account, "house:slot", 10, "BET")])
    second = ledger.post(None, key="v-2", kind="BET", legs=[ledger.Leg(account, "house:slot", 20, "BET")])
    assert first.version(account) < second.version(account)
    snapshot = ledger.wallet_snapshot(user)
    assert (snapshot.gold, snapshot.version) == (second.balance(account), second.version(account))
    replay = ledger.post(None, key="v-1", kind="BET", legs=[ledger.Leg(account, "house:slot", 10, "BET")])
    assert replay.version(account) == first.version(account)

    shown = SimpleNamespace(gold=0, has_wallet=False, _owner=0, _version=0)
    WalletState._apply_balance(shown, user, second.balance(account), second.version(account))
    WalletState._apply_balance(shown, user, first.balance(account), first.version(account))  # arrives late
    assert shown.gold == second.balance(account)
    WalletState._apply_balance(shown, user + 1, 5, 1)  # another player logged in on this tab
    assert (shown.gold, shown._owner) == (5, user + 1)


def test_tab_registry_in_process() -> None:
    realtime.register_tab(5, "tab-a")
    realtime.register_tab(5, "tab-b")
    assert sorted(realtime.tabs_of(5)) == ["tab-a", "tab-b"]
    realtime.unregister_tab(5, "tab-a")
    assert realtime.tabs_of(5) == ["tab-b"]


@pytest.mark.redis
async def test_redis_transport_reaches_every_subscriber_and_tracks_tabs(redis_url: str) -> None:
    with environment(REDIS_URL=redis_url):
        got_a: list[realtime.Event] = []
        got_b: list[realtime.Event] = []
        ready_a, ready_b = asyncio.Event(), asyncio.Event()
        tasks = [
            asyncio.create_task(_collect(1, ready_a, got_a, "user:9")),
            asyncio.create_task(_collect(1, ready_b, got_b, "user:9")),
        ]
        await ready_a.wait()
        await ready_b.wait()
        await asyncio.to_thread(realtime.to_user, 9, "balance", gold=99)
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
        assert got_a == got_b == [realtime.Event("user:9", "balance", {"gold": 99})]
        realtime.register_tab(9, "worker-1-tab")
        realtime.register_tab(9, "worker-2-tab")
        assert sorted(realtime.tabs_of(9)) == ["worker-1-tab", "worker-2-tab"]
        realtime.unregister_tab(9, "worker-1-tab")
        assert realtime.tabs_of(9) == ["worker-2-tab"]
