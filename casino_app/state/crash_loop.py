"""The lifespan task that contends for the crash round loop in this backend process (``services.crash.loop``)."""

from __future__ import annotations

import asyncio
import threading

from casino_app.services.crash import loop


async def run_crash_loop() -> None:
    """Run the contender in a thread until the process stops (cancelling sets its stop flag)."""
    stop = threading.Event()
    try:
        await asyncio.to_thread(loop.run, stop)
    except asyncio.CancelledError:
        stop.set()
        raise
