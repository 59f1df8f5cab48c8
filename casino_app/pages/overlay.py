"""``/overlay/feed``, ``/overlay/bigwins``, ``/overlay/leaderboard``: OBS browser sources for streamers.

No shell, header or tab bar; no login: the address carries a token staff issued (``?token=…``, and
``&lang=en`` for English). The token is checked on the server at load and at every refresh.
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.overlay_view import overlay_stage
from casino_app.services.overlays import Kind
from casino_app.state.overlay import OverlayState
from casino_app.state.ui import tr


def register(app: rx.App) -> None:
    """Add one page per overlay kind (all the same stage; the path names the kind)."""
    for kind in Kind:
        app.add_page(
            overlay_stage,
            route=f"/overlay/{kind.value}",
            title=tr("page.overlay_title"),
            on_load=OverlayState.load,
        )
