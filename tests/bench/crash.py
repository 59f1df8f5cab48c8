"""Crash: cash-out latency with 200 players cashing out in one flight, and how many crash tabs one worker ticks.

    python -m tests.bench.crash [--players 200] [--window 3] [--tabs 50,100,200,400,800] [--ticks 30]

Everything runs in this process, in the embedded mode (no Redis), on a scratch database
(``casino_bench_crash``): a ``Driver`` leads the loop from a background thread at the real tick rate (100 ms
in flight) on the real curve (growth 0.00006/ms), and the players call the REST API through the in-process
ASGI client, as one backend worker serves them. Rounds are picked (from the sealed hash, as in the tests) only
so that the flight outlasts the measurement; nothing is asserted about time, figures are printed and written
to ``bench-results/crash.json``.

1. **Cash-out latency.** Every player bets; in one flight each player cashes out alone, one after another (the
   baseline: the same request with nothing else in flight), then in the next flight all of them cash out at
   uniformly random moments of a ``--window``-second stretch (concurrent). A plain ledger post (one transfer,
   no HTTP) is timed as a second baseline. Printed: p50/p99/max, and the loop's steps per second during the
   burst (it ticks every 100 ms in flight when nothing holds it up).
2. **Tabs per worker at 10 updates per second.** The delivery path ``casino_app.state.realtime.deliver`` applies
   a ``crash_tick`` (and the once-a-second full ``crash`` snapshot) to N fake connected tabs watching the
   crash page, in Reflex's memory state manager and in the disk manager that embedded mode uses. The socket
   is faked: each update is serialized with Reflex's own packet encoder but not written to a network, so the
   figures leave out the websocket write and the browser. Capacity = 1 s / (10 x per-tab tick cost +
   per-tab snapshot cost), and a 3-second run at 10 ticks/s checks the largest measured N that fits.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from typing import Any

os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("SIGNUP_RATE_LIMIT_PER_HOUR", "100000")
os.environ.setdefault("SIGNUP_CHECK_RATE_LIMIT_PER_MINUTE", "100000")  # the availability checks of signup
os.environ.setdefault("SIGNUP_CHECK_RATE_LIMIT_GLOBAL_PER_MINUTE", "100000")
os.environ.setdefault("CRASH_CHAIN_LENGTH", "10000")
os.environ.setdefault("REFLEX_STATES_WORKDIR", tempfile.mkdtemp(prefix="bench-crash-states-"))
os.environ.pop("REDIS_URL", None)  # embedded mode: the in-process live store and event bus

from casino_app.services import ledger, realtime
from casino_app.services.crash import chain, live
from casino_app.settings import PROJECT_ROOT
from tests.support import db as test_db
from tests.support.accounts import bearer
from tests.support.api import api_client
from tests.support.crash import BET, CASHOUT, Driver, fast_table, key
from tests.support.crash_play import SteppingThread, db_now_ms, funded_players, peek
from tests.support.env import reset_app_caches

RESULTS = PROJECT_ROOT / "bench-results"
GROWTH = 0.00006  # the default table's curve


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"n": len(values), "p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": pick(1.0)}


async def _phase(phase: str, after: int = 0) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = live.read() or {}
        if state.get("phase") == phase and (state.get("round_id") or 0) > after:
            return state
        await asyncio.sleep(0.01)
    raise RuntimeError(f"the loop never reached {phase!r}")


async def _round_flying_at_least(seconds: float, after: int) -> int:
    """The next round with 4 s of betting left whose flight lasts at least ``seconds`` (others pass without bets)."""
    while True:
        state = await _phase("betting", after)
        round_id = int(state["round_id"])
        betting_left = state["betting_ends_ms"] - db_now_ms()
        if betting_left >= 4_000 and chain.flight_ms(peek(round_id), GROWTH) >= seconds * 1000:
            return round_id
        after = round_id


async def _bets(client: Any, headers: list[dict[str, str]]) -> list[int]:
    gate = asyncio.Semaphore(16)

    async def one(h: dict[str, str]) -> int:
        async with gate:
            answer = await client.post(BET, headers={**h, **key()}, json={"bet_amount": 100})
        if answer.status_code != 200:
            raise RuntimeError(f"bet refused: {answer.text}")
        return int(answer.json()["game_id"])

    return list(await asyncio.gather(*(one(h) for h in headers)))


async def _cash(client: Any, headers: dict[str, str], game_id: int) -> tuple[float, int]:
    started = time.perf_counter()
    answer = await client.post(CASHOUT, headers={**headers, **key()}, json={"game_id": game_id})
    return time.perf_counter() - started, answer.status_code


async def _latency(pairs: list[Any], window: float, stepping: SteppingThread) -> dict[str, Any]:
    players = len(pairs)
    headers = [bearer(p.access_token) for p in pairs]
    figures: dict[str, Any] = {}
    async with api_client() as client:
        for h in headers[:20]:  # warm the app (imports, pools, prepared statements)
            await client.get("/api/games/crash/state", headers=h)
        # 1. one at a time: each cash-out alone in the flight
        first = await _round_flying_at_least(players * 0.04 + 2, 0)
        ids = await _bets(client, headers)
        await _phase("flying", first - 1)
        alone = [await _cash(client, h, g) for h, g in zip(headers, ids, strict=True)]
        figures["alone"] = {**_ms([s for s, code in alone if code == 200]), "refused": sum(c != 200 for _, c in alone)}
        await _phase("betting", first)
        # 2. all together, at random moments of a window of the flight
        second = await _round_flying_at_least(window + 1.5, first)
        ids = await _bets(client, headers)
        flying = await _phase("flying", first)
        figures["flying_snapshot"] = live.read()  # 200 bets listed: the tabs below get this one
        steps_before, burst_start = stepping.steps, time.monotonic()

        async def later(h: dict[str, str], g: int) -> tuple[float, int]:
            await asyncio.sleep(max(0.0, flying["started_ms"] / 1000 + random.uniform(0.2, 0.2 + window) - time.time()))
            return await _cash(client, h, g)

        together = await asyncio.gather(*(later(h, g) for h, g in zip(headers, ids, strict=True)))
        burst = time.monotonic() - burst_start
        figures["together"] = {
            **_ms([s for s, code in together if code == 200]),
            "refused": sum(c != 200 for _, c in together),
            "loop_steps_per_s": round((stepping.steps - steps_before) / burst, 1),
            "round": second,
        }
    account = ledger.user_account(pairs[0].user.id)
    posts = []
    for _ in range(players):
        started = time.perf_counter()
        ledger.post(None, key=f"bench:{uuid.uuid4()}", kind="TEST_FUND", legs=[ledger.Leg("promo", account, 1, "X")])
        posts.append(time.perf_counter() - started)
    figures["ledger_post"] = _ms(posts)
    return figures


class _Namespace:
    """Stands in for Reflex's socket.io namespace: every tab is connected to this process; an update is encoded
    as the socket would send it (Reflex's packet encoder), then dropped instead of written to a websocket."""

    def __init__(self, tokens: list[str]) -> None:
        self.sid_to_token = {f"sid-{t}": t for t in tokens}
        self.updates = 0
        self.bytes = 0

    async def emit_update(self, update: Any, token: str) -> None:
        from reflex.app import _sio_dumps

        self.bytes += len(_sio_dumps(["event", update]))
        self.updates += 1
        await asyncio.sleep(0)


async def _tabs(app: Any, manager: Any, count: int, snapshot: dict[str, Any], ticks: int) -> dict[str, Any]:
    """Deliver a snapshot and ``ticks`` ticks to ``count`` fresh tabs; seconds per delivery."""
    import reflex as rx
    from reflex.istate.data import ReflexURL, RouterData

    from casino_app.state import crash_watch
    from casino_app.state.crash import CrashState
    from casino_app.state.realtime import deliver

    tokens = [str(uuid.uuid4()) for _ in range(count)]
    app._state_manager = manager
    app._event_namespace = namespace = _Namespace(tokens)
    for token in tokens:  # the page's on_load: watching, on the crash page
        crash_watch.watch(token)
        async with app.modify_state(rx.BaseStateToken(ident=token, cls=CrashState)) as root:
            root.router = RouterData(url=ReflexURL("http://localhost:3000/games/crash"))
    event = realtime.Event("crash", "crash", {**snapshot, "written_ms": int(time.time() * 1000)})
    await deliver(app, event)  # the first snapshot loads the table into each tab
    started = time.perf_counter()
    reached = await deliver(
        app, realtime.Event("crash", "crash", {**event.data, "written_ms": event.data["written_ms"] + 1})
    )
    snapshot_s = time.perf_counter() - started
    tick_s, namespace.updates, namespace.bytes = [], 0, 0
    for k in range(ticks):
        data = {"round_id": snapshot["round_id"], "multiplier": 101 + k, "elapsed_ms": 100 * k}
        started = time.perf_counter()
        updated = await deliver(app, realtime.Event("crash", "crash_tick", data))
        tick_s.append(time.perf_counter() - started)
        if updated != count:
            raise RuntimeError(f"a tick reached {updated} of {count} tabs")
    for token in tokens:
        crash_watch.drop(token)
    return {
        "tabs": count,
        "snapshot_ms": round(snapshot_s * 1000, 1),
        "snapshot_reached": reached,
        "tick_ms_median": round(statistics.median(tick_s) * 1000, 2),
        "tick_ms_max": round(max(tick_s) * 1000, 2),
        "per_tab_tick_us": round(statistics.median(tick_s) / count * 1e6, 1),
        "per_tab_snapshot_us": round(snapshot_s / count * 1e6, 1),
        "bytes_per_tick_update": round(namespace.bytes / max(namespace.updates, 1)),  # the encoded delta
    }


async def _sustained(app: Any, manager: Any, count: int, snapshot: dict[str, Any], seconds: float) -> dict[str, Any]:
    """Ticks at 10/s and a snapshot every second to ``count`` tabs, delivered one event after another as
    ``run_delivery`` does; the tick rate each tab actually received."""
    from casino_app.state.realtime import deliver

    await _tabs(app, manager, count, snapshot, 1)  # fresh tabs, warmed
    from casino_app.state import crash_watch

    tokens = list(app._event_namespace.sid_to_token.values())
    for token in tokens:
        crash_watch.watch(token)
    start, delivered, k = time.monotonic(), 0, 0
    while time.monotonic() - start < seconds:
        await asyncio.sleep(max(0.0, start + k * 0.1 - time.monotonic()))
        data = {"round_id": snapshot["round_id"], "multiplier": 150 + k, "elapsed_ms": 100 * k}
        delivered += await deliver(app, realtime.Event("crash", "crash_tick", data))
        if k % 10 == 9:
            await deliver(app, realtime.Event("crash", "crash", {**snapshot, "written_ms": int(time.time() * 1000)}))
        k += 1
    elapsed = time.monotonic() - start
    for token in tokens:
        crash_watch.drop(token)
    return {"tabs": count, "ticks_sent": k, "updates_per_tab_per_s": round(delivered / count / elapsed, 1)}


def _tab_figures(snapshot: dict[str, Any], sizes: list[int], ticks: int) -> dict[str, Any]:
    from reflex.istate.manager.disk import StateManagerDisk
    from reflex.istate.manager.memory import StateManagerMemory

    from casino_app.casino_app import app

    out: dict[str, Any] = {}
    for name, make in (("memory", StateManagerMemory), ("disk", StateManagerDisk)):
        rows = [asyncio.run(_tabs(app, make(), n, snapshot, ticks)) for n in sizes]
        largest = rows[-1]
        per_second_us = 10 * largest["per_tab_tick_us"] + largest["per_tab_snapshot_us"]
        capacity = int(1e6 / per_second_us)
        fits = max([n for n in sizes if n <= capacity] or [sizes[0]])
        check = asyncio.run(_sustained(app, make(), fits, snapshot, 3.0))
        out[name] = {"rows": rows, "capacity_at_10_per_s": capacity, "sustained": check}
        print(f"\n{name} state manager ({len(snapshot.get('bets', []))} bets in the snapshot)")
        print(
            f"{'tabs':>6} {'snapshot ms':>12} {'tick ms p50':>12} {'tick ms max':>12} {'us/tab/tick':>12} {'bytes':>6}"
        )
        for r in rows:
            print(
                f"{r['tabs']:>6} {r['snapshot_ms']:>12} {r['tick_ms_median']:>12} {r['tick_ms_max']:>12}"
                f" {r['per_tab_tick_us']:>12} {r['bytes_per_tick_update']:>6}"
            )
        print(
            f"  capacity: 1 s / (10 x {largest['per_tab_tick_us']} us + {largest['per_tab_snapshot_us']} us) ="
            f" {capacity} tabs at 10 updates/s; sustained 3 s at {check['tabs']} tabs:"
            f" {check['updates_per_tab_per_s']} updates per tab per second"
        )
    return out


def main() -> None:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--window", type=float, default=3.0, help="seconds of flight the cash-outs spread over")
    parser.add_argument("--tabs", default="50,100,200,400,800")
    parser.add_argument("--ticks", type=int, default=30)
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.tabs.split(","))

    os.environ["DATABASE_URL"] = test_db.create_test_database("casino_bench_crash")
    reset_app_caches()
    fast_table(betting_ms=6_000)  # the default curve and multipliers; 6 s to take every bet
    pairs = funded_players(args.players, 1_000_000)
    driver = Driver("bench")
    try:
        with SteppingThread(driver) as stepping:
            figures = asyncio.run(_latency(pairs, args.window, stepping))
    finally:
        driver.close()
    snapshot = figures.pop("flying_snapshot")
    alone, together, post = figures["alone"], figures["together"], figures["ledger_post"]
    print(f"\ncash-out latency through the API, {args.players} players (ms)")
    print(f"{'':<34} {'n':>5} {'p50':>7} {'p99':>7} {'max':>7}")
    for label, row in (
        ("alone (one at a time)", alone),
        (f"together (random moments, {args.window:g} s)", together),
        ("ledger post (baseline, no HTTP)", post),
    ):
        print(f"{label:<34} {row['n']:>5} {row['p50_ms']:>7} {row['p99_ms']:>7} {row['max_ms']:>7}")
    print(
        f"refused: alone {alone['refused']}, together {together['refused']};"
        f" loop steps per second during the burst: {together['loop_steps_per_s']} (10 when ticking freely)"
    )
    figures["tabs"] = _tab_figures(snapshot, sizes, args.ticks)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "crash.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
