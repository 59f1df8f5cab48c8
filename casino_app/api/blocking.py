"""Blocking work of the hottest routes on threads of their own, without anyio's per-call machinery.

``starlette.concurrency.run_in_threadpool`` goes through anyio: a capacity limiter, a cancel scope, a root-task
lookup and a worker hand-off, about a thousand Python bytecodes a call (measured on a slot round, ~3 % of its
API CPU). ``run_blocking`` keeps what matters of it — the caller's context variables (request id, user id, the
session cache's caller) are visible in the thread, and a cancelled request still waits for its thread's work to
end, so a round's transaction never outlives the request that started it unseen — and drops the rest.

Threads: as many as this process may hold database connections (the pool plus its overflow), since every call
here holds one; more rounds than that wait in the executor's queue, in arrival order. The pool itself is shared
with anyio's threads (other routes) and Reflex's, which may hold connections too.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import ParamSpec, TypeVar

from casino_app.settings import get_settings

P = ParamSpec("P")
T = TypeVar("T")


@cache
def _executor() -> ThreadPoolExecutor:
    settings = get_settings()
    return ThreadPoolExecutor(settings.db_pool_size + settings.db_max_overflow, thread_name_prefix="blocking")


os.register_at_fork(after_in_child=_executor.cache_clear)  # a child has none of its parent's threads


async def run_blocking(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``func(*args, **kwargs)`` on a worker thread, in a copy of the caller's context; its result or error."""
    context = contextvars.copy_context()
    done = asyncio.wrap_future(_executor().submit(context.run, func, *args, **kwargs))
    try:
        return await asyncio.shield(done)
    except asyncio.CancelledError:
        while not done.done():  # the thread's work runs to its end first, however often the caller is cancelled
            try:
                await asyncio.wait((done,))
            except asyncio.CancelledError:
                continue
        raise
