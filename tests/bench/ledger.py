"""Ledger throughput: transfers/s at 1, 8 and 32 concurrent workers, next to ``pgbench -N`` on the same server.

    python -m tests.bench.ledger [--seconds 5]

Distinct wallets: each worker debits its own player. Hot wallet: every worker
debits the same player (row lock contention). Each transfer is a real
``ledger.post`` (idempotency insert, conditional debit, two entries, commit).
``pgbench -N`` (TPC-B without the hot branch/teller updates) runs against a
scratch database on the same PostgreSQL server in the same run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("DB_POOL_SIZE", "40")
os.environ.setdefault("DB_MAX_OVERFLOW", "10")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ARGON2_MEMORY_KIB", "8192")
os.environ.setdefault("ARGON2_TIME_COST", "1")

from sqlalchemy.engine import make_url

from casino_app.core import embedded_pg
from casino_app.settings import PROJECT_ROOT
from tests.support import db as test_db
from tests.support.env import reset_app_caches

CONCURRENCY = (1, 8, 32)
RESULTS = PROJECT_ROOT / "bench-results"


def _prepare() -> str:
    url = test_db.create_test_database("casino_bench")
    os.environ["DATABASE_URL"] = url
    reset_app_caches()
    return url


def _players(count: int) -> list[int]:
    from casino_app.core import clock
    from casino_app.core.db import session_scope
    from casino_app.models.accounts import User
    from casino_app.services import ledger

    ids = []
    with session_scope() as db:
        for i in range(count):
            user = User(site_id=f"bench{i:04d}", nickname=f"벤치{i:04d}", password_hash="x", created_at=clock.now())
            db.add(user)
            db.flush()
            assert user.id is not None
            ledger.ensure_user_account(db, user.id)
            ledger.post(
                db,
                key=f"bench-fund:{user.id}",
                kind="TEST_FUND",
                legs=[ledger.Leg("promo", ledger.user_account(user.id), 10**12, "TEST_FUND")],
            )
            ids.append(user.id)
    return ids


def _run(workers: int, wallets: list[int], seconds: float, label: str) -> float:
    from casino_app.services import ledger

    counter = itertools.count()
    done = [0] * workers
    stop = threading.Event()

    def worker(index: int) -> None:
        account = ledger.user_account(wallets[index % len(wallets)])
        while not stop.is_set():
            ledger.post(
                None,
                key=f"bench:{label}:{next(counter)}",
                kind="BET",
                legs=[ledger.Leg(account, "house:slot", 10, "BET")],
            )
            done[index] += 1

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(worker, i) for i in range(workers)]
        time.sleep(seconds)
        stop.set()
        for future in futures:
            future.result()
    return sum(done) / seconds


def _pgbench(url: str, clients: int, seconds: int) -> float:
    target = make_url(test_db.database_url_for("casino_pgbench"))
    test_db.recreate_database(target.render_as_string(hide_password=False))
    binary = str(embedded_pg.bin_dir() / "pgbench")
    host = target.query.get("host") or target.host or "127.0.0.1"
    base = [binary, "-h", str(host), "-U", target.username or "postgres"]
    if target.port:
        base += ["-p", str(target.port)]
    env = {**os.environ, "PGPASSWORD": target.password or ""}
    subprocess.run([*base, "-i", "-q", "-s", "10", target.database], check=True, capture_output=True, env=env)
    out = subprocess.run(
        [*base, "-N", "-c", str(clients), "-j", str(min(clients, 4)), "-T", str(seconds), target.database],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    assert match, out
    return float(match.group(1))


def main() -> None:
    """Run every configuration and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    url = _prepare()
    wallets = _players(max(CONCURRENCY))
    rows = []
    print(
        f"{'workers':>7} {'distinct tx/s':>14} {'hot tx/s':>10} {'pgbench -N tps':>15} {'distinct/pg':>12} {'hot/pg':>8}"
    )
    for workers in CONCURRENCY:
        distinct = _run(workers, wallets[:workers], args.seconds, f"d{workers}")
        hot = _run(workers, wallets[:1], args.seconds, f"h{workers}")
        pg = _pgbench(url, workers, int(args.seconds))
        rows.append(
            {
                "workers": workers,
                "distinct_tps": round(distinct, 1),
                "hot_tps": round(hot, 1),
                "pgbench_tps": round(pg, 1),
                "distinct_ratio": round(distinct / pg, 3),
                "hot_ratio": round(hot / pg, 3),
            }
        )
        print(
            f"{workers:>7} {distinct:>14.1f} {hot:>10.1f} {pg:>15.1f} {distinct / pg:>12.3f} {hot / pg:>8.3f}",
            flush=True,
        )
    from casino_app.services import ledger

    print(f"reconciliation after the run: ok={ledger.reconcile().ok}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ledger.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
