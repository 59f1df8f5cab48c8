"""Whether a player appears on streamers' OBS overlays (``player_preferences.stream_visible``; off by default).

Only players who turned it on ever appear on an overlay; turning it off removes them from the next refresh.
"""

from __future__ import annotations

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.services.overlays import data

_GET = sa.text("SELECT stream_visible FROM player_preferences WHERE user_id = :user_id")
_SET = sa.text(
    """INSERT INTO player_preferences (user_id, stream_visible, updated_at) VALUES (:user_id, :visible, :now)
    ON CONFLICT (user_id) DO UPDATE
    SET stream_visible = EXCLUDED.stream_visible, updated_at = EXCLUDED.updated_at"""
)


def is_visible(user_id: int) -> bool:
    """Whether the player chose to appear on streamers' overlays (hidden by default)."""
    with session_scope() as db:
        return bool(db.connection().execute(_GET, {"user_id": user_id}).scalar())


def set_visible(user_id: int, visible: bool) -> bool:
    """Show the player on (or hide them from) every overlay; returns the new setting."""
    with session_scope() as db:
        db.connection().execute(_SET, {"user_id": user_id, "visible": visible, "now": clock.now()})
    data.forget()
    return visible
