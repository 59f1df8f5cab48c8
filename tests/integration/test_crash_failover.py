"""Failover of the crash loop: two ``python -m casino_app.cli crash-loop`` contenders, the leader SIGKILLed in
mid-flight with bets open, the other takes over, settles the interrupted round exactly once and plays on.

Everything is checked from the database (``crash_loop``, ``crash_rounds``, ``crash_bets``, the ledger), so the
test runs the same with and without Redis. Bets go through the REST API of this process, which needs a live
snapshot before it takes a bet:

- ``embedded`` (no Redis): each contender keeps its snapshot in its own memory, out of this process's reach.
  This process builds the betting round's snapshot from the database with the leader's own function
  (``snapshot.build``) and stores it locally, standing in for the relay that Redis is in production. It only
  lets the request through the front door: the bet is still taken only while the database says the round is
  betting (``bets.place`` checks the round row against the database clock), and a cash-out needs no snapshot.
- ``redis`` (``REDIS_URL`` set): the contenders write ``crash:live`` and this process reads the leader's real
  snapshot; nothing is stood in for.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from casino_app.core.db import session_scope
from casino_app.services import ledger
from casino_app.services.crash import chain, live, snapshot
from casino_app.settings import PROJECT_ROOT
from tests.support.accounts import bearer
from tests.support.api import api_client
from tests.support.crash import BET, CASHOUT, fast_table, key, scalar
from tests.support.crash_play import config_of, count, funded_players, peek
from tests.support.env import environment

pytestmark = pytest.mark.anyio
GROWTH = 0.0003  # 1.5x after 1.35 s, the 10x maximum after 7.7 s
AUTO = 150


def _wait(what: str, probe: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _loop() -> dict[str, Any]:
    return scalar(
        "SELECT json_build_object('epoch', epoch, 'leader', leader, 'beat', EXTRACT(EPOCH FROM heartbeat_at))"
        " FROM crash_loop WHERE id = 1"
    ) or {"epoch": 0, "leader": "", "beat": 0}


class Contenders:
    """Two crash-loop processes (own process groups, logs in ``tmp``); stopped with SIGTERM, then SIGKILL."""

    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.logs = [tmp / f"contender-{i}.log" for i in range(2)]
        self.procs: list[subprocess.Popen[bytes]] = []
        for log in self.logs:
            with log.open("w") as out:
                self.procs.append(
                    subprocess.Popen(
                        # --local: the embedded variant has no Redis (its snapshot is built by the test instead)
                        [
                            sys.executable,
                            "-m",
                            "casino_app.cli",
                            "crash-loop",
                            *([] if env.get("REDIS_URL") else ["--local"]),
                        ],
                        cwd=PROJECT_ROOT,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        self.names = {f"{socket.gethostname()}:{p.pid}": p for p in self.procs}

    def leader(self) -> subprocess.Popen[bytes] | None:
        return self.names.get(_loop()["leader"])

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    def tail(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-2000:]}" for log in self.logs)


@pytest.fixture(params=["embedded", pytest.param("redis", marks=pytest.mark.redis)])
def mode(request: pytest.FixtureRequest) -> Iterator[str]:
    """``embedded`` (no Redis anywhere) or ``redis`` (this process and the contenders share ``REDIS_URL``)."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    with environment(REDIS_URL=url):
        yield request.param


def _betting_round(contenders: Contenders, after: int) -> tuple[int, int]:
    """The next betting round (after round ``after``, a second of betting left) flying 2 … 7.6 s."""
    while True:
        round_id = _wait(
            "a betting round",
            lambda a=after: scalar("SELECT id FROM crash_rounds WHERE status = 'betting' AND id > :a", a=a),
        )
        point = peek(round_id)
        betting_left = scalar(
            "SELECT EXTRACT(EPOCH FROM betting_ends_at - clock_timestamp()) FROM crash_rounds WHERE id = :r", r=round_id
        )
        if 180 <= point <= 999 and betting_left > 1:
            return round_id, point
        assert contenders.leader() is not None, contenders.tail()
        after = round_id


def _stand_in_snapshot(round_id: int) -> None:
    """The betting round's snapshot, built as the leader builds it, stored in this process (embedded mode)."""
    with session_scope() as db:
        state = snapshot.build(db, round_id, config_of(round_id), paused=False, chain={})
    live.write(state, publish=False)


