"""Server seeds are encrypted at rest (Fernet) until they are revealed by rotation."""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet

from casino_app.core import local_secret
from casino_app.settings import get_settings


@functools.cache
def _fernet() -> Fernet:
    settings = get_settings()
    if settings.seed_encryption_key is not None:
        return Fernet(settings.seed_encryption_key.get_secret_value().encode())
    path = settings.absolute(settings.data_dir) / "seed_encryption_key"
    return Fernet(local_secret.persisted(path, Fernet.generate_key))


def seal(seed: bytes) -> str:
    """Encrypt a server seed for storage."""
    return _fernet().encrypt(seed).decode("ascii")


def unseal(token: str) -> bytes:
    """Decrypt a stored server seed."""
    return _fernet().decrypt(token.encode("ascii"))


def reset_cache() -> None:
    """Forget the key (tests change settings)."""
    _fernet.cache_clear()
