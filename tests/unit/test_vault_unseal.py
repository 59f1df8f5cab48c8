"""``vault.unseal`` remembers what it decrypted, and forgets it together with the key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken

from casino_app.services.fairness import vault
from tests.support.env import environment


def test_a_seed_is_decrypted_once_per_process_and_a_dropped_key_opens_nothing_afterwards() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with environment(SEED_ENCRYPTION_KEY=old):
        token = vault.seal(b"server seed")
        assert vault.unseal(token) == b"server seed"
        before = vault.unseal.cache_info()
        assert vault.unseal(token) == b"server seed"
        after = vault.unseal.cache_info()
        assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    with environment(SEED_ENCRYPTION_KEY=new), pytest.raises(InvalidToken):
        vault.unseal(token)  # the answer remembered under the old key went with it
