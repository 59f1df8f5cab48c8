"""Whether a player appears on streamers' OBS overlays (``player_preferences.stream_visible``; off by default).

Only players who turned it on ever appear on an overlay; turning it off removes them from the next refresh.
Turning it on stamps ``stream_visible_since``: the overlays show only what happened from then on, so the
opt-in never reaches back to earlier wins (turning it off clears the stamp; on again starts afresh).
"""

from __future__ import annotations

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.services.overlays import data

_GET = sa.text("SELECT stream_visible FROM player_preferences WHERE user_id = :user_id")
# Turning it on while it is already on keeps the first stamp (a repeated request does not move it).
_SET = sa.text(
    """INSERT INTO player_preferences (user_id, stream_visible, stream_visible_since, updated_at)
    VALUES (:user_id, :visible, CASE WHEN :visible THEN CAST(:now AS timestamptz) END, :now)
    ON CONFLICT (user_id) DO UPDATE
    SET stream_visible = EXCLUDED.stream_visible,
        stream_visible_since = CASE WHEN player_preferences.stream_visible AND EXCLUDED.stream_visible
            THEN player_preferences.stream_visible_since ELSE EXCLUDED.stream_visible_since END,
        updated_at = EXCLUDED.updated_at"""
)


def is_visible(user_id: int) -> bool:
    """Whether the player chose to appear on streamers' overlays (hidden by default)."""
    with session_scope() as db:
        return bool(db.connection().execute(_GET, {"user_id": user_id}).scalar())


def set_visible(user_id: int, visible: bool) -> bool:
    """Show the player on (or hide them from) every overlay; returns the new setting. Overlays show only
    moments from when it was turned on."""
    with session_scope() as db:
        db.connection().execute(_SET, {"user_id": user_id, "visible": visible, "now": clock.now()})
    data.forget()
    return visible
