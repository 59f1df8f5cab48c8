"""Delivery of realtime events into the Reflex state of connected tabs (one loop per backend process).

Each process subscribes to the realtime service. For a player event it looks up
that player's registered tabs, keeps only the ones connected to *this* process,
and applies the event with ``app.modify_state`` so the delta reaches the tab
over its websocket. A tab whose session now belongs to someone else is dropped
from the registry instead of being updated.

The crash round's events (a full snapshot ``crash`` at least every second, a ``crash_tick`` about ten times
a second in flight) go only to the tabs watching the crash page (``crash_watch``), never to every tab; a tab
whose router has left the page, or whose socket is no longer here, stops receiving them.
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from casino_app.services import realtime
from casino_app.services.messaging import center
from casino_app.state import crash_watch, notification_center
from casino_app.state.auth import AuthState
from casino_app.state.crash import CrashState
from casino_app.state.feed import FeedState
from casino_app.state.notification_center import NotificationCenterState
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
            if notification_center.on_page(root.router.url.path):
                (await root.get_state(NotificationCenterState))._prepend(event.data)
            if event.data.get("kind") == "level_up":
                await auth._current_user()
        elif event.type == center.READ_EVENT:
            (await root.get_state(NotificationState))._apply_read(event.data)
            if notification_center.on_page(root.router.url.path):
                (await root.get_state(NotificationCenterState))._apply_read(event.data)
        elif event.type == "feed":
            (await root.get_state(FeedState))._push(event.data)
        elif event.type == "care":
            (await root.get_state(RealityState))._apply_care(event.data)
        else:
            logger.debug("no handler for realtime event", extra={"event_type": event.type})


async def _apply_crash(app: rx.App, token: str, event: realtime.Event) -> None:
    async with app.modify_state(rx.BaseStateToken(ident=token, cls=CrashState)) as root:
        if not crash_watch.on_page(root.router.url.path):
            crash_watch.drop(token)  # the tab moved on to another page
            return
        crash = await root.get_state(CrashState)
        if event.type == "crash":
            await crash._apply_snapshot(event.data)
        else:
            crash._apply_tick(event.data)


TAB_TIMEOUT_SECONDS = 15.0  # longer than any handler holds a tab's state lock
TICK_TIMEOUT_SECONDS = 1.0  # a tick not applied by then is stale anyway (the next one is 100 ms away)
PARALLEL_TABS = 32
CRASH_EVENTS = frozenset({"crash", "crash_tick"})


async def deliver(app: rx.App, event: realtime.Event) -> int:
    """Apply one event to every matching tab connected here; return how many tabs were updated.

    Tabs are updated concurrently, each with a time limit, so one slow or
    locked tab state cannot hold up everyone else's events.
    """
    local = _local_tokens(app)
    crash = event.type in CRASH_EVENTS and event.user_id is None
    if crash:
        tokens = crash_watch.watching(local)
    elif event.user_id is not None:
        tokens = [t for t in await asyncio.to_thread(realtime.tabs_of, event.user_id) if t in local]
    else:
        tokens = sorted(local)
    limit = asyncio.Semaphore(PARALLEL_TABS)
    apply = _apply_crash if crash else _apply_to_tab
    timeout = TICK_TIMEOUT_SECONDS if event.type == "crash_tick" else TAB_TIMEOUT_SECONDS

    async def one(token: str) -> bool:
        async with limit:
            try:
                await asyncio.wait_for(apply(app, token, event), timeout)
            except TimeoutError:
                if not crash:
                    logger.exception("could not apply a realtime event", extra={"event_type": event.type})
                return False
            except Exception:
                logger.exception("could not apply a realtime event", extra={"event_type": event.type})
                return False
            return True

    return sum(await asyncio.gather(*(one(token) for token in tokens)))


class CrashLane:
    """Crash events on a lane of their own: only the newest snapshot and the newest tick wait to be delivered.

    A crash tab that is slow to update delays only this lane (and a late tick is replaced by the next one), never
    the balances, notifications and feed of the main stream.
    """

    def __init__(self) -> None:
        self._waiting: dict[str, realtime.Event] = {}
        self._ready = asyncio.Event()

    def put(self, event: realtime.Event) -> None:
        """Keep ``event``, replacing an undelivered one of its type."""
        self._waiting[event.type] = event
        self._ready.set()

    async def run(self, app: rx.App) -> None:
        """Deliver what waits, snapshot first, forever."""
        while True:
            await self._ready.wait()
            self._ready.clear()
            for kind in ("crash", "crash_tick"):
                event = self._waiting.pop(kind, None)
                if event is None:
                    continue
                try:
                    await deliver(app, event)
                except Exception:
                    logger.exception("could not deliver a crash event", extra={"event_type": kind})


async def refresh_presence(app: rx.App) -> None:
    """Every ``PRESENCE_REFRESH_SECONDS``, re-mark the players whose tab websockets this process holds.

    Also sets ``cc_realtime_open_tabs`` (this process's share; the metric sums the workers).
    """
    while True:
        await asyncio.sleep(realtime.PRESENCE_REFRESH_SECONDS)
        try:
            local = _local_tokens(app)
            realtime.report_open_tabs(len(local))
            owners = realtime.local_owners()
            present = {user_id for token, user_id in owners.items() if token in local}
            realtime.forget_owners({token for token in owners if token not in local})  # closed or moved tabs
            await asyncio.to_thread(realtime.mark_present, present)
        except Exception:  # Redis away for a moment: the marks lapse, pushes go out; try again next time
            logger.exception("could not refresh tab presence")


async def run_delivery(app: rx.App) -> None:
    """Lifespan task: subscribe forever (reconnecting with backoff) and deliver every event."""
    backoff = 0.5
    lane = CrashLane()
    lane_task = asyncio.create_task(lane.run(app))
    presence_task = asyncio.create_task(refresh_presence(app))
    try:
        while True:
            try:
                async for event in realtime.subscribe():
                    backoff = 0.5
                    if event.type in CRASH_EVENTS and event.user_id is None:
                        lane.put(event)
                        continue
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
    finally:
        lane_task.cancel()
        presence_task.cancel()
