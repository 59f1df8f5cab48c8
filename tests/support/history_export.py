"""Helpers for the history-export tests: a client that streams as sent, and a player with many rounds."""

from __future__ import annotations

import uuid
import warnings
from typing import Any

import sqlalchemy as sa

from casino_app.api.app import create_api
from casino_app.core.db import get_engine
from tests.support.accounts import bearer, new_player
from tests.support.wallets import fund

EXPORT = "/api/me/export"


def streaming_client() -> Any:
    """Starlette's TestClient: unlike httpx's ASGI transport it hands over the body chunk by chunk, as sent.

    Its body stream has no buffer: the app's ``send`` of a chunk waits until the test reads it.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
        from starlette.testclient import TestClient
    return TestClient(create_api())


def many_rounds(user_id: int, count: int) -> None:
    """``count`` recorded rounds on the player's seed (one with a formula-like client seed)."""
    with get_engine().begin() as conn:
        seed_id, version = conn.execute(
            sa.text("SELECT seed_id, config_version FROM game_rounds WHERE user_id = :u LIMIT 1"), {"u": user_id}
        ).one()
        conn.execute(
            sa.text(
                "INSERT INTO game_rounds (user_id, game, config_version, seed_id, server_seed_hash, client_seed,"
                " nonce, bet, payout, outcome, request_key, created_at)"
                " SELECT :u, 'rps', :v, :s, repeat('a', 64), CASE WHEN i = 1 THEN '=HYPERLINK(\"x\")' ELSE 'c' END,"
                " 100000 + i, 100, CASE WHEN i % 3 = 0 THEN 190 ELSE 0 END,"
                " jsonb_build_object('player_move', 'ROCK', 'server_move', 'PAPER', 'outcome', 'LOSE'),"
                " 'bulk:' || :u || ':' || i, now() FROM generate_series(1, :n) AS i"
            ),
            {"u": user_id, "v": version, "s": seed_id, "n": count},
        )


def player_with_rounds(count: int) -> tuple[int, dict[str, str]]:
    """A player with one round played over the API and ``count`` more recorded: their id and auth headers."""
    pair = new_player()
    fund(pair.user.id, 1_000)
    with streaming_client() as client:
        played = client.post(
            "/api/games/rps/play",
            headers={**bearer(pair.access_token), "Idempotency-Key": str(uuid.uuid4())},
            json={"player_move": "ROCK", "bet_amount": 100},
        )
        assert played.status_code == 200, played.text
    many_rounds(pair.user.id, count)
    return pair.user.id, bearer(pair.access_token)
