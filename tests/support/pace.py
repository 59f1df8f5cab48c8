"""How much slower this machine runs than the ones the suite's waiting limits were set on.

The browser tests' and server start-ups' limits (a page load in 15 s, a server ready in 60 s) were set on machines
where a bare Python loop of a million additions takes 50–75 ms. Machines vary: one took about 400 ms, and on a CI
machine about as slow (its unit and integration stage took 2,003 s, against 432 s on a reference machine) page
loads under the E2E load ran past 15 s and a forked server past 60 s, though nothing was wrong. ``SLOWNESS``
is this machine's factor (1 on the reference machines, at most ``MAX_SLOWNESS``) and ``scaled`` stretches a limit
by it: how long a test waits for something that will happen, and the latency slack of the one test that checks
when something happens (the reality check's arrival), never a speed a test asserts. ``CC_TEST_SLOWNESS`` sets the
factor instead of measuring it. It is measured once, before the test workers start: a fast machine that other
work starves of CPU measures as fast.
"""

from __future__ import annotations

import os
import time

REFERENCE_SECONDS = 0.075  # the loop below on the machines the limits were set on (0.05–0.075 s)
MAX_SLOWNESS = 8.0


def _loop_seconds() -> float:
    """The best of three timings of a million-addition loop (the best: other processes only ever slow it)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


def _slowness() -> float:
    explicit = os.environ.get("CC_TEST_SLOWNESS")
    try:
        factor = float(explicit) if explicit else _loop_seconds() / REFERENCE_SECONDS
    except ValueError:
        raise SystemExit(f"CC_TEST_SLOWNESS={explicit!r}: give a number, e.g. 3") from None
    factor = max(1.0, min(MAX_SLOWNESS, factor))
    os.environ["CC_TEST_SLOWNESS"] = f"{factor:.2f}"  # measured once: subprocesses and workers inherit it
    return factor


SLOWNESS = _slowness()


def scaled(limit: float) -> float:
    """``limit`` (seconds, or a Playwright timeout in milliseconds) stretched by this machine's ``SLOWNESS``."""
    return limit * SLOWNESS
