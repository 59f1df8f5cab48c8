"""A player verifying one of their own rounds: the first verification of each round counts as an action."""

from __future__ import annotations

from casino_app.core import clock
from casino_app.core.db import Sql, run, session_scope
from casino_app.services import actions

_MARK = """
    UPDATE game_rounds SET verified_at = %(now)s
    WHERE user_id = %(user_id)s AND game = %(game)s AND server_seed_hash = %(hash)s
      AND client_seed = %(client_seed)s AND nonce = %(nonce)s AND verified_at IS NULL
    RETURNING id
"""


def mark(user_id: int, game: str, server_seed_hash: str, client_seed: str, nonce: int) -> bool:
    """Record that ``user_id`` recomputed their own round from its revealed seed; ``True`` the first time.

    ``server_seed_hash`` must be the hash of the seed the player supplied (so
    the seed really was the one committed for the round); verifying someone
    else's round, an unknown one or the same round again counts nothing.
    """
    with session_scope() as db:
        params = {"now": clock.now(), "user_id": user_id, "game": game, "hash": server_seed_hash}
        marked = Sql(_MARK, {**params, "client_seed": client_seed, "nonce": nonce})
        run(db, marked)
        if not marked.rows:
            return False
        actions.record(db, actions.Action(user_id, actions.Kind.ROUND_VERIFIED, game=game))
        return True
