"""A real crash between the provider's approval and the gold credit: SIGKILL the served app mid-webhook.

Issue 10 asks that a process killed between the provider's approval and the gold
credit be credited exactly once by a restart plus the settle job. Here the backend
is served as a real process (``tests/support/backend.py``, as ``test_crash_safety``
does), in a database of its own. Adult players buy a gold pack over HTTP
(``POST /api/shop/orders`` with an ``Idempotency-Key``); the sandbox provider
approves the payment (``sandbox.decide``, what the checkout page records); the
signed webhook is then posted to the served process and, for most orders, the
server's whole process group gets SIGKILL a random few milliseconds after the
send — before, during or just after the webhook's transaction (the event row, the
order's ``→ paid`` and the ledger credit commit together).

After each restart the database is checked, then the killed order is settled the
way production would: by the settle job (``shop.jobs.sweep`` run here under a clock
a minute ahead, past its 30 s grace) or by the provider retrying the webhook (same
event id, freshly signed), in a random order; then the webhook is replayed and must
change nothing. Checked after every restart and at the end: each approved order
is ``paid`` once, with exactly one ``PURCHASE`` transfer ``shop:order:<id>`` of
gold + bonus; each player's balance is that times their paid orders; the ledger
invariants of ``test_crash_safety`` hold; a recorded webhook event implies a paid
order. Figures are printed and written to ``test-artifacts/shop-crash.txt``.

Knobs: ``SHOP_CRASH_ORDERS`` (default 24), ``SHOP_CRASH_SEED``.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from casino_app.core import clock, db
from casino_app.services.accounts.sessions import TokenPair
from casino_app.services.payments import signing
from casino_app.services.shop import jobs
from tests.integration.test_crash_safety import (
    ARTIFACTS,
    check_ledger,
    drop_database,
    wait_for_orphans,
)
from tests.support import db as test_db
from tests.support import shop as s
from tests.support.backend import Backend, new_backend
from tests.support.env import environment
from tests.support.payments import SECRETS

ORDERS = int(os.environ.get("SHOP_CRASH_ORDERS", "24"))
PLAYERS = 6  # 4 orders each: far from the velocity rule (20 attempts / 5 min) and the monthly cap
WARM_UP = 3  # the first orders are delivered without a kill, to time a delivery
KILL_SHARE = 0.7  # of the orders after the warm-up, these many (chosen at random) get a kill
WEBHOOK = "/api/payments/webhooks/sandbox"
CREDIT = 5_000 + 500  # the product's gold + bonus

# Shop invariants over one snapshot: each query lists offenders (empty = holds).
SHOP_INVARIANTS: dict[str, str] = {
    "paid order without exactly one PURCHASE transfer shop:order:<id> (its transfer_id)": """
        SELECT o.code, o.transfer_id, array_agg(t.id) FROM shop_orders o
        LEFT JOIN ledger_transfers t ON t.idempotency_key = 'shop:order:' || o.id
        WHERE o.status = 'paid' GROUP BY o.id
        HAVING COUNT(t.id) <> 1 OR bool_or(t.kind <> 'PURCHASE') OR bool_or(t.id IS DISTINCT FROM o.transfer_id)
        LIMIT 5""",
    "PURCHASE transfer or shop:order key without a paid order": """
        SELECT t.id, t.idempotency_key, o.status FROM ledger_transfers t
        LEFT JOIN shop_orders o ON t.idempotency_key = 'shop:order:' || o.id
        WHERE (t.kind = 'PURCHASE' OR t.idempotency_key LIKE 'shop:order:%')
          AND (o.id IS NULL OR o.status <> 'paid' OR o.transfer_id IS DISTINCT FROM t.id) LIMIT 5""",
    "open or failed order holding a credit, receipt or paid event": """
        SELECT o.code, o.status FROM shop_orders o WHERE o.status <> 'paid' AND (o.transfer_id IS NOT NULL
          OR o.receipt_code IS NOT NULL OR EXISTS (SELECT 1 FROM shop_order_events e
                                                   WHERE e.order_id = o.id AND e.to_status = 'paid')) LIMIT 5""",
    "credit differs from the order's gold + bonus": """
        SELECT o.code, o.gold + o.bonus_gold, SUM(e.amount) FROM shop_orders o
        JOIN ledger_entries e ON e.transfer_id = o.transfer_id
        JOIN ledger_accounts a ON a.id = e.account_id AND a.code = 'user:' || o.user_id
        GROUP BY o.id HAVING SUM(e.amount) <> o.gold + o.bonus_gold LIMIT 5""",
    "paid order without exactly one →paid event, receipt and outbox event": """
        SELECT o.code, COUNT(DISTINCT e.id), COUNT(DISTINCT x.id) FROM shop_orders o
        LEFT JOIN shop_order_events e ON e.order_id = o.id AND e.to_status = 'paid'
        LEFT JOIN outbox_events x ON x.topic = 'shop.orders' AND x.payload ->> 'order' = o.code
          AND x.payload ->> 'event' = 'paid'
        WHERE o.status = 'paid' GROUP BY o.id
        HAVING COUNT(DISTINCT e.id) <> 1 OR COUNT(DISTINCT x.id) <> 1 OR bool_or(o.receipt_code IS NULL) LIMIT 5""",
    "player balance differs from gold + bonus × paid orders": """
        SELECT u.id, a.balance, COALESCE(SUM(o.gold + o.bonus_gold) FILTER (WHERE o.status = 'paid'), 0)
        FROM users u JOIN ledger_accounts a ON a.code = 'user:' || u.id
        LEFT JOIN shop_orders o ON o.user_id = u.id WHERE u.staff_role IS NULL GROUP BY u.id, a.balance
        HAVING a.balance <> COALESCE(SUM(o.gold + o.bonus_gold) FILTER (WHERE o.status = 'paid'), 0) LIMIT 5""",
    "webhook event recorded but its order is not paid (a swallowed delivery)": """
        SELECT w.event_id, o.status FROM payment_webhook_events w JOIN shop_orders o ON o.code = w.order_code
        WHERE w.status = 'approved' AND o.status <> 'paid' LIMIT 5""",
    "approved at the provider but the order failed or was voided": """
        SELECT o.code, o.status, o.reason FROM shop_orders o JOIN sandbox_payments p ON p.order_code = o.code
        WHERE p.status = 'approved' AND o.status NOT IN ('created', 'pending', 'paid') LIMIT 5""",
}


# The report's counters, in order.
REPORT = (
    "orders",
    "orders paid",
    "orders delivered without a kill",
    "kills",
    "kills with the delivery in flight (no answer yet)",
    "kills with an app DB transaction open",
    "deliveries answered before the kill",
    "deliveries lost at the kill",
    "deliveries refused at the kill",
    "killed orders already paid at the restart (committed)",
    "  of which committed but the answer was lost",
    "killed orders still open at the restart (rolled back or never sent)",
    "killed inside the webhook's transaction: rolled back, open at the restart",
    "orders credited by the settle job",
    "orders credited by the provider's retry",
    "settle job runs",
    "redeliveries",
    "replays checked as no-ops",
    "checks",
)

# The webhook's transaction, told by the last statement of a session open at the kill.
WEBHOOK_WORK = (
    ("payment_webhook_events", "event row"),
    ("sandbox_payments", "provider query"),
    ("payment_attempts", "attempt result"),
    ("ledger_", "ledger post"),
    ("shop_order", "order → paid"),
    ("outbox_events", "outbox event"),
)


def webhook_step(statement: str) -> str | None:
    """Which step of the webhook's work ``statement`` belongs to (None: not the webhook's)."""
    return next((step for table, step in WEBHOOK_WORK if table in statement), None)


# The database's clock just before a kill, and the last statement of every app session inside a transaction.
OPEN_TRANSACTIONS = sa.text(
    """SELECT clock_timestamp(), COALESCE(array_agg(query) FILTER (WHERE xact_start IS NOT NULL), '{}')
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND backend_type = 'client backend'"""
)


class Order:
    """One purchase and what happened to its webhook deliveries."""

    def __init__(self, player: TokenPair, code: str, key: str) -> None:
        self.player = player
        self.code = code
        self.key = key
        self.body = b""
        self.killed = False
        self.answered = False  # a delivery came back 2xx (so it must be paid from then on)
        self.mid_transaction = False  # the killed server had the webhook's work open in the database


def shop_violations(engine: sa.Engine, orders: list[Order], settled: bool) -> tuple[list[str], dict[str, str]]:
    """Ledger invariants (``test_crash_safety``'s), shop invariants, and each order's expected state.

    ``settled``: every order has been settled by now, so each must be paid. Returns the problems and the
    status of every order.
    """
    problems, _ = check_ledger(engine, [])
    with engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) as conn:
        for name, query in SHOP_INVARIANTS.items():
            rows = conn.execute(sa.text(query)).all()
            if rows:
                problems.append(f"{name}: {[tuple(r) for r in rows]}")
        status = dict(conn.execute(sa.text("SELECT code, status FROM shop_orders")).all())
        conn.rollback()
    for order in orders:
        got = status.get(order.code)
        if (settled or order.answered) and got != "paid":
            problems.append(f"order {order.code} is {got}, expected paid")
        elif got not in ("pending", "paid"):
            problems.append(f"order {order.code} is {got}, expected pending or paid")
    return problems, status


def ledger_state(engine: sa.Engine) -> tuple[int, ...]:
    """What a replayed webhook must not change: transfers, entries, paid orders, order events, outbox events."""
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                sa.text(
                    "SELECT (SELECT COUNT(*) FROM ledger_transfers), (SELECT COUNT(*) FROM ledger_entries),"
                    " (SELECT COUNT(*) FROM shop_orders WHERE status = 'paid'),"
                    " (SELECT COUNT(*) FROM shop_order_events), (SELECT COUNT(*) FROM outbox_events)"
                )
            ).one()
        )


async def send_webhook(client: httpx.AsyncClient, body: bytes) -> httpx.Response | str:
    """POST the signed webhook (signed now, as a provider's every attempt is); a string when no answer came."""
    headers = {"Content-Type": "application/json", signing.HEADER: signing.sign(body)}
    try:
        return await client.post(WEBHOOK, content=body, headers=headers)
    except httpx.ConnectError:
        return "refused"  # the server was already gone: never sent
    except httpx.TransportError:
        return "lost"  # the connection died with the delivery in flight


async def buy(client: httpx.AsyncClient, player: TokenPair, product_id: int, key: str) -> httpx.Response:
    """``POST /api/shop/orders`` for ``product_id`` with ``key``."""
    headers = {"Authorization": f"Bearer {player.access_token}", "Idempotency-Key": key}
    return await client.post("/api/shop/orders", json={"product_id": product_id}, headers=headers)


def sweep_a_minute_ahead() -> jobs.SweepResult:
    """The settle job as the scheduler runs it, under a clock past its grace for fresh orders."""
    with clock.use_clock(clock.FrozenClock(datetime.now(UTC) + timedelta(minutes=1))):
        return jobs.sweep()


class Campaign:
    """The orders, the kills and the figures."""

    def __init__(self, backend: Backend, engine: sa.Engine, rng: random.Random) -> None:
        self.backend = backend
        self.engine = engine
        self.rng = rng
        self.orders: list[Order] = []
        self.violations: list[str] = []
        self.latencies: list[float] = []  # seconds per answered first delivery
        self.figures: Counter[str] = Counter()
        self.open_statements: Counter[str] = Counter()

    def client(self) -> httpx.AsyncClient:
        """A fresh client per server life (no keep-alive connection survives a kill)."""
        return httpx.AsyncClient(base_url=self.backend.base_url, timeout=30)

    def check(self, when: str, settled: bool = False) -> dict[str, str]:
        """Run every check; record violations under ``when``; returns the orders' statuses."""
        problems, status = shop_violations(self.engine, self.orders, settled)
        self.violations += [f"{when}: {p}" for p in problems]
        self.figures["checks"] += 1
        return status

    async def replay(self, client: httpx.AsyncClient, order: Order, when: str) -> bool | None:
        """Deliver the order's webhook again (a provider retry); returns its ``duplicate`` flag."""
        response = await send_webhook(client, order.body)
        self.figures["redeliveries"] += 1
        if isinstance(response, str) or response.status_code != 200:
            got = response if isinstance(response, str) else f"{response.status_code} {response.text[:200]}"
            self.violations.append(f"{when}: redelivery for {order.code} answered {got}")
            return None
        order.answered = True
        return bool(response.json()["duplicate"])

    async def replay_is_a_no_op(self, client: httpx.AsyncClient, order: Order, when: str) -> None:
        """A replay of an event already processed: 200 duplicate, nothing changes."""
        before = await asyncio.to_thread(ledger_state, self.engine)
        duplicate = await self.replay(client, order, when)
        after = await asyncio.to_thread(ledger_state, self.engine)
        self.figures["replays checked as no-ops"] += 1
        if duplicate is not True or before != after:
            self.violations.append(f"{when}: replay for {order.code}: duplicate={duplicate}, {before} → {after}")

    async def open_order(self, client: httpx.AsyncClient, player: TokenPair, product_id: int) -> Order:
        """Buy over HTTP, then the provider approves (the checkout page's decision)."""
        key = s.key()
        response = await buy(client, player, product_id, key)
        assert response.status_code in (200, 201), response.text
        answer = response.json()
        assert answer["status"] == "pending", answer
        assert answer["checkout_url"], answer
        order = Order(player, answer["code"], key)
        body = await asyncio.to_thread(s.decide, order.code, "approve")
        assert body is not None
        order.body = body
        self.orders.append(order)
        return order

    def kill_delay(self) -> float:
        """A random moment from the send to a little past a typical delivery's answer."""
        typical = statistics.median(self.latencies) if self.latencies else 0.03
        return self.rng.uniform(0.0, 1.6 * typical)

    async def deliver_and_kill(self, client: httpx.AsyncClient, order: Order, monitor: sa.Connection) -> datetime:
        """Send the webhook, SIGKILL the server a random moment later; returns the database's time of the kill."""
        order.killed = True
        delay = self.kill_delay()
        task = asyncio.create_task(send_webhook(client, order.body))
        await asyncio.sleep(delay)
        in_flight = not task.done()
        killed_at, statements = monitor.execute(OPEN_TRANSACTIONS).one()
        self.backend.kill()
        result = await task
        self.figures["kills"] += 1
        self.figures["kills with the delivery in flight (no answer yet)"] += in_flight
        self.figures["kills with an app DB transaction open"] += bool(statements)
        steps = [step for step in map(webhook_step, statements) if step]
        self.open_statements.update(steps)
        order.mid_transaction = bool(steps)
        if isinstance(result, str):
            self.figures[f"deliveries {result} at the kill"] += 1
        else:
            self.figures["deliveries answered before the kill"] += 1
            order.answered = result.status_code == 200
            if result.status_code != 200:
                self.violations.append(f"delivery for {order.code} answered {result.status_code}: {result.text}")
        return killed_at

    async def settle(self, client: httpx.AsyncClient, order: Order, status: str, when: str) -> None:
        """Settle the killed order after the restart: the settle job and the provider's retry, in random order."""
        if status != "paid" and order.mid_transaction:
            self.figures["killed inside the webhook's transaction: rolled back, open at the restart"] += 1
        if status == "paid":
            self.figures["killed orders already paid at the restart (committed)"] += 1
            self.figures["  of which committed but the answer was lost"] += not order.answered
            await self.replay_is_a_no_op(client, order, when)
            result = await asyncio.to_thread(sweep_a_minute_ahead)
            self.figures["settle job runs"] += 1
            if result.paid:
                self.violations.append(f"{when}: the settle job credited {result.paid} already paid order(s)")
            return
        self.figures["killed orders still open at the restart (rolled back or never sent)"] += 1
        if self.rng.random() < 0.5:
            result = await asyncio.to_thread(sweep_a_minute_ahead)
            self.figures["settle job runs"] += 1
            self.figures["orders credited by the settle job"] += result.paid
            if result.paid != 1:
                self.violations.append(f"{when}: the settle job paid {result.paid} order(s), expected 1: {result}")
            # The provider's retry arrives after the job settled: processed (its first delivery was rolled back
            # with the order), but nothing to credit.
            before = await asyncio.to_thread(ledger_state, self.engine)
            duplicate = await self.replay(client, order, when)
            after = await asyncio.to_thread(ledger_state, self.engine)
            if duplicate is not False or before[:3] != after[:3]:
                self.violations.append(f"{when}: late retry for {order.code}: duplicate={duplicate} {before}→{after}")
        else:
            duplicate = await self.replay(client, order, when)
            self.figures["orders credited by the provider's retry"] += 1
            if duplicate is not False:
                self.violations.append(f"{when}: retry of a rolled-back delivery was a duplicate ({order.code})")
            result = await asyncio.to_thread(sweep_a_minute_ahead)
            self.figures["settle job runs"] += 1
            if result.paid:
                self.violations.append(f"{when}: the settle job credited {result.paid} already paid order(s)")
        await self.replay_is_a_no_op(client, order, when)

    async def run(self) -> None:
        """Players and product, then ``ORDERS`` purchases, most of them with a SIGKILL during the webhook."""
        players = [await asyncio.to_thread(s.adult_session) for _ in range(PLAYERS)]
        product = await asyncio.to_thread(s.product)
        assert product.id is not None
        await asyncio.to_thread(self.backend.start)
        await asyncio.to_thread(self.backend.wait_ready)
        monitor = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        later = range(WARM_UP, ORDERS)
        doomed = set(self.rng.sample(later, round(KILL_SHARE * len(later))))
        try:
            for n in range(ORDERS):
                player = players[n % PLAYERS]
                async with self.client() as client:
                    order = await self.open_order(client, player, product.id)
                    if n not in doomed:
                        started = time.monotonic()
                        response = await send_webhook(client, order.body)
                        self.latencies.append(time.monotonic() - started)
                        assert not isinstance(response, str), response
                        assert response.status_code == 200, response.text
                        assert response.json()["duplicate"] is False, response.text
                        order.answered = True
                        self.figures["orders delivered without a kill"] += 1
                        await self.replay_is_a_no_op(client, order, f"order {n + 1}")
                        continue
                    killed_at = await self.deliver_and_kill(client, order, monitor)
                await asyncio.to_thread(self.backend.start)
                await asyncio.to_thread(self.backend.wait_ready)
                db.reset_engine()  # this process's pooled sessions are not the killed server's
                await asyncio.to_thread(wait_for_orphans, monitor, killed_at)
                when = f"after kill {self.figures['kills']} (order {n + 1})"
                status = await asyncio.to_thread(self.check, when)
                async with self.client() as client:
                    await self.settle(client, order, status.get(order.code, "?"), when)
                await asyncio.to_thread(self.check, f"{when}, settled", True)
            async with self.client() as client:  # the same key again: the same order, paid, nothing new
                before = await asyncio.to_thread(ledger_state, self.engine)
                for order in self.orders:
                    response = await buy(client, order.player, product.id, order.key)
                    answer = response.json()
                    if response.status_code not in (200, 201) or (answer["code"], answer["status"]) != (
                        order.code,
                        "paid",
                    ):
                        self.violations.append(f"buy again with {order.key}: {response.status_code} {answer}")
                if await asyncio.to_thread(ledger_state, self.engine) != before:
                    self.violations.append("buying again with the same keys changed the ledger")
        finally:
            monitor.close()
        status = await asyncio.to_thread(self.check, "final", True)
        self.figures["orders"] = len(self.orders)
        self.figures["orders paid"] = sum(v == "paid" for v in status.values())


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_a_sigkill_between_approval_and_credit_is_credited_exactly_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    url = test_db.create_test_database(f"casino_shop_crash_{os.getpid()}")
    backend = new_backend(url, tmp_path, ARTIFACTS / "shop-crash-server.log", PAYMENT_WEBHOOK_SECRETS=SECRETS)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    seed_value = int(os.environ.get("SHOP_CRASH_SEED", str(random.SystemRandom().randrange(10**6))))
    print(f"\nshop crash seed (SHOP_CRASH_SEED): {seed_value}")
    campaign = Campaign(backend, engine, random.Random(seed_value))
    try:
        with environment(DATABASE_URL=url, PAYMENT_WEBHOOK_SECRETS=SECRETS), backend:
            asyncio.run(campaign.run())
    finally:
        engine.dispose()
        drop_database(url)
    figures: dict[str, object] = {name: campaign.figures[name] for name in REPORT}
    figures["kills by the webhook's step in progress (its last statement)"] = ", ".join(
        f"{step} {n}" for step, n in campaign.open_statements.most_common()
    )
    if campaign.latencies:
        figures["delivery without a kill answered in (median / max ms)"] = (
            f"{statistics.median(campaign.latencies) * 1000:.0f} / {max(campaign.latencies) * 1000:.0f}"
        )
    figures["server start-up to /api/health 200 (median s)"] = (
        f"{statistics.median(backend.startups):.2f}" if backend.startups else "n/a"
    )
    figures["seed (SHOP_CRASH_SEED)"] = seed_value
    figures["violations"] = len(campaign.violations)
    figures["runtime (s)"] = f"{time.monotonic() - started:.1f}"
    report = "shop crash (SIGKILL between the approval and the credit)\n"
    report += "\n".join(f"  {k}: {v}" for k, v in figures.items())
    if campaign.violations:
        report += "\nviolations:\n" + "\n".join(f"  - {v}" for v in campaign.violations[:50])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "shop-crash.txt").write_text(report + "\n", encoding="utf-8")
    with capsys.disabled():
        print("\n" + report)
    assert campaign.figures["kills"] == round(KILL_SHARE * max(ORDERS - WARM_UP, 0))
    assert campaign.figures["orders paid"] == ORDERS
    assert not campaign.violations, f"{len(campaign.violations)} violation(s); see test-artifacts/shop-crash.txt"
