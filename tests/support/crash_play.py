"""Playing crash in tests: rounds picked by their (still sealed) crash point, staff tokens, many players, a loop
stepped in a background thread at the real tick rate.

Picking a round by its crash point reads the sealed hash exactly as the leader does (``vault.unseal``). Tests use
it only to choose *which* round to play (one that flies long enough, or crashes below a target) and never to
decide an outcome: the payouts, the refusals and the crash itself are the service's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from casino_app.services.accounts import sessions
from casino_app.services.crash import chain
from casino_app.services.crash.table import CrashConfig
from casino_app.services.fairness import vault
from casino_app.services.games import configs
from tests.support.accounts import PASSWORD, new_player, new_staff
from tests.support.crash import Driver, close_betting, scalar
from tests.support.wallets import fund


def config_of(round_id: int) -> CrashConfig:
    """The table round ``round_id`` plays under."""
    version = scalar("SELECT config_version FROM crash_rounds WHERE id = :r", r=round_id)
    return configs.by_version("crash", int(version))  # type: ignore[return-value]


def peek(round_id: int) -> int:
    """The crash point (hundredths) of a round still in play, from its sealed hash (the leader's view)."""
    sealed = scalar("SELECT hash_sealed FROM crash_rounds WHERE id = :r", r=round_id)
    config = config_of(round_id)
    return chain.crash_point(vault.unseal(sealed).hex(), config.house_edge_bp, config.max_multiplier_x100)


def round_with(driver: Driver, want: Callable[[int], bool], tries: int = 60) -> tuple[dict[str, Any], int]:
    """Step the loop to the next betting phase whose crash point satisfies ``want``; its snapshot and point.

    Rounds that do not fit are played out without bets.
    """
    for _ in range(tries):
        state = driver.until("betting")
        point = peek(int(state["round_id"]))
        if want(point):
            return state, point
        close_betting(int(state["round_id"]))
        driver.until("crashed")
    raise AssertionError(f"no round in {tries} had a suitable crash point")


def count(sql: str, **params: object) -> int:
    """The single number a query returns (0 for NULL)."""
    return int(scalar(sql, **params) or 0)


def transfers(user_id: int, kind: str) -> int:
    """Ledger transfers of ``kind`` that touched the player's account."""
    return count(
        "SELECT count(DISTINCT t.id) FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id"
        " JOIN ledger_accounts a ON a.id = e.account_id WHERE a.user_id = :u AND t.kind = :k",
        u=user_id,
        k=kind,
    )


def db_now_ms() -> float:
    """The database clock, epoch milliseconds (the clock the loop and the cash-outs use)."""
    return float(scalar("SELECT EXTRACT(EPOCH FROM clock_timestamp()) * 1000"))


def staff_token(role: str) -> tuple[int, str]:
    """A fresh staff account of ``role`` logged in through the staff portal: its id and access token."""
    site_id = f"{role}{next(_staff_seq):04d}x{int(time.time() * 1000) % 100000}"
    staff_id = new_staff(role, site_id=site_id)
    pair = sessions.login(site_id, PASSWORD, portal=sessions.STAFF, client=sessions.ClientInfo("10.0.0.9", "pytest"))
    return staff_id, pair.access_token


_staff_seq = iter(range(1, 10**6))


def funded_players(count: int, gold: int) -> list[sessions.TokenPair]:
    """``count`` players signed up through the service (wallet, welcome gold, session), each given ``gold`` more.

    About 20 ms a player on the development machine (a cheap password hash in tests), so 200 take ~4 s.
    """
    players = []
    for _ in range(count):
        pair = new_player()
        fund(pair.user.id, gold)
        players.append(pair)
    return players


class SteppingThread:
    """``Driver.step`` in a background thread, sleeping what each step asks (the loop's real tick rate).

    Counts the flight ticks (steps taken while a round flies) so a caller can report the tick rate achieved.
    """

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.steps = 0
        self._thread = threading.Thread(target=self._run, name="crash-driver", daemon=True)

    def _run(self) -> None:
        try:
            while not self.stop.is_set():
                wait = self.driver.step()
                self.steps += 1
                if wait > 0:
                    self.stop.wait(wait)
        except BaseException as exc:  # reported by ``close``
            self.error = exc

    def __enter__(self) -> SteppingThread:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._thread.join(timeout=30)
        if self.error is not None and exc[0] is None:
            raise AssertionError(f"the loop failed while stepping: {self.error!r}") from self.error
