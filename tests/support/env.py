"""Helpers to change settings inside a test and reset every cache that depends on them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


def reset_app_caches() -> None:
    """Forget cached settings, engines and clients so the next use re-reads the environment."""
    from casino_app.core import db
    from casino_app.core.redis_client import get_redis
    from casino_app.services import rate_limit
    from casino_app.services.accounts import passwords, tokens
    from casino_app.services.fairness import vault
    from casino_app.settings import get_settings

    get_settings.cache_clear()
    get_redis.cache_clear()
    passwords.reset_cache()
    tokens.signing_key.cache_clear()
    vault.reset_cache()
    from casino_app.services.games import configs

    configs.forget_active()
    rate_limit.reset_memory()
    db.reset_engine()


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Temporarily set (or with ``None`` unset) environment variables, resetting app caches."""
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_app_caches()
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_app_caches()
