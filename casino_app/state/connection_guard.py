"""A new websocket connection starts from a clean state: nothing a previous connection saw is replayed.

Reflex keys a tab's whole state tree by its client token and answers ``hydrate``
with all of it. A client token replayed from another connection (a closed tab's
token, copied) would therefore read what the last connection left: profile,
sessions, wallet, history. Before ``hydrate`` on a connection that has not
proved the session (``AuthState._bound_sid`` is another socket), every state is
reset to its defaults; the page's ``on_load`` handlers then load what this
connection's own cookie entitles it to.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.middleware import Middleware

from casino_app.state.auth import AuthState

HYDRATE_EVENTS = frozenset(f"{rx.State.get_full_name()}.{name}" for name in ("hydrate", "hydrate_and_load"))


class FreshConnectionMiddleware(Middleware):
    """Reset the state tree before hydrating a connection that is not the one bound to the session."""

    async def preprocess(self, app: Any, state: rx.State, event: Any) -> None:
        """Runs before Reflex's hydrate middleware; never answers the event itself."""
        if event.name not in HYDRATE_EVENTS:
            return
        auth = await state.get_state(AuthState)
        sid = state.router.session.session_id or ""
        if sid and auth._bound_sid == sid:
            return
        state.reset()
        auth._clear()
