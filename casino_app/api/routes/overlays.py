"""A player's choice to appear on streamers' OBS overlays: ``GET`` / ``PUT /api/users/me/stream-visibility``.

Off until the player turns it on: only players who chose to appear on overlays ever do (``services.overlays``).
"""

from __future__ import annotations

from fastapi import APIRouter

from casino_app.api.deps import Player
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.overlays import visibility

router = APIRouter(tags=["users"])


class StreamVisibilityIn(ApiModel):
    """Appear on streamers' overlays (``true``) or not (``false``)."""

    visible: bool


class StreamVisibilityOut(ResponseModel):
    """Whether the caller appears on streamers' overlays."""

    visible: bool


@router.get("/api/users/me/stream-visibility", responses=errors(401, 403))
def get_stream_visibility(user: Player) -> StreamVisibilityOut:
    """Whether the caller appears on streamers' OBS overlays (off by default)."""
    return StreamVisibilityOut(visible=visibility.is_visible(user.id))


@router.put("/api/users/me/stream-visibility", responses=errors(401, 403))
def set_stream_visibility(body: StreamVisibilityIn, user: Player) -> StreamVisibilityOut:
    """Appear on (or leave) every streamer's overlay, from their next refresh."""
    return StreamVisibilityOut(visible=visibility.set_visible(user.id, body.visible))
