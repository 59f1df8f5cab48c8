"""Odds-table helpers for tests: publish a version the way an operator would (economics live in the tables)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def publish(game: str, **changes: Any) -> int:
    """Publish a new version of ``game``'s active table with ``changes`` applied; returns the version."""
    from casino_app.services.games import configs
    from tests.support.accounts import new_staff

    raw = configs.active(game).config.model_dump(mode="json")
    return configs.add_version(game, {**raw, **changes}, actor_id=new_staff()).version


@contextmanager
def gacha_daily_limit(limit: int) -> Iterator[None]:
    """Every rank may pull ``limit`` times a day while the block runs (a published table version)."""
    from casino_app.services.games import configs

    before = configs.active("gacha").config.daily_limits
    publish("gacha", daily_limits=dict.fromkeys(before, limit))
    try:
        yield
    finally:
        publish("gacha", daily_limits=dict(before))
