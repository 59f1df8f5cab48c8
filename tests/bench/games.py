"""Slot throughput through the REST API, next to ``pgbench -N``, and the engine's simulation speed.

    python -m tests.bench.games [--seconds 8] [--workers 2]

Starts the API (granian, ``--workers`` processes) on a scratch database,
gives 32 players a large balance, then for 8 and 32 concurrent players
(distinct accounts, one request at a time each) spins for ``--seconds`` and
prints spins/s with p50/p99 latency, ``pgbench -N`` TPS at the same client
count on the same server, and the ratio. Finally it times 1,000,000 simulated
slot outcomes through the engine's own mapping.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid

os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("ROUND_MIN_INTERVAL_MS", "0")
os.environ.setdefault("SIGNUP_RATE_LIMIT_PER_HOUR", "100000")

import httpx

from casino_app.settings import PROJECT_ROOT
from tests.bench.ledger import _pgbench
from tests.support import db as test_db
from tests.support.env import reset_app_caches
from tests.support.server import free_port, wait_for_http

CONCURRENCY = (8, 32)
RESULTS = PROJECT_ROOT / "bench-results"


def _players(count: int) -> list[str]:
    from tests.support.accounts import new_player
    from tests.support.wallets import fund

    tokens = []
    for _ in range(count):
        pair = new_player()
        fund(pair.user.id, 10**12)
        tokens.append(pair.access_token)
    return tokens


async def _load(base: str, tokens: list[str], seconds: float) -> tuple[int, list[float]]:
    latencies: list[float] = []
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def player(token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            while time.monotonic() < stop:
                started = time.perf_counter()
                response = await client.post(
                    "/api/games/slot/spin",
                    json={"bet_amount": 100},
                    headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                )
                if response.status_code != 200:
                    raise RuntimeError(f"spin failed: {response.status_code} {response.text[:200]}")
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(player(t) for t in tokens))
    return len(latencies), latencies


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    """Run the API load at each concurrency, pgbench, and the simulation timing."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    url = test_db.create_test_database("casino_bench")
    os.environ["DATABASE_URL"] = url
    reset_app_caches()
    tokens = _players(max(CONCURRENCY))
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "DB_POOL_SIZE": "20"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
            "casino_app.api.app:create_api",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
    )
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(base + "/api/games/slot/odds", timeout=60, process=server)
        asyncio.run(_load(base, tokens[:4], 2))  # warm up
        print(f"{'players':>7} {'spins/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'pgbench -N tps':>15} {'ratio':>6}")
        for players in CONCURRENCY:
            count, latencies = asyncio.run(_load(base, tokens[:players], args.seconds))
            rate = count / args.seconds
            pg = _pgbench(url, players, int(args.seconds))
            p50, p99 = _percentile(latencies, 0.50) * 1000, _percentile(latencies, 0.99) * 1000
            rows.append(
                {
                    "players": players,
                    "spins_per_s": round(rate, 1),
                    "p50_ms": round(p50, 1),
                    "p99_ms": round(p99, 1),
                    "pgbench_tps": round(pg, 1),
                    "ratio": round(rate / pg, 3),
                    "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
                }
            )
            print(f"{players:>7} {rate:>8.1f} {p50:>7.1f} {p99:>7.1f} {pg:>15.1f} {rate / pg:>6.3f}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    from casino_app.services.games import configs, slot

    started = time.perf_counter()
    sim = slot.simulate(configs.DEFAULT_SLOT, 1_000_000, hashlib.sha256(b"bench").digest(), "bench")
    elapsed = time.perf_counter() - started
    print(f"simulated 1,000,000 slot outcomes in {elapsed:.1f} s (RTP {float(sim.rtp):.4%})")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "games.json").write_text(
        json.dumps({"api": rows, "simulation_seconds": round(elapsed, 2)}, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
