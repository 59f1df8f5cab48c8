"""Slot throughput through the REST API, next to ``pgbench -N``, and the engine's simulation speed.

    python -m tests.bench.games [--seconds 8] [--workers 2] [--pool N]

Starts the API (granian, ``--workers`` processes) on a scratch database,
gives 32 players a large balance, then for 8 and 32 concurrent players
(distinct accounts, one request at a time each) spins for ``--seconds`` and
prints spins/s with p50/p99 latency, the SQL statements and database round
trips each spin cost inside the server (counted at the driver in every worker,
see ``tests/bench/sqlcount.py``), ``pgbench -N`` TPS at the same client count
on the same server, the ratio, and the CPU time each spin cost the API workers,
the database server (its postmaster and every child) and this load generator, and how many of the
players' keep-alive connections each API worker holds (a worker serves the connections it accepted, so an
uneven split makes that worker's players wait longer), and the fewest spins one player completed (a server
that leaves some connections unserved — granian's ``--backpressure`` below the player count does — shows it
there: such a player completes one spin, after the clock, which the percentiles barely see). The server is
warmed up
first with every player (their connections, cached sessions, the pools' prepared
statements), and each phase's players connect one after another before its clock starts, so the table
shows the steady state. The last column, the floor, is the same players sending the same request for the same
time to a bench-only route on the same server (``sqlcount.FLOOR_PATH``) that does what the play route's direct
path does before the round — the middleware, the query, key and body checks, the caller's checks (their session
from the worker's cache, as after the warm-up) — and answers without the database: what the HTTP stack and the
load generator cost alone on this machine. Finally it times 1,000,000 simulated slot outcomes through the
engine's own mapping.

Connection budget: the API workers' pools (each worker: ``--pool`` connections,
no overflow, plus one LISTEN connection), the connections already open on the
server and pgbench's clients must fit ``max_connections`` minus the superuser
reserve; the pool is sized from what is left (printed before the table) and the
bench refuses to start when even the smallest pool would not fit.
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
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("ROUND_MIN_INTERVAL_MS", "0")
os.environ.setdefault("SIGNUP_RATE_LIMIT_PER_HOUR", "100000")
os.environ.setdefault("SIGNUP_CHECK_RATE_LIMIT_PER_MINUTE", "100000")  # the availability checks of signup
os.environ.setdefault("SIGNUP_CHECK_RATE_LIMIT_GLOBAL_PER_MINUTE", "100000")

import psutil
import sqlalchemy as sa

from casino_app.settings import PROJECT_ROOT
from tests.bench import sqlcount
from tests.bench.ledger import _pgbench
from tests.support import db as test_db
from tests.support.env import reset_app_caches
from tests.support.server import free_port, wait_for_http

CONCURRENCY = (8, 32)
SPIN_PATH = "/api/games/slot/spin"
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


class _Connection:
    """One player's keep-alive HTTP/1.1 connection: a request at a time, answers read by Content-Length.

    A hand-rolled client, because the load generator shares the machine with the
    server and the database: httpx spent most of a core at 32 players (about
    8 ms of CPU per request), which throttled the server it was measuring.
    """

    def __init__(self, host: str, port: int, token: str, path: str = SPIN_PATH) -> None:
        self.host, self.port = host, port
        self.head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(SPIN_BODY)}\r\nIdempotency-Key: "
        ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def spin(self) -> None:
        await self.connect()
        assert self.reader is not None
        assert self.writer is not None
        self.writer.write(self.head + uuid.uuid4().hex.encode() + b"\r\n\r\n" + SPIN_BODY)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
            elif name.strip().lower() == b"connection" and value.strip().lower() == b"close":
                self.writer = None
        body = await self.reader.readexactly(length)
        if status != 200:
            raise RuntimeError(f"spin failed: {status} {body[:200]!r}")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


SPIN_BODY = b'{"bet_amount":100}'


CONNECT_GAP = 0.005  # seconds between two players' connections


async def _load(
    base: str,
    tokens: list[str],
    seconds: float,
    ready: Callable[[], None] | None = None,
    path: str = SPIN_PATH,
) -> tuple[list[float], list[int]]:
    """Spin for ``seconds`` with one connection per token (``ready`` is called once all are connected, just
    before the clock starts); every spin's latency, and how many spins each player completed (a connection the
    server leaves waiting completes one spin, after the others stop: the percentiles barely show it). ``path``
    sends the same request elsewhere (the floor)."""
    latencies: list[float] = []
    spins = [0] * len(tokens)
    host, port = base.removeprefix("http://").split(":")
    connections = [_Connection(host, int(port), token, path) for token in tokens]
    # Players arrive one after another, before the clock starts: the table times rounds, not TCP set-up, and
    # 32 connections opened in the same instant would mostly be accepted by whichever worker woke first.
    for connection in connections:
        await connection.connect()
        await asyncio.sleep(CONNECT_GAP)
    if ready is not None:
        ready()
    stop = time.monotonic() + seconds

    async def player(index: int, connection: _Connection) -> None:
        while time.monotonic() < stop:
            started = time.perf_counter()
            await connection.spin()
            latencies.append(time.perf_counter() - started)
            spins[index] += 1

    try:
        await asyncio.gather(*(player(i, c) for i, c in enumerate(connections)))
    finally:
        for connection in connections:
            connection.close()
    return latencies, spins


def _connections_per_worker(server: subprocess.Popen[bytes], port: int) -> list[int]:
    """Established connections on ``port`` held by each API worker process (one entry per worker), largest
    first."""
    counts = []
    for worker in psutil.Process(server.pid).children(recursive=True):
        try:
            held = worker.net_connections(kind="tcp")
        except psutil.Error:  # gone meanwhile
            held = []
        counts.append(sum(1 for c in held if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port))
    return sorted(counts, reverse=True)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


MAX_POOL = 16  # per worker: more connections than this buy nothing on a small machine


def _pool_size(url: str, workers: int, requested: int | None) -> int:
    """Connections per API worker so that workers x (pool + listener) + pgbench + what is open fits the server."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        limit = int(conn.scalar(sa.text("SHOW max_connections")))
        reserved = int(conn.scalar(sa.text("SHOW superuser_reserved_connections")))
        in_use = int(
            conn.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"))
        )
    engine.dispose()
    pgbench = max(CONCURRENCY) + 1  # its clients plus the initialising connection
    margin = 4  # this script's own short-lived connections and a little room for others
    room = limit - reserved - in_use - pgbench - margin
    size = min(MAX_POOL, room // workers - 1) if requested is None else requested
    print(
        f"connection budget: max_connections {limit} - reserved {reserved} - open {in_use} - pgbench {pgbench}"
        f" - margin {margin} = {room} for {workers} workers -> pool {size} + 1 listener each",
        flush=True,
    )
    if size < 2 or workers * (size + 1) > room:
        raise SystemExit(f"not enough connections for {workers} workers (room {room}); lower --workers or --pool")
    return size


def _analyze(url: str) -> None:
    """Refresh the planner's statistics once the warm-up has written some history.

    The scratch database starts with empty tables, and autovacuum (one visit a minute) rarely analyzes them
    within a run. A connection's cached generic plans — its prepared statements' and the foreign-key checks' —
    were then made from "empty" statistics and could scan a table sequentially while it grew by thousands of
    rows: one run read 57 million ``ledger_transfers`` rows in 17,000 sequential scans (each round's
    foreign-key checks), the next none, depending on when autovacuum happened to analyze. ANALYZE here makes
    every run plan from the same statistics (and invalidates the plans made before); a database with history
    is analyzed by autovacuum as its tables grow.
    """
    engine = sa.create_engine(url, poolclass=sa.NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()


def _postmaster(url: str) -> psutil.Process:
    """The bench database server's main process (the parent of every backend)."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:  # asked while the backend is alive: once disconnected it is gone
        parent = psutil.Process(int(conn.scalar(sa.text("SELECT pg_backend_pid()")))).parent()
    engine.dispose()
    assert parent is not None
    return parent


def _cpu_seconds(server: subprocess.Popen[bytes], postmaster: psutil.Process) -> dict[str, float]:
    """CPU time used so far by the API workers, the database server's processes, and this load generator."""

    def used(process: psutil.Process) -> float:
        try:
            times = process.cpu_times()
        except psutil.Error:  # gone meanwhile
            return 0.0
        return times.user + times.system

    def tree(process: psutil.Process) -> float:
        return used(process) + sum(used(child) for child in process.children(recursive=True))

    return {"api": tree(psutil.Process(server.pid)), "db": tree(postmaster), "client": used(psutil.Process())}


def _counted(directory: Path) -> dict[str, int]:
    time.sleep(0.3)  # every worker rewrites its counters every 0.1 s
    return sqlcount.totals(directory)


def main() -> None:
    """Run the API load at each concurrency, pgbench, and the simulation timing."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool", type=int, default=None, help="connections per worker (default: from the budget)")
    parser.add_argument("--skip-simulation", action="store_true", help="only the API table")
    args = parser.parse_args()

    url = test_db.create_test_database("casino_bench")
    os.environ["DATABASE_URL"] = url
    reset_app_caches()
    tokens = _players(max(CONCURRENCY))
    reset_app_caches()  # this process's pooled connections count against the budget too
    pool = _pool_size(url, args.workers, args.pool)
    postmaster = _postmaster(url)
    port = free_port()
    counts_dir = Path(tempfile.mkdtemp(prefix="bench-sql-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DB_POOL_SIZE": str(pool),
        "DB_MAX_OVERFLOW": "0",
        sqlcount.ENV: str(counts_dir),
    }
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
            "tests.bench.sqlcount:create_api",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        start_new_session=True,
    )
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(base + "/api/games/slot/odds", timeout=60, process=server)
        asyncio.run(_load(base, tokens, 2))  # warm up every player's connection, session and the workers' pools
        _analyze(url)
        print(
            f"{'players':>7} {'spins/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'stmts/spin':>10} {'trips/spin':>10}"
            f" {'pgbench -N tps':>15} {'ratio':>6}   CPU ms/spin: api db client   conns/worker   fewest"
            f"   floor req/s"
        )
        for players in CONCURRENCY:
            marks: dict[str, Any] = {}

            def ready(marks: dict[str, Any] = marks) -> None:  # all connected: the split, counters, CPU clocks
                marks["split"] = _connections_per_worker(server, port)
                marks["counted"], marks["cpu"] = _counted(counts_dir), _cpu_seconds(server, postmaster)

            latencies, spins = asyncio.run(_load(base, tokens[:players], args.seconds, ready))
            count = len(latencies)
            before, cpu_before, split = marks["counted"], marks["cpu"], marks["split"]
            cpu = {k: (v - cpu_before[k]) * 1000 / count for k, v in _cpu_seconds(server, postmaster).items()}
            after = _counted(counts_dir)
            statements = (after["statements"] - before["statements"]) / count
            trips = (after["round_trips"] - before["round_trips"]) / count
            rate = count / args.seconds
            pg = _pgbench(url, players, int(args.seconds))
            floor = len(asyncio.run(_load(base, tokens[:players], args.seconds, path=sqlcount.FLOOR_PATH))[0])
            floor_rate = floor / args.seconds
            p50, p99 = _percentile(latencies, 0.50) * 1000, _percentile(latencies, 0.99) * 1000
            rows.append(
                {
                    "players": players,
                    "spins_per_s": round(rate, 1),
                    "p50_ms": round(p50, 1),
                    "p99_ms": round(p99, 1),
                    "statements_per_spin": round(statements, 2),
                    "round_trips_per_spin": round(trips, 2),
                    "pgbench_tps": round(pg, 1),
                    "ratio": round(rate / pg, 3),
                    "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
                    "cpu_ms_per_spin": {k: round(v, 2) for k, v in cpu.items()},
                    "connections_per_worker": split,
                    "fewest_spins_of_a_player": min(spins),
                    "floor_requests_per_s": round(floor_rate, 1),
                }
            )
            print(
                f"{players:>7} {rate:>8.1f} {p50:>7.1f} {p99:>7.1f} {statements:>10.2f} {trips:>10.2f}"
                f" {pg:>15.1f} {rate / pg:>6.3f}   {cpu['api']:>15.2f} {cpu['db']:.2f} {cpu['client']:.2f}"
                f"   {'+'.join(map(str, split)):<12}   {min(spins):>6}   {floor_rate:>11.1f}",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    from casino_app.services.games import configs, slot

    elapsed = 0.0
    if not args.skip_simulation:
        started = time.perf_counter()
        sim = slot.simulate(configs.DEFAULT_SLOT, 1_000_000, hashlib.sha256(b"bench").digest(), "bench")
        elapsed = time.perf_counter() - started
        print(f"simulated 1,000,000 slot outcomes in {elapsed:.1f} s (RTP {float(sim.rtp):.4%})")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "games.json").write_text(
        json.dumps(
            {"api": rows, "workers": args.workers, "pool": pool, "simulation_seconds": round(elapsed, 2)}, indent=2
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
