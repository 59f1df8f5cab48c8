"""The API's own CPU per slot spin, in-process: the ASGI app called directly, one player, spins one after another.

    python -m tests.bench.api_cpu [--spins 3000] [--repeat 3] [--opcodes 100]

The throughput bench (``tests.bench.games``) shares two cores among the load generator, the API workers and
PostgreSQL, and its figures move by ±15 % between identical runs. This one times only what a spin costs the
API process: it builds the API as granian does (``create_api`` and the settled heap), sends each spin as an
ASGI ``http`` request (the same headers and body as the bench's players, a new ``Idempotency-Key`` each), and
reads this process's CPU time (``time.process_time``: every thread, so the thread-pool hop is counted; the
database's CPU is not) around ``--spins`` spins after a warm-up. It prints CPU µs per spin for each repeat and
the best of them (other processes only ever add to it). On a shared virtual machine even that moves by ±10 %
between repeats, so ``--opcodes N`` also counts the Python bytecodes of N spins (every thread, per package): a
count that does not depend on the machine, for comparing two builds of the round path.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sys
import threading
import time
import uuid
from typing import Any

os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("ROUND_MIN_INTERVAL_MS", "0")

from casino_app.api import blocking
from tests.support import db as test_db
from tests.support.env import reset_app_caches

BODY = b'{"bet_amount":100}'


def _scope(token: str, key: str) -> dict[str, Any]:
    headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"authorization", f"Bearer {token}".encode()),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(BODY)).encode()),
        (b"idempotency-key", key.encode()),
    ]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/games/slot/spin",
        "raw_path": b"/api/games/slot/spin",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _spin(app: Any, token: str) -> None:
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # a disconnect would only come if the client left
        sent = True
        return {"type": "http.request", "body": BODY, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(_scope(token, uuid.uuid4().hex), receive, send)
    if status != 200:
        raise RuntimeError(f"spin answered {status}")


async def _run(app: Any, token: str, spins: int) -> float:
    started = time.process_time()
    for _ in range(spins):
        await _spin(app, token)
    return (time.process_time() - started) / spins * 1e6


def _count_opcodes(app: Any, token: str, spins: int) -> None:
    """Print the Python bytecodes ``spins`` spins executed (every thread), in total and per package, per spin."""
    counts: collections.Counter[str] = collections.Counter()

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        if event == "opcode":
            counts[frame.f_code.co_filename] += 1
        return tracer

    async def traced() -> None:
        sys.settrace(tracer)
        threading.settrace(tracer)  # threads started from now on: the rounds' executor starts afresh
        blocking._executor().shutdown()
        blocking._executor.cache_clear()
        try:
            for _ in range(spins):
                await _spin(app, token)
        finally:
            sys.settrace(None)
            threading.settrace(None)  # type: ignore[arg-type]

    asyncio.run(traced())
    packages: collections.Counter[str] = collections.Counter()
    for filename, count in counts.items():
        name = filename.split("site-packages/")[-1].split("/")[0] if "site-packages/" in filename else filename
        if "/casino_app/" in filename:
            name = "casino_app/" + filename.split("/casino_app/")[-1]
        elif "/python3." in filename and "site-packages" not in filename:
            name = "stdlib"
        packages[name] += count
    print(f"bytecodes per spin: {sum(counts.values()) / spins:.0f}")
    for name, count in packages.most_common(25):
        print(f"  {count / spins:8.0f}  {name}")


def main() -> None:
    """Warm up, then time ``--spins`` spins ``--repeat`` times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spins", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--opcodes", type=int, default=0, help="also count the bytecodes of this many spins")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = test_db.create_test_database("casino_api_cpu")
    reset_app_caches()
    from tests.support.accounts import new_player
    from tests.support.wallets import fund

    pair = new_player()
    fund(pair.user.id, 10**12)
    from casino_app.api.app import create_api
    from casino_app.core import heap

    app = create_api()
    heap.settle()

    async def session() -> list[float]:
        await _run(app, pair.access_token, 300)  # connections, prepared statements, caches
        return [await _run(app, pair.access_token, args.spins) for _ in range(args.repeat)]

    results = asyncio.run(session())
    print("API CPU µs per spin: " + ", ".join(f"{r:.0f}" for r in results) + f" (best {min(results):.0f})")
    if args.opcodes:
        _count_opcodes(app, pair.access_token, args.opcodes)


if __name__ == "__main__":
    main()
