"""The console's live monitor: players online and the last 200 game rounds, read on every 2 seconds (staff only).

How new rounds reach the page: its ticker calls ``tick`` every ``TICK_MS``; the handler re-checks the staff
member and reads the rounds above what the tab has (``monitor.recent_events(after_id=…)``, one range read of
the primary key joined to the players). Only tabs showing the monitor tick, so only they are updated, and a tab
that closes or leaves the page simply stops. Chosen over a realtime publish per round because it costs the round
path nothing (no publish in the engine or the crash settlement), cannot lose an event (pub/sub delivers at most
once; this reads the committed table), and works the same with one embedded process or many workers behind Redis.

A round can commit after one with a higher id (ids are taken when its transaction starts); each read therefore
goes back to the highest id the tab knew ``LOOKBACK_SECONDS`` earlier, and rows are merged by id, so a late one
still shows up.
"""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from casino_app.core import clock
from casino_app.services import monitor
from casino_app.state.admin_editing import console_user

TICK_MS = 2000
ONLINE_EVERY = 5  # ticks between two counts of the players online (every 10 seconds)
LOOKBACK_SECONDS = 10.0
MAX_EVENTS = monitor.MAX_EVENTS


def event_row(event: monitor.MonitorEvent) -> dict[str, str]:
    """A round as the stream shows it (KST time, formatted gold, ``result`` win / even / loss)."""
    net = event.payout - event.bet
    return {
        "id": str(event.id),
        "at": clock.kst_text(event.created_at),
        "user_id": str(event.user_id),
        "nickname": event.nickname,
        "game": event.game,
        "summary": event.summary,
        "bet": f"{event.bet:,}",
        "payout": f"{event.payout:,}",
        "net": f"{net:+,}",
        "result": "win" if event.win else ("even" if net == 0 else "loss"),
    }


def merge_rows(shown: list[dict[str, str]], fresh: list[dict[str, str]], cap: int = MAX_EVENTS) -> list[dict[str, str]]:
    """``shown`` and ``fresh`` rows by id (a fresh row replaces a shown one), newest first, at most ``cap``."""
    by_id = {int(row["id"]): row for row in shown}
    by_id.update({int(row["id"]): row for row in fresh})
    return [by_id[key] for key in sorted(by_id, reverse=True)[:cap]]


def floor_of(marks: list[tuple[float, int]], now: float) -> int:
    """The highest id the tab knew ``LOOKBACK_SECONDS`` before ``now`` (0 when it knew nothing that long ago)."""
    old = [top for at, top in marks if at <= now - LOOKBACK_SECONDS]
    return max(old, default=0)


def waiting_text(count: int) -> str:
    """How many new rounds wait while the stream is paused ("200+" past the cap)."""
    return f"{MAX_EVENTS}+" if count > MAX_EVENTS else f"{count:,}"


class AdminMonitorState(rx.State):
    """Players online and the stream of rounds, newest first (support and up, checked per call)."""

    online: str = "0"
    events: list[dict[str, str]] = []
    paused: bool = False
    waiting: str = ""  # while paused: how many newer rounds are not shown
    error: dict[str, str] = {}
    _top: int = 0  # the highest round id shown
    _marks: list[tuple[float, int]] = []  # (wall time, _top then) of recent reads
    _ticks: int = 0

    async def _staff(self) -> bool:
        staff, error = await console_user(self, "support")
        if error != self.error:  # the ticker calls every 2 s: send nothing that did not change
            self.error = error
        return staff is not None

    async def _count_online(self) -> None:
        self.online = f"{await asyncio.to_thread(monitor.online_players):,}"

    async def _read_on(self) -> None:
        """Merge the rounds above the look-back floor into the stream."""
        now = time.time()
        floor = floor_of(self._marks, now)
        fresh = await asyncio.to_thread(monitor.recent_events, MAX_EVENTS, after_id=floor or None)
        merged = merge_rows(self.events, [event_row(e) for e in fresh])
        if merged != self.events:
            self.events = merged
        self._top = max([self._top, *(e.id for e in fresh)])
        self._marks = [(at, top) for at, top in self._marks if at > now - 2 * LOOKBACK_SECONDS]
        self._marks.append((now, self._top))

    def _reset(self) -> None:
        self.events, self.paused, self.waiting, self.online = [], False, "", "0"
        self._top, self._marks, self._ticks = 0, [], 0

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The last 200 rounds and the players online (staff only)."""
        self._reset()
        if not await self._staff():
            return rx.redirect("/admin/login")
        await self._read_on()
        await self._count_online()
        return None

    @rx.event
    async def tick(self) -> rx.event.EventSpec | None:
        """The page's ticker: new rounds (or, while paused, how many wait) and now and then the online count."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        self._ticks += 1
        if self.paused:
            self.waiting = waiting_text(await asyncio.to_thread(monitor.count_after, self._top, MAX_EVENTS))
        else:
            await self._read_on()
        if self._ticks % ONLINE_EVERY == 0:
            await self._count_online()
        return None

    @rx.event
    async def pause(self) -> rx.event.EventSpec | None:
        """Freeze the list for reading (the online count keeps updating)."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        self.paused, self.waiting = True, "0"
        return None

    @rx.event
    async def resume(self) -> rx.event.EventSpec | None:
        """Unfreeze: read the latest rounds at once."""
        if not await self._staff():
            return rx.redirect("/admin/login")
        self.paused, self.waiting = False, ""
        await self._read_on()
        await self._count_online()
        return None
