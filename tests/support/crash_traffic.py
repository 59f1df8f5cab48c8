"""Mixed money traffic over real HTTP, with a record of every call and what became of it.

Calls are slot spins, gacha pulls, daily claims and staff gold adjustments, each
with its own ``Idempotency-Key``, and a few signups (they open a wallet with the
welcome gold; they take no key, a repeat is refused as ``SITE_ID_TAKEN``). A call
whose connection dies before an answer (the server was SIGKILLed) is *lost*:
nobody knows whether it committed. Lost calls are sent again after the restart
with the same key and body; the answer must replay the first result if it had
committed and run it afresh otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.accounts import PASSWORD

SLOT, GACHA, DAILY, GRANT, SIGNUP = "slot", "gacha", "daily", "grant", "signup"
KINDS = (SLOT, GACHA, DAILY, GRANT, SIGNUP)
# Share of calls per kind (a fifth of GRANT's share are debits, some of them too large).
MIX = ((SLOT, 0.48), (GACHA, 0.20), (GRANT, 0.21), (DAILY, 0.08), (SIGNUP, 0.03))
INVITE_CODE = "5858"
ADMIN = ("admin", "casino-admin-1")  # the demo seed's admin (APP_ENV=test)


@dataclass(frozen=True)
class Actor:
    """Someone who calls the API: a player or the staff member."""

    user_id: int
    token: str


NOBODY = Actor(0, "")  # the caller of a signup


@dataclass
class Call:
    """One money-moving request and its fate (the same key and body on every attempt)."""

    kind: str
    path: str
    body: dict[str, Any] | None
    actor: Actor
    target: int
    key: str = field(default_factory=lambda: f"crash-{uuid.uuid4().hex}")
    outcome: str = "new"  # ok | rejected | lost | error | refused
    status: int | None = None
    text: str = ""  # the last answer's body exactly as received
    replayed: bool = False
    attempts: int = 0

    @property
    def json(self) -> dict[str, Any]:
        """The 2xx body."""
        return json.loads(self.text)

    def ledger_key(self) -> str | None:
        """The ledger transfer's idempotency key, as the routes and services derive it.

        slot/gacha: ``<game>:<user>:api:<header>`` (``api/routes/games/play.py``,
        ``services/games/engine.py``); staff adjustments: ``admin-adjust:<staff>:<header>``
        (``api/routes/admin_wallet.py``, ``services/wallet.py``); the daily reward is
        keyed by player and KST day, ``daily:<user>:<date>`` (``services/daily.py``),
        so it is known only from the answer; a signup's is ``welcome:<user>``.
        """
        if self.kind in (SLOT, GACHA):
            return f"{self.kind}:{self.target}:api:{self.key}"
        if self.kind == GRANT:
            return f"admin-adjust:{self.actor.user_id}:{self.key}"
        if self.outcome == "ok" and self.kind == DAILY:
            return f"daily:{self.target}:{self.json['claim_date']}"
        if self.outcome == "ok" and self.kind == SIGNUP:
            return f"welcome:{self.target}"
        return None


@dataclass
class Stats:
    """Counters for the report."""

    sent: int = 0  # attempts that reached the server (not refused at connect)
    responses: Counter[int] = field(default_factory=Counter)
    ok_by_kind: Counter[str] = field(default_factory=Counter)
    rejections: Counter[str] = field(default_factory=Counter)  # "<status> <error code>"
    lost: int = 0  # connection died with the request in flight
    refused: int = 0  # connect refused: never sent, nothing to retry
    timeouts: int = 0
    in_flight_at_kill: list[int] = field(default_factory=list)
    retries: int = 0
    retry_replays: int = 0  # the original had committed: the retry replayed it
    retry_fresh: int = 0  # the original had rolled back: the retry ran it
    retry_lost: int = 0
    resends: int = 0  # answered calls sent again (a client that missed the answer): must replay

    @property
    def ok(self) -> int:
        """2xx answers (first answers and replays)."""
        return sum(n for status, n in self.responses.items() if 200 <= status < 300)


class Traffic:
    """Concurrent callers drawing random calls; keeps every call for the ledger checks."""

    def __init__(self, players: list[Actor], staff: Actor, bet_options: list[int], seed: int) -> None:
        self.players = players
        self.staff = staff
        self.bets = bet_options
        self.rng = random.Random(seed)
        self.calls: list[Call] = []
        self.lost: list[Call] = []
        self.stats = Stats()
        self.in_flight = 0
        self._signups = itertools.count(1)

    # --- building calls -------------------------------------------------------------------
    def grant(self, player: Actor, amount: int) -> Call:
        """A staff gold adjustment for ``player`` (negative = debit)."""
        body = {"amount": amount, "reason": "crash-safety test"}
        return Call(GRANT, f"/api/admin/users/{player.user_id}/gold", body, self.staff, player.user_id)

    def draw(self) -> Call:
        """A random call of the mix; a quarter of them hit one hot wallet (lock contention)."""
        player = self.players[0] if self.rng.random() < 0.25 else self.rng.choice(self.players)
        kind = self.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        if kind == SLOT:
            return Call(
                SLOT, "/api/games/slot/spin", {"bet_amount": self.rng.choice(self.bets)}, player, player.user_id
            )
        if kind == GACHA:
            body = {"count": 10 if self.rng.random() < 0.2 else 1}
            return Call(GACHA, "/api/games/gacha/pull", body, player, player.user_id)
        if kind == DAILY:
            return Call(DAILY, "/api/streak/claim", None, player, player.user_id)
        if kind == SIGNUP:
            body = signup_body(f"crashx{next(self._signups):05d}")
            return Call(SIGNUP, "/api/auth/signup", body, NOBODY, 0, key=body["site_id"])
        if self.rng.random() < 0.8:
            return self.grant(player, self.rng.randrange(20_000, 200_001, 1_000))
        return self.grant(player, -self.rng.choice([1_000, 50_000, 500_000, 5_000_000]))

    # --- sending ----------------------------------------------------------------------------
    async def send(self, client: httpx.AsyncClient, call: Call) -> str:
        """Send ``call`` once and classify the result; returns the outcome."""
        headers = {"Authorization": f"Bearer {call.actor.token}", "Idempotency-Key": call.key}
        if call.kind == SIGNUP:
            headers = {}
        call.attempts += 1
        self.in_flight += 1
        try:
            response = await client.post(call.path, json=call.body, headers=headers)
        except httpx.ConnectError:
            self.stats.refused += 1
            call.outcome = "refused" if call.outcome in ("new", "refused") else call.outcome
            return "refused"
        except httpx.TransportError as exc:  # the server died with the request in flight
            self.stats.sent += 1
            self.stats.lost += 1
            self.stats.timeouts += isinstance(exc, httpx.TimeoutException)
            call.outcome = "lost"
            return "lost"
        finally:
            self.in_flight -= 1
        self.stats.sent += 1
        self.stats.responses[response.status_code] += 1
        call.status = response.status_code
        if 200 <= response.status_code < 300:
            call.outcome, call.text = "ok", response.content.decode("utf-8")
            call.replayed = response.headers.get("Idempotent-Replayed") == "true"
            self.stats.ok_by_kind[call.kind] += 1
            if call.kind == SIGNUP:  # the new player joins the crowd
                with contextlib.suppress(KeyError, TypeError, ValueError):  # a malformed body is checked later
                    call.target = call.json["user"]["id"]
                    self.players.append(Actor(call.target, call.json["access_token"]))
        elif 400 <= response.status_code < 500:
            call.outcome, call.text = "rejected", response.text
            code = "?"
            with contextlib.suppress(KeyError, TypeError, ValueError):
                code = response.json()["error"]["code"]
            self.stats.rejections[f"{response.status_code} {code}"] += 1
        else:  # a 5xx leaves the outcome unknown, like a lost call
            call.outcome, call.text = "error", response.text
        return call.outcome

    async def run(self, client: httpx.AsyncClient, call: Call) -> None:
        """Send a new call and remember it (lost and 5xx calls are queued for a retry)."""
        outcome = await self.send(client, call)
        if outcome != "refused":
            self.calls.append(call)
        if outcome in ("lost", "error"):
            self.lost.append(call)

    async def window(self, client: httpx.AsyncClient, stop: asyncio.Event, concurrency: int) -> None:
        """``concurrency`` callers send random calls back to back until ``stop`` is set."""

        async def caller() -> None:
            while not stop.is_set():
                await self.run(client, self.draw())

        await asyncio.gather(*(caller() for _ in range(concurrency)))

    async def retry_lost(self, client: httpx.AsyncClient, committed: set[tuple[int, str]]) -> list[str]:
        """Send every lost call again with the same key; check replay versus fresh execution.

        ``committed`` holds the (caller, key) pairs whose idempotency record exists,
        and (0, site id) of every user, read from the database before the retries
        (the first attempt's fate). A committed signup must be refused as taken.
        """
        pending, self.lost = self.lost, []
        problems: list[str] = []
        semaphore = asyncio.Semaphore(8)

        async def retry(call: Call) -> None:
            was_committed = (call.actor.user_id, call.key) in committed
            async with semaphore:
                outcome = await self.send(client, call)
            self.stats.retries += 1
            if outcome in ("lost", "error", "refused"):
                self.stats.retry_lost += 1
                call.outcome = "lost"
                self.lost.append(call)
                return
            if call.kind == SIGNUP:
                taken = outcome == "rejected" and "SITE_ID_TAKEN" in call.text
                if (was_committed and not taken) or (not was_committed and outcome != "ok"):
                    problems.append(f"retry of signup {call.key} (committed={was_committed}): {call.status}")
                self.stats.retry_replays += was_committed
                self.stats.retry_fresh += not was_committed
            elif was_committed:
                self.stats.retry_replays += 1
                if not (outcome == "ok" and call.replayed):
                    problems.append(f"retry of committed {call.kind} {call.key} was not a replay: {call.status}")
            else:
                self.stats.retry_fresh += 1
                if call.replayed:
                    problems.append(f"retry of rolled-back {call.kind} {call.key} claims to be a replay")

        await asyncio.gather(*(retry(call) for call in pending))
        return problems

    async def resend_answered(self, client: httpx.AsyncClient, count: int) -> list[str]:
        """Send ``count`` already answered (2xx) calls again: each must replay the same bytes."""
        answered = [call for call in self.calls if call.outcome == "ok" and call.kind != SIGNUP]

        async def resend(call: Call) -> str | None:
            headers = {"Authorization": f"Bearer {call.actor.token}", "Idempotency-Key": call.key}
            response = await client.post(call.path, json=call.body, headers=headers)
            self.stats.sent += 1
            self.stats.resends += 1
            self.stats.responses[response.status_code] += 1
            same = response.content.decode("utf-8") == call.text
            if response.headers.get("Idempotent-Replayed") == "true" and same:
                return None
            return f"resent {call.kind} {call.key}: {response.status_code}, not a byte-identical replay"

        chosen = self.rng.sample(answered, min(count, len(answered)))
        return [p for p in await asyncio.gather(*(resend(call) for call in chosen)) if p]


def signup_body(site_id: str) -> dict[str, Any]:
    """A valid signup for ``site_id`` (the nickname derives from it)."""
    nickname = "크래시" + site_id.removeprefix("crash")
    return {"site_id": site_id, "nickname": nickname, "password": PASSWORD, "invite_code": INVITE_CODE}


async def login_staff(client: httpx.AsyncClient) -> Actor:
    """Log the demo admin in on the staff portal."""
    response = await client.post("/api/admin/auth/login", json={"site_id": ADMIN[0], "password": ADMIN[1]})
    response.raise_for_status()
    body = response.json()
    return Actor(body["user"]["id"], body["access_token"])


async def sign_up_players(client: httpx.AsyncClient, count: int) -> list[Actor]:
    """Sign ``count`` players up with the demo invite code (each gets the welcome gold)."""
    players = []
    for n in range(count):
        response = await client.post("/api/auth/signup", json=signup_body(f"crash{n:03d}"))
        if response.status_code != 201:
            raise AssertionError(f"signup failed: {response.status_code} {response.text}")
        data = response.json()
        players.append(Actor(data["user"]["id"], data["access_token"]))
    return players
