"""Server seeds are encrypted at rest (Fernet) until they are revealed by rotation.

``SEED_ENCRYPTION_KEY`` may list several keys, comma-separated: the first
encrypts, all of them decrypt (``MultiFernet``). To rotate, put a new key first,
keep the old one after it until ``python -m casino_app.cli reseal-seeds`` has
re-encrypted every sealed seed, then drop it.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, MultiFernet

from casino_app.core import local_secret
from casino_app.settings import fernet_keys, get_settings


@functools.cache
def _fernet() -> MultiFernet:
    settings = get_settings()
    if settings.seed_encryption_key is not None:
        return MultiFernet(
            [Fernet(key.encode()) for key in fernet_keys(settings.seed_encryption_key.get_secret_value())]
        )
    path = settings.absolute(settings.data_dir) / "seed_encryption_key"
    return MultiFernet([Fernet(local_secret.persisted(path, Fernet.generate_key))])


def seal(seed: bytes) -> str:
    """Encrypt a server seed for storage."""
    return _fernet().encrypt(seed).decode("ascii")


UNSEALED_KEPT = 4096


@functools.lru_cache(maxsize=UNSEALED_KEPT)
def unseal(token: str) -> bytes:
    """Decrypt a stored server seed.

    Each process remembers the last ``UNSEALED_KEPT`` answers: a player's active seed is decrypted once, not
    for every round (a Fernet decryption cost more CPU than the rest of the round's fairness work, mostly
    OpenSSL looking its algorithms up). The plaintext stays inside the process that holds the key anyway.
    """
    return _fernet().decrypt(token.encode("ascii"))


def reseal(token: str) -> str:
    """Re-encrypt a sealed seed under the first (newest) key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def reset_cache() -> None:
    """Forget the key and what it decrypted (tests change settings)."""
    _fernet.cache_clear()
    unseal.cache_clear()
