"""Password hashing with argon2id via passlib (the maintained ``libpass`` distribution)."""

from __future__ import annotations

import functools

from passlib.context import CryptContext

from casino_app.settings import get_settings


@functools.cache
def _context() -> CryptContext:
    settings = get_settings()
    return CryptContext(
        schemes=["argon2"],
        argon2__type="ID",
        argon2__time_cost=settings.argon2_time_cost,
        argon2__memory_cost=settings.argon2_memory_kib,
        argon2__parallelism=settings.argon2_parallelism,
    )


@functools.cache
def _dummy_hash() -> str:
    return _context().hash("timing-equaliser-not-a-password")


def hash_password(password: str) -> str:
    """argon2id hash of an already-normalised password."""
    return _context().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-cost check; with no hash (unknown user) a dummy hash is checked so timing does not leak."""
    if password_hash is None:
        _context().verify(password, _dummy_hash())
        return False
    return _context().verify(password, password_hash)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than the current settings."""
    return _context().needs_update(password_hash)


def reset_cache() -> None:
    """Forget the hashing context (settings changed in tests)."""
    _context.cache_clear()
    _dummy_hash.cache_clear()
