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
from casino_app.state.reality import RealityState
from casino_app.state.wallet import WalletState

logger = logging.getLogger("casino_app.realtime")


def _local_tokens(app: rx.App) -> set[str]:
    """Tabs whose websocket is attached to this process."""
    namespace = app.event_namespace
    if namespace is None:
        return set()
    try:
        manager = namespace._token_manager
        own = manager.instance_id
        return {token for token, record in manager.token_to_socket.items() if record.instance_id == own}
    except AttributeError:  # Reflex internals moved: fall back to the public map of this process's sockets
        return set(namespace.sid_to_token.values())


async def _apply_to_tab(app: rx.App, token: str, event: realtime.Event) -> None:
    async with app.modify_state(rx.BaseStateToken(ident=token, cls=AuthState)) as root:
        auth = await root.get_state(AuthState)
        if event.user_id is not None and auth._user_id != event.user_id:
            await asyncio.to_thread(realtime.unregister_tab, event.user_id, token)
            return
        if event.type == "balance":
            (await root.get_state(WalletState))._apply_balance(
                auth._user_id, int(event.data["gold"]), int(event.data.get("version", 0))
            )
        elif event.type == "notification":
            (await root.get_state(NotificationState))._push(event.data)
            if event.data.get("kind") == "level_up":
                await auth._current_user()
        elif event.type == "feed":
            (await root.get_state(FeedState))._push(event.data)
        elif event.type == "care":
            (await root.get_state(RealityState))._apply_care(event.data)
        else:
            logger.debug("no handler for realtime event", extra={"event_type": event.type})


TAB_TIMEOUT_SECONDS = 15.0  # longer than any handler holds a tab's state lock
PARALLEL_TABS = 32


async def deliver(app: rx.App, event: realtime.Event) -> int:
    """Apply one event to every matching tab connected here; return how many tabs were updated.

    Tabs are updated concurrently, each with a time limit, so one slow or
    locked tab state cannot hold up everyone else's events.
    """
    local = _local_tokens(app)
    if event.user_id is not None:
        tokens = [t for t in await asyncio.to_thread(realtime.tabs_of, event.user_id) if t in local]
    else:
        tokens = sorted(local)
    limit = asyncio.Semaphore(PARALLEL_TABS)

    async def one(token: str) -> bool:
        async with limit:
            try:
                await asyncio.wait_for(_apply_to_tab(app, token, event), TAB_TIMEOUT_SECONDS)
            except Exception:
                logger.exception("could not apply a realtime event", extra={"event_type": event.type})
                return False
            return True

    return sum(await asyncio.gather(*(one(token) for token in tokens)))


async def run_delivery(app: rx.App) -> None:
    """Lifespan task: subscribe forever (reconnecting with backoff) and deliver every event."""
    backoff = 0.5
    while True:
        try:
            async for event in realtime.subscribe():
                backoff = 0.5
                try:
                    await deliver(app, event)
                except Exception:  # e.g. the tab registry is unreachable: lose this event, keep the stream
                    logger.exception("could not deliver a realtime event", extra={"event_type": event.type})
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("realtime subscription failed; retrying")
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 10.0)
