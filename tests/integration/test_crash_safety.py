"""Crash safety from outside: SIGKILL the served backend mid-traffic, dozens of times.

Concurrent callers send slot spins, gacha pulls, daily claims, staff gold
adjustments and a few signups (welcome gold) over real HTTP to the backend
(Granian running the Reflex app with its REST API, ``tests/support/backend.py``;
traffic in ``tests/support/crash_traffic.py``), in a database of its own. At a random moment the whole
server process group gets SIGKILL, with requests in flight; it is restarted,
and the database is checked (read-only SQL, one snapshot): every currency sums
to zero, every balance equals its entries, every transfer balances, nothing is
half-written, and every call that got a 2xx is in the ledger exactly once.
Calls whose connection died are then retried with the same key: a committed
one must replay, a rolled-back one must run afresh. Figures are printed and
written to ``test-artifacts/crash-safety.txt``.

Knobs: ``CRASH_KILLS`` (default 60), ``CRASH_BUDGET_S`` (300: on a slow machine the campaign stops once it has
spent that long and done at least ``MIN_KILLS``), ``CRASH_CONCURRENCY`` (10),
``CRASH_BACKEND_MODE`` (``fork`` | ``spawn``), ``CRASH_WORKERS`` (1), ``CRASH_SEED``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import time
import warnings
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from casino_app.settings import PROJECT_ROOT
from tests.support import db as test_db
from tests.support.backend import Backend, new_backend
from tests.support.crash_traffic import (
    DAILY,
    GACHA,
    GRANT,
    KINDS,
    SIGNUP,
    SLOT,
    Actor,
    Call,
    Traffic,
    login_staff,
    sign_up_players,
)
from tests.support.env import environment

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
KILLS = int(os.environ.get("CRASH_KILLS", "60"))
BUDGET_S = float(os.environ.get("CRASH_BUDGET_S", "300"))
MIN_KILLS = 20
CONCURRENCY = int(os.environ.get("CRASH_CONCURRENCY", "10"))
PLAYERS = 40
RESENDS = 3  # answered calls sent again after each restart
WINDOW_SECONDS = (0.1, 1.4)  # traffic runs this long (uniformly random) before the kill

# Ledger-wide invariants: each query lists offenders (empty = holds), a few rows at most.
INVARIANTS: dict[str, str] = {
    "currency does not sum to zero": """
        SELECT a.currency, SUM(e.amount) FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
        GROUP BY a.currency HAVING SUM(e.amount) <> 0""",
    "balance differs from its entries": """
        SELECT a.code, a.balance, COALESCE(s.total, 0) FROM ledger_accounts a
        LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM ledger_entries GROUP BY account_id) s
          ON s.account_id = a.id
        WHERE a.kind = 'user' AND a.balance IS DISTINCT FROM COALESCE(s.total, 0) LIMIT 5""",
    "negative user balance": "SELECT code, balance FROM ledger_accounts WHERE kind = 'user' AND balance < 0 LIMIT 5",
    "transfer does not balance": """
        SELECT transfer_id, SUM(amount) FROM ledger_entries GROUP BY transfer_id HAVING SUM(amount) <> 0 LIMIT 5""",
    "transfer without its two entries per leg": """
        SELECT t.id, COUNT(e.id) FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
        GROUP BY t.id HAVING COUNT(e.id) = 0 OR COUNT(e.id) % 2 = 1 LIMIT 5""",
    "running balance_after chain broken": """
        SELECT code, id, amount, balance_after, prev FROM (
          SELECT a.code, e.id, e.amount, e.balance_after,
                 LAG(e.balance_after) OVER (PARTITION BY e.account_id ORDER BY e.id) AS prev
          FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE a.kind = 'user') x
        WHERE balance_after IS NULL OR balance_after <> COALESCE(prev, 0) + amount LIMIT 5""",
    "game transfer without exactly one round": """
        SELECT t.id, t.kind, COUNT(r.id) FROM ledger_transfers t LEFT JOIN game_rounds r ON r.transfer_id = t.id
        WHERE t.kind IN ('SLOT_SPIN', 'GACHA_PULL') GROUP BY t.id, t.kind HAVING COUNT(r.id) <> 1 LIMIT 5""",
    "round without a transfer": """
        SELECT id, game FROM game_rounds WHERE game IN ('slot', 'gacha') AND transfer_id IS NULL LIMIT 5""",
    "round amounts differ from its transfer": """
        SELECT r.id, r.bet, r.payout, SUM(e.amount) FROM game_rounds r
        JOIN ledger_entries e ON e.transfer_id = r.transfer_id
        JOIN ledger_accounts a ON a.id = e.account_id AND a.code = 'user:' || r.user_id
        GROUP BY r.id, r.bet, r.payout HAVING SUM(e.amount) <> r.payout - r.bet LIMIT 5""",
    "daily transfer without exactly one claim": """
        SELECT t.id, COUNT(d.id) FROM ledger_transfers t LEFT JOIN daily_claims d ON d.transfer_id = t.id
        WHERE t.kind = 'DAILY_REWARD' GROUP BY t.id HAVING COUNT(d.id) <> 1 LIMIT 5""",
    "transfer without exactly one outbox event (or event without transfer)": """
        SELECT t.id, o.transfer_id, o.events FROM ledger_transfers t FULL JOIN (
          SELECT (payload ->> 'transfer_id')::bigint AS transfer_id, COUNT(*) AS events FROM outbox_events
          WHERE topic = 'ledger.transfers' GROUP BY 1) o ON o.transfer_id = t.id
        WHERE t.id IS NULL OR o.transfer_id IS NULL OR o.events <> 1 LIMIT 5""",
    "half-written idempotency record": "SELECT user_id, key FROM idempotency_records WHERE status_code = 0 LIMIT 5",
    "player without exactly one wallet and one welcome grant": """
        SELECT u.id, COUNT(DISTINCT a.id), COUNT(DISTINCT t.id) FROM users u
        LEFT JOIN ledger_accounts a ON a.user_id = u.id
        LEFT JOIN ledger_transfers t ON t.idempotency_key = 'welcome:' || u.id
        WHERE u.staff_role IS NULL GROUP BY u.id HAVING COUNT(DISTINCT a.id) <> 1 OR COUNT(DISTINCT t.id) <> 1 LIMIT 5""",
    "wallet or welcome grant without a player": """
        SELECT a.code FROM ledger_accounts a LEFT JOIN users u ON u.id = a.user_id
        WHERE a.kind = 'user' AND (u.id IS NULL OR u.staff_role IS NOT NULL) LIMIT 5""",
}


class Snapshot:
    """What the calls are checked against: transfers, rounds, claims and idempotency records."""

    def __init__(self, conn: sa.Connection) -> None:
        rows = conn.execute(sa.text("SELECT idempotency_key, id, kind FROM ledger_transfers")).all()
        self.transfers = {key: (tid, kind) for key, tid, kind in rows}
        self.rounds = dict(conn.execute(sa.text("SELECT id, transfer_id FROM game_rounds")).all())
        claims = conn.execute(sa.text("SELECT user_id, claim_date, transfer_id FROM daily_claims")).all()
        self.claims = {(uid, day.isoformat()): tid for uid, day, tid in claims}
        records = conn.execute(sa.text("SELECT user_id, key, status_code, response_body FROM idempotency_records"))
        self.records = {(uid, key): (status, body) for uid, key, status, body in records}
        self.site_ids = set(conn.scalars(sa.text("SELECT site_id FROM users")))


def call_violations(calls: list[Call], snap: Snapshot) -> list[str]:
    """Every 2xx call is in the ledger exactly once; nothing else of ours is (or only in full)."""
    problems: list[str] = []
    ours: set[str] = set()
    for call in calls:
        name = f"{call.kind} {call.key} ({call.outcome}, {call.attempts} attempt(s))"
        try:
            problems += [f"{name}: {p}" for p in _call_problems(call, snap, ours)]
        except (KeyError, TypeError, ValueError) as exc:  # a 2xx body or stored record of the wrong shape
            problems.append(f"{name}: unexpected answer or record ({exc!r}): {call.text[:200]}")
    expected_kinds = {"SLOT_SPIN", "GACHA_PULL", "ADMIN_ADJUST"}
    strangers = [k for k, (_, kind) in snap.transfers.items() if kind in expected_kinds and k not in ours]
    if strangers:
        problems.append(f"{len(strangers)} transfer(s) no call of ours asked for, e.g. {strangers[:3]}")
    return problems


def _call_problems(call: Call, snap: Snapshot, ours: set[str]) -> list[str]:
    key = call.ledger_key()
    record = snap.records.get((call.actor.user_id, call.key))
    transfer = snap.transfers.get(key) if key else None
    if key:
        ours.add(key)
    if call.kind == SIGNUP:
        if call.outcome == "ok" and transfer is None:
            return [f"got a 201 but the ledger has no welcome grant {key}"]
        if call.outcome == "rejected" and call.attempts == 1 and call.key in snap.site_ids:
            return [f"answered {call.status} but the player was created"]
        return []
    problems: list[str] = []
    if call.outcome == "ok":
        if record is None or record[1] != call.text or not 200 <= record[0] < 300:
            problems.append("got a 2xx but its idempotency record is missing or differs")
        if call.attempts == 1 and call.replayed:
            problems.append("a first attempt was answered as a replay")
        answer = call.json
        if transfer is None:
            problems.append(f"got a 2xx but the ledger has no transfer {key}")
        elif call.kind in (SLOT, GACHA) and snap.rounds.get(answer["round_id"]) != transfer[0]:
            problems.append(f"round {answer['round_id']} is not the transfer {transfer[0]}")
        elif call.kind == GRANT and answer["transfer_id"] != transfer[0]:
            problems.append(f"answered transfer {answer['transfer_id']}, the ledger has {transfer[0]}")
        elif call.kind == DAILY and snap.claims.get((call.target, answer["claim_date"])) != transfer[0]:
            problems.append(f"the daily claim row does not point at transfer {transfer[0]}")
    elif call.outcome == "rejected":
        if record is not None:
            problems.append(f"answered {call.status} but an idempotency record was committed")
        if transfer is not None:
            problems.append(f"answered {call.status} but the ledger moved money ({key})")
    elif call.kind != DAILY and (record is None) != (transfer is None):  # lost: all or nothing
        problems.append(f"record {'present' if record else 'absent'} but transfer {key} is not")
    elif call.kind == DAILY and record is not None:  # a lost claim that committed: its reward is there
        day = json.loads(record[1])["claim_date"]
        if f"daily:{call.target}:{day}" not in snap.transfers or (call.target, day) not in snap.claims:
            problems.append(f"committed for {day} but the reward transfer or claim row is missing")
    return problems


def check_ledger(engine: sa.Engine, calls: list[Call]) -> tuple[list[str], Snapshot]:
    """All invariants over one read-only snapshot; returns the violations and the snapshot."""
    problems: list[str] = []
    with engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) as conn:
        for name, query in INVARIANTS.items():
            rows = conn.execute(sa.text(query)).all()
            if rows:
                problems.append(f"{name}: {[tuple(r) for r in rows]}")
        snap = Snapshot(conn)
        conn.rollback()
    return problems + call_violations(calls, snap), snap


_APP_SESSIONS = """FROM pg_stat_activity WHERE datname = current_database()
                   AND pid <> pg_backend_pid() AND backend_type = 'client backend'"""


def open_transactions(conn: sa.Connection) -> tuple[int, datetime]:
    """The app's database sessions inside a transaction, and the database's clock (just before a kill)."""
    query = f"SELECT count(*) FILTER (WHERE xact_start IS NOT NULL), clock_timestamp() {_APP_SESSIONS}"
    count, now = conn.execute(sa.text(query)).one()
    return int(count), now


def wait_for_orphans(conn: sa.Connection, killed_at: datetime, timeout: float = 20.0) -> float:
    """Wait until every database session of the killed server has ended; returns the seconds waited.

    Only then is the fate of every lost call settled (a COMMIT already sent is applied after the kill).
    """
    start = time.monotonic()
    query = sa.text(f"SELECT count(*) {_APP_SESSIONS} AND backend_start < :killed")
    while conn.execute(query, {"killed": killed_at}).scalar_one():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"sessions of the killed server still open after {timeout:.0f}s")
        time.sleep(0.01)
    return time.monotonic() - start


def committed_keys(snap: Snapshot) -> set[tuple[int, str]]:
    """(caller, key) of every committed idempotency record, and (0, site id) of every user."""
    return set(snap.records) | {(0, site_id) for site_id in snap.site_ids}


async def reconcile_over_http(client: httpx.AsyncClient, staff: Actor) -> list[str]:
    """The app's own view: ``GET /api/admin/ledger/reconcile`` must say ok."""
    response = await client.get("/api/admin/ledger/reconcile", headers={"Authorization": f"Bearer {staff.token}"})
    if response.status_code != 200 or not response.json()["ok"]:
        return [f"reconcile endpoint: {response.status_code} {response.text[:300]}"]
    return []


