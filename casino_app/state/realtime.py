"""Delivery of realtime events into the Reflex state of connected tabs (one loop per backend process).

Each process subscribes to the realtime service. For a player event it looks up
that player's registered tabs, keeps only the ones connected to *this* process,
and applies the event with ``app.modify_state`` so the delta reaches the tab
over its websocket. A tab whose session now belongs to someone else is dropped
from the registry instead of being updated.
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from casino_app.services import realtime
from casino_app.state.auth import AuthState
from casino_app.state.feed import FeedState
from casino_app.state.notifications import NotificationState
from casino_app.state.wallet import WalletState

logger = logging.getLogger("casino_app.realtime")


def _local_tokens(app: rx.App) -> set[str] | None:
    """Tabs whose websocket is attached to this process (``None`` when it cannot be told)."""
    try:
        manager = app.event_namespace._token_manager  # type: ignore[union-attr]
        own = manager.instance_id
        return {token for token, record in manager.token_to_socket.items() if record.instance_id == own}
    except AttributeError:
        return None


async def _apply_to_tab(app: rx.App, token: str, event: realtime.Event) -> None:
    async with app.modify_state(rx.BaseStateToken(ident=token, cls=AuthState)) as root:
        auth = await root.get_state(AuthState)
        if event.user_id is not None and auth._user_id != event.user_id:
            await asyncio.to_thread(realtime.unregister_tab, event.user_id, token)
            return
        if event.type == "balance":
            (await root.get_state(WalletState)).apply_balance(int(event.data["gold"]))
        elif event.type == "notification":
            (await root.get_state(NotificationState)).push(event.data)
            if event.data.get("kind") == "level_up":
                await auth.current_user()
        elif event.type == "feed":
            (await root.get_state(FeedState)).push(event.data)
        else:
            logger.debug("no handler for realtime event", extra={"event_type": event.type})


async def deliver(app: rx.App, event: realtime.Event) -> int:
    """Apply one event to every matching tab connected here; return how many tabs were updated."""
    local = _local_tokens(app)
    if event.user_id is not None:
        tokens = await asyncio.to_thread(realtime.tabs_of, event.user_id)
    else:
        tokens = sorted(local or ())
    delivered = 0
    for token in tokens:
        if local is not None and token not in local:
            continue
        try:
            await _apply_to_tab(app, token, event)
            delivered += 1
        except Exception:
            logger.exception("could not apply a realtime event", extra={"event_type": event.type})
    return delivered


async def run_delivery(app: rx.App) -> None:
    """Lifespan task: subscribe forever (reconnecting with backoff) and deliver every event."""
    backoff = 0.5
    while True:
        try:
            async for event in realtime.subscribe():
                backoff = 0.5
                await deliver(app, event)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("realtime subscription failed; retrying")
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10.0)
