"""The play routes' direct path (``api/routes/games/play.py``): a typical round is served without FastAPI's
dependency solving, and every request — typical or not — gets the same answer as the declared signature gives.

Equivalence is checked by sending each request twice, once as deployed and once with the direct path turned
off (every request through FastAPI's handler), and comparing status, error code, ``WWW-Authenticate`` and
``Idempotent-Replayed``.
"""

from __future__ import annotations

import uuid
from typing import Any

import fastapi.routing
import httpx
import pytest

from casino_app.api.routes.games import play
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client
from tests.support.crash_play import staff_token
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio
SPIN = "/api/games/slot/spin"


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts FastAPI's dependency solving for a whole request (the declared handler's)."""
    calls: list[int] = []
    real = fastapi.routing.solve_dependencies

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return await real(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", counted)
    return calls


async def test_a_typical_round_skips_dependency_solving_and_anything_else_does_not(solved: list[int]) -> None:
    pair = new_player()
    fund(pair.user.id, 10_000)
    auth = bearer(pair.access_token)
    async with api_client() as client:
        answer = await client.post(SPIN, headers={**auth, **_key()}, json={"bet_amount": 100})
        assert answer.status_code == 200, answer.text
        roulette = await client.post("/api/games/roulette/spin", headers={**auth, **_key()})  # no body needed
        assert roulette.status_code == 200, roulette.text
        assert solved == []
        declared = [  # each reaches the declared handler's dependency solving
            lambda: client.post(SPIN, headers=auth, json={"bet_amount": 100}),  # no key
            lambda: client.post(SPIN + "?x=1", headers={**auth, **_key()}, json={"bet_amount": 100}),  # a query
            lambda: client.post(
                SPIN, headers={**auth, **_key(), "Content-Type": "text/plain"}, content=b'{"bet_amount":100}'
            ),
            lambda: client.post(SPIN, headers={**auth, **_key()}, json={"bet_amount": "many"}),
        ]
        for count, send in enumerate(declared, start=1):
            await send()
            assert len(solved) == count


BODY = b'{"bet_amount":100}'


async def _tokens(client: httpx.AsyncClient) -> dict[str, str]:
    """A caller of each kind: a player, none, a forged token, staff, and a player who must change a reset password."""
    pair, reset = new_player(), new_player()
    _, operator = staff_token("operator")
    _, staff = staff_token("admin")
    answer = await client.post(
        f"/api/admin/players/{reset.user.id}/password-reset", json={"reason": "본인 요청"}, headers=bearer(operator)
    )
    assert answer.status_code == 200, answer.text
    login = await client.post(
        "/api/auth/login", json={"site_id": reset.user.site_id, "password": answer.json()["temporary_password"]}
    )
    return {
        "player": pair.access_token,
        "none": "",
        "forged": pair.access_token[:-3] + "abc",
        "staff": staff,
        "must_change": login.json()["access_token"],
    }


def _seen(answer: httpx.Response) -> tuple[int, str | None, str | None, str | None]:
    code = answer.json().get("error", {}).get("code") if answer.status_code != 200 else None
    return answer.status_code, code, answer.headers.get("www-authenticate"), answer.headers.get("idempotent-replayed")


@pytest.mark.parametrize(
    ("who", "headers", "body", "direct"),
    [
        ("player", {}, BODY, True),
        ("none", {}, BODY, True),
        ("forged", {}, BODY, True),
        ("staff", {}, BODY, True),
        ("must_change", {}, BODY, True),
        ("player", {}, b'{"bet_amount":7}', True),  # not on the table: the engine's 422
        ("player", {}, b'{"bet_amount":100000000}', True),  # more than the balance: 409
        ("player", {}, None, False),
        ("player", {}, b"[]", False),
        ("none", {}, b"{", False),
        ("none", {}, b"[" * 2000, False),  # deeper than the JSON parser goes
        ("player", {"Idempotency-Key": "short"}, BODY, False),
        ("player", {"Content-Type": "application/json; charset=utf-8"}, BODY, False),
    ],
)
async def test_the_direct_path_answers_as_the_declared_signature(
    monkeypatch: pytest.MonkeyPatch, who: str, headers: dict[str, str], body: bytes | None, direct: bool
) -> None:
    real = play._typical
    took: list[bool] = []

    async def watched(request: Any, game: Any) -> Any:
        typical = await real(request, game)
        took.append(typical is not None)
        return typical

    monkeypatch.setattr(play, "_typical", watched)
    answers = []
    async with api_client() as client:
        tokens = await _tokens(client)
        sent = {**({"Authorization": f"Bearer {tokens[who]}"} if tokens[who] else {}), **_key(), **headers}
        if body is not None:
            sent.setdefault("Content-Type", "application/json")
        for path in ("direct", "declared"):
            if path == "declared":

                async def declared_only(request: Any, game: Any) -> None:
                    return None

                monkeypatch.setattr(play, "_typical", declared_only)
                sent = {**sent, **({"Idempotency-Key": str(uuid.uuid4())} if "Idempotency-Key" not in headers else {})}
            first = await client.post(SPIN, headers=sent, content=body)
            again = await client.post(SPIN, headers=sent, content=body)  # the same key again: a replay or the same no
            answers.append((_seen(first), _seen(again)))
    assert took[:1] == [direct]
    assert answers[0] == answers[1]