def drop_database(url: str) -> None:
    """Drop the run's database (its server is already gone)."""
    target = sa.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def _lap(spent: dict[str, float], phase: str, mark: float) -> float:
    now = time.monotonic()
    spent[phase] += now - mark
    return now


def client_for(backend: Backend) -> httpx.AsyncClient:
    """A fresh client per server life (no keep-alive connection survives a kill)."""
    limits = httpx.Limits(max_connections=CONCURRENCY + 8, max_keepalive_connections=CONCURRENCY + 8)
    return httpx.AsyncClient(base_url=backend.base_url, timeout=30, limits=limits)


async def allow_many_gacha_pulls(client: httpx.AsyncClient, staff: Actor) -> None:
    """Publish a gacha table with 1,000 pulls a day per rank (daily limits live in the odds table)."""
    table = (await client.get("/api/games/gacha/odds")).json()["config"]
    table["daily_limits"] = dict.fromkeys(table["daily_limits"], 1000)
    response = await client.post(
        "/api/admin/games/gacha/configs", json={"config": table}, headers={"Authorization": f"Bearer {staff.token}"}
    )
    assert response.status_code == 201, response.text


async def campaign(backend: Backend, engine: sa.Engine, rng: random.Random, figures: dict[str, object]) -> list[str]:
    """Set up players, then kill-restart-check ``KILLS`` times; returns every violation found."""
    violations: list[str] = []
    await asyncio.to_thread(backend.start)
    await asyncio.to_thread(backend.wait_ready)
    async with client_for(backend) as client:
        staff = await login_staff(client)
        await allow_many_gacha_pulls(client, staff)
        players = await sign_up_players(client, PLAYERS)
        odds = (await client.get("/api/games/slot/odds")).json()
        traffic = Traffic(players, staff, odds["config"]["bet_options"], rng.randrange(2**32))
        for player in players:  # a float for spins and pulls; every grant is a checked call too
            await traffic.run(client, traffic.grant(player, 1_000_000))
    checks = open_at_kill = 0
    orphan_wait = 0.0
    monitor = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    spent: dict[str, float] = dict.fromkeys(("traffic", "restart", "checks", "retries"), 0.0)
    began = time.monotonic()
    for _ in range(KILLS):
        if checks >= MIN_KILLS and time.monotonic() - began > BUDGET_S:
            figures["stopped by the time budget (CRASH_BUDGET_S)"] = f"{BUDGET_S:.0f} s"
            break
        mark = time.monotonic()
        async with client_for(backend) as client:
            stop = asyncio.Event()
            callers = asyncio.create_task(traffic.window(client, stop, CONCURRENCY))
            await asyncio.sleep(rng.uniform(*WINDOW_SECONDS))
            traffic.stats.in_flight_at_kill.append(traffic.in_flight)
            open_now, killed_at = open_transactions(monitor)
            open_at_kill += open_now
            backend.kill()  # SIGKILL the whole process group with requests in flight
            stop.set()
            await callers
        mark = _lap(spent, "traffic", mark)
        await asyncio.to_thread(backend.start)
        await asyncio.to_thread(backend.wait_ready)
        orphan_wait = max(orphan_wait, await asyncio.to_thread(wait_for_orphans, monitor, killed_at))
        mark = _lap(spent, "restart", mark)
        checks += 1
        async with client_for(backend) as client:
            (found, snap), app_view = await asyncio.gather(
                asyncio.to_thread(check_ledger, engine, traffic.calls), reconcile_over_http(client, staff)
            )
            found += app_view
            mark = _lap(spent, "checks", mark)
            found += await traffic.retry_lost(client, committed_keys(snap))  # the lost calls' fate was read first
            found += await traffic.resend_answered(client, RESENDS)
        _lap(spent, "retries", mark)
        violations += [f"after kill {checks}: {v}" for v in found]
    monitor.close()
    found, snap = await asyncio.to_thread(check_ledger, engine, traffic.calls)
    violations += [f"final: {v}" for v in found]
    stats = traffic.stats

    figures.update(
        {
            "kills (SIGKILL of the server's process group)": checks,
            "ledger checks (one per kill, plus a final one)": checks + 1,
            "calls (distinct idempotency keys)": len(traffic.calls),
            "requests sent (reached the server, retries included)": stats.sent,
            "2xx responses (replays included)": stats.ok,
            "first 2xx by kind": ", ".join(f"{k} {stats.ok_by_kind[k]}" for k in KINDS),
            "calls by kind": ", ".join(f"{k} {sum(c.kind == k for c in traffic.calls)}" for k in KINDS),
            "4xx responses": sum(n for s, n in stats.responses.items() if 400 <= s < 500),
            "  by code": ", ".join(f"{code} x{n}" for code, n in stats.rejections.most_common()),
            "5xx responses": sum(n for s, n in stats.responses.items() if s >= 500),
            "requests in flight at the kills (total / mean)": (
                f"{sum(stats.in_flight_at_kill)} / {statistics.mean(stats.in_flight_at_kill):.1f}"
            ),
            "database transactions open at the kills (total)": open_at_kill,
            "killed server's DB sessions gone after restart (max extra wait, s)": f"{orphan_wait:.2f}",
            "connections died mid-request (lost)": stats.lost,
            "  of which timed out (30 s)": stats.timeouts,
            "refused at connect after a kill (never sent)": stats.refused,
            "retries with the same Idempotency-Key": stats.retries,
            "  original had committed: replayed (a signup: refused as taken)": stats.retry_replays,
            "  original had rolled back: ran afresh": stats.retry_fresh,
            "  lost again": stats.retry_lost,
            "answered calls sent again (all must replay byte-identical)": stats.resends,
            "calls still unresolved at the end": len(traffic.lost),
            "ledger transfers": len(snap.transfers),
            "time in traffic / restarts / checks / retries (s)": " / ".join(f"{v:.1f}" for v in spent.values()),
        }
    )
    return violations


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_ledger_survives_sigkill_of_the_served_app(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    # One database per run: suites running side by side must not drop each other's database.
    url = test_db.create_test_database(f"casino_crash_{os.getpid()}")
    with environment(DATABASE_URL=url):
        from casino_app.services import seed

        seed.seed_demo_data()  # invite code 5858 and the admin
    mode = os.environ.get("CRASH_BACKEND_MODE", "fork")
    backend = new_backend(
        url,
        tmp_path,
        ARTIFACTS / "crash-safety-server.log",
        mode=mode,
        GRANIAN_WORKERS=os.environ.get("CRASH_WORKERS", "1"),
        ROUND_MIN_INTERVAL_MS="0",
        SIGNUP_RATE_LIMIT_PER_HOUR="100000",
        LOGIN_RATE_LIMIT_PER_IP_PER_MINUTE="100000",
        LOGIN_RATE_LIMIT_GLOBAL_PER_MINUTE="100000",
    )
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    seed_value = int(os.environ.get("CRASH_SEED", str(random.SystemRandom().randrange(10**6))))
    runner = "Reflex's run_granian_backend_prod, forked" if mode == "fork" else "python -m granian"
    figures: dict[str, object] = {"backend": f"{runner} (mode={mode}, workers={backend.env['GRANIAN_WORKERS']})"}
    try:
        with backend:
            violations = asyncio.run(campaign(backend, engine, random.Random(seed_value), figures))
    finally:
        engine.dispose()
        drop_database(url)
    figures["server start-up to /api/health 200 (median / max s)"] = (
        f"{statistics.median(backend.startups):.2f} / {max(backend.startups):.2f}" if backend.startups else "n/a"
    )
    figures["seed (CRASH_SEED)"] = seed_value
    figures["violations"] = len(violations)
    figures["runtime (s)"] = f"{time.monotonic() - started:.1f}"
    report = "crash safety (SIGKILL of the served app)\n" + "\n".join(f"  {k}: {v}" for k, v in figures.items())
    if violations:
        report += "\nviolations:\n" + "\n".join(f"  - {v}" for v in violations[:50])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "crash-safety.txt").write_text(report + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + report)
    if "stopped by the time budget (CRASH_BUDGET_S)" in figures:  # the loop stops early only after MIN_KILLS
        kills = figures["kills (SIGKILL of the server's process group)"]
        message = f"the SIGKILL campaign stopped at its {BUDGET_S:.0f} s budget after {kills} of {KILLS} kills"
        warnings.warn(message, stacklevel=1)
    assert not violations, f"{len(violations)} violation(s); see test-artifacts/crash-safety.txt"
