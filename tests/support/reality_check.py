"""Moving a player's reality check out of a browser test's way.

The E2E server counts a reality-check minute as 2 s (``REALITY_CHECK_MINUTE_SECONDS``, tests/e2e/conftest.py), so
the default check comes about 60 s into a play session and its dialog would cover a page that is not about it.
"""

from __future__ import annotations

from datetime import timedelta

from tests.support.env import environment


def postpone_reality_check(database_url: str, user_id: int) -> None:
    """Set the player's next reality check a day ahead. The play session (and the care row holding its check) is
    started by the player's first round, so call this after one; without a session it fails rather than doing
    nothing."""
    from casino_app.core import clock
    from casino_app.core.db import session_scope
    from casino_app.models.care import PlayerCare

    with environment(DATABASE_URL=database_url), session_scope() as db:
        row = db.get(PlayerCare, user_id)
        if row is None or row.reality_due_at is None:
            raise AssertionError(f"player {user_id} has no play session yet")
        row.reality_due_at = clock.now() + timedelta(days=1)
