"""Server seeds are encrypted at rest (Fernet) until they are revealed by rotation."""

from __future__ import annotations

import functools
import os

from cryptography.fernet import Fernet

from casino_app.settings import get_settings


@functools.cache
def _fernet() -> Fernet:
    settings = get_settings()
    if settings.seed_encryption_key is not None:
        return Fernet(settings.seed_encryption_key.get_secret_value().encode())
    path = settings.absolute(settings.data_dir) / "seed_encryption_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return Fernet(path.read_bytes().strip())
    key = Fernet.generate_key()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return Fernet(key)


def seal(seed: bytes) -> str:
    """Encrypt a server seed for storage."""
    return _fernet().encrypt(seed).decode("ascii")


def unseal(token: str) -> bytes:
    """Decrypt a stored server seed."""
    return _fernet().decrypt(token.encode("ascii"))


def reset_cache() -> None:
    """Forget the key (tests change settings)."""
    _fernet.cache_clear()
