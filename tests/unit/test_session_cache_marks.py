"""``session_cache._mark``: a pipeline handed over as one text is judged statement by statement."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from casino_app.core.db import STATEMENT_SEPARATOR
from casino_app.services.accounts import session_cache

RELEVANT = [
    "UPDATE auth_sessions SET (revoked_at) = ROW(now())",  # no column the parser recognises: counts as a change
    "UPDATE users SET is_active = false WHERE id = %(id)s",
    "INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (%(jti)s, %(at)s)",
    "DELETE FROM auth_sessions WHERE user_id = %(id)s",
]
HARMLESS = [
    "UPDATE users SET xp = xp + %(amount)s WHERE id = %(user_id)s RETURNING xp, level",
    "SELECT x = 1 FROM t",
    "INSERT INTO player_action_counts (user_id, action, game, total) VALUES (1, 'a', '', 1)",
]


def _marked(text: str) -> bool:
    conn: Any = SimpleNamespace(info={})
    session_cache._mark(conn, None, text, None, None, False)
    return bool(conn.info.get(session_cache._DIRTY))


@pytest.mark.parametrize("relevant", RELEVANT)
def test_a_relevant_statement_marks_the_transaction_wherever_it_stands_in_a_pipeline(relevant: str) -> None:
    assert _marked(relevant)
    for position in range(len(HARMLESS) + 1):
        joined = [*HARMLESS[:position], relevant, *HARMLESS[position:]]
        assert _marked(STATEMENT_SEPARATOR.join(joined)), joined


def test_harmless_statements_mark_nothing_alone_or_joined() -> None:
    assert not any(_marked(text) for text in HARMLESS)
    assert not _marked(STATEMENT_SEPARATOR.join(HARMLESS))
