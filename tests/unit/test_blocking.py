"""``api.blocking.run_blocking``: the hot routes' thread hop (result, error, context, cancellation)."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

import pytest

from casino_app.api.blocking import run_blocking

_WHO: contextvars.ContextVar[str] = contextvars.ContextVar("who", default="nobody")


def test_the_work_runs_on_another_thread_and_its_result_comes_back() -> None:
    async def main() -> tuple[int, int]:
        return threading.get_ident(), await run_blocking(lambda: threading.get_ident())

    caller, worker = asyncio.run(main())
    assert worker != caller


def test_an_error_in_the_thread_is_raised_to_the_caller() -> None:
    def fail(code: str) -> None:
        raise LookupError(code)

    with pytest.raises(LookupError, match="GAME_UNKNOWN"):
        asyncio.run(run_blocking(fail, "GAME_UNKNOWN"))


def test_the_thread_sees_the_caller_s_context_and_cannot_change_it() -> None:
    def swap() -> str:
        seen = _WHO.get()
        _WHO.set("thread")
        return seen

    async def main() -> tuple[str, str]:
        _WHO.set("player-7")
        seen = await run_blocking(swap)
        return seen, _WHO.get()

    assert asyncio.run(main()) == ("player-7", "player-7")


@pytest.mark.parametrize("cancels", [1, 2])  # twice: as an anyio cancel scope does, every turn until the task ends
def test_a_cancelled_caller_waits_for_the_thread_s_work_to_end(cancels: int) -> None:
    finished = threading.Event()

    def work() -> None:
        time.sleep(0.3)
        finished.set()

    async def main() -> bool:
        task = asyncio.create_task(run_blocking(work))
        for _ in range(cancels):
            await asyncio.sleep(0.05)  # the work has started; then the caller is waiting for it
            task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return finished.is_set()

    assert asyncio.run(main()) is True  # the cancellation reached the caller only once the work was done
