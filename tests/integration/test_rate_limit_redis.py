"""The Redis rate limiter behaves exactly like the in-process one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casino_app.core import clock
from casino_app.services import rate_limit
from tests.support.env import environment

pytestmark = pytest.mark.redis


def test_redis_sliding_window(redis_url: str) -> None:
    frozen = clock.FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))
    with environment(REDIS_URL=redis_url), clock.use_clock(frozen):
        assert [rate_limit.hit("r", 2, 60).allowed for _ in range(3)] == [True, True, False]
        frozen.advance(timedelta(seconds=30))
        assert rate_limit.hit("r", 2, 60).retry_after == 30
        frozen.advance(timedelta(seconds=31))
        decision = rate_limit.hit("r", 2, 60)
        assert decision.allowed
        assert decision.remaining == 1