async def test_a_killed_leader_is_replaced_and_its_round_settled_once(
    mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fast_table(growth_per_ms=GROWTH, max_multiplier_x100=1_000, betting_ms=2_000)
    auto, above, manual, idle = funded_players(4, 10_000)
    starts = {p.user.id: ledger.balance_of(p.user.id) for p in (auto, above, manual, idle)}
    env = {**os.environ, "CRASH_CHAIN_LENGTH": "10000", "LOG_LEVEL": "INFO"}
    contenders = Contenders(tmp_path, env)
    try:
        _wait("a leader", contenders.leader, timeout=60)
        round_id, point = _betting_round(contenders, 0)
        if mode == "embedded":
            _stand_in_snapshot(round_id)
        else:
            _wait("the leader's snapshot", lambda: (live.read() or {}).get("round_id") == round_id)
        bets = {}
        async with api_client() as client:
            for player, target in ((auto, AUTO), (above, point + 1), (manual, None), (idle, None)):
                body = {"bet_amount": 1_000, **({"auto_cashout": target / 100} if target else {})}
                answer = await client.post(BET, headers={**bearer(player.access_token), **key()}, json=body)
                assert answer.status_code == 200, answer.text
                bets[player.user.id] = answer.json()["game_id"]
            in_flight = (
                "SELECT EXTRACT(EPOCH FROM clock_timestamp() - started_at) * 1000 FROM crash_rounds WHERE id = :r"
            )
            _wait("the flight", lambda: (scalar(in_flight, r=round_id) or 0) >= 300)
            before = _loop()
            first = contenders.names[before["leader"]]
            killed_at = time.monotonic()
            first.kill()  # SIGKILL mid-flight: no clean-up, its database session just drops
            first.wait(timeout=10)
            # No leader now: a manual cash-out needs none (the round flies on its own clock).
            leaderless = await client.post(
                CASHOUT, headers={**bearer(manual.access_token), **key()}, json={"game_id": bets[manual.user.id]}
            )
        after = _wait("a new leader", lambda: (lambda s: s if s["epoch"] > before["epoch"] else None)(_loop()), 15)
        takeover_s = time.monotonic() - killed_at
        settled = _wait(
            "the interrupted round's crash",
            lambda: scalar(
                "SELECT json_build_object('status', status, 'point', crash_point, 'epoch', settled_epoch,"
                " 'paid', total_paid) FROM crash_rounds WHERE id = :r AND status = 'crashed'",
                r=round_id,
            ),
        )
        later = _wait(
            "a later round to crash",
            lambda: scalar("SELECT id FROM crash_rounds WHERE id > :r AND status = 'crashed'", r=round_id),
            timeout=40,
        )
        beat_later = _loop()["beat"]
        survivor = contenders.leader()
    finally:
        contenders.stop()
        live.forget()

    assert leaderless.status_code == 200, leaderless.text
    manual_x100 = round(leaderless.json()["multiplier"] * 100)
    assert after["epoch"] == before["epoch"] + 1
    assert after["leader"] != before["leader"]
    assert survivor is not None
    assert survivor is not first
    assert after["beat"] > before["beat"]
    assert beat_later > after["beat"]  # the new leader keeps beating
    assert later > round_id
    assert (settled["status"], settled["point"], settled["epoch"]) == ("crashed", point, after["epoch"])
    expected = {
        auto.user.id: ("cashed", AUTO, 1_000 * AUTO // 100),  # its target was below the crash point
        above.user.id: ("lost", None, 0),
        manual.user.id: ("cashed", manual_x100, leaderless.json()["payout"]),
        idle.user.id: ("lost", None, 0),
    }
    for uid, game_id in bets.items():
        row = scalar(
            "SELECT json_build_array(status, cashout_multiplier, payout) FROM crash_bets WHERE id = :b", b=game_id
        )
        assert tuple(row) == expected[uid], (uid, row)
        assert count("SELECT count(*) FROM game_rounds WHERE request_key = :k", k=f"crash:{game_id}") == 1
        paid_out = count(
            "SELECT count(*) FROM ledger_transfers WHERE idempotency_key = :k", k=f"crash:cashout:{game_id}"
        )
        assert paid_out == (1 if expected[uid][0] == "cashed" else 0)
        assert ledger.balance_of(uid) == starts[uid] - 1_000 + expected[uid][2]
    assert 100 <= manual_x100 < point
    assert settled["paid"] == sum(e[2] for e in expected.values())
    assert ledger.reconcile().ok
    with capsys.disabled():
        print(
            f"\ncrash failover ({mode}): leader SIGKILLed 0.3 s into a"
            f" {chain.flight_ms(point, GROWTH) / 1000:.1f} s flight (crash {point / 100:.2f}x);"
            f" new leader (epoch {after['epoch']}) after {takeover_s:.2f} s;"
            f" interrupted round settled by epoch {settled['epoch']}; round {later} crashed after it"
        )
