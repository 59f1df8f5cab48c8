"""SEED_ENCRYPTION_KEY can be rotated: the newest key seals, older keys still open, reseal moves everything over."""

from __future__ import annotations

import hashlib

from cryptography.fernet import Fernet
from sqlmodel import select

from casino_app.core.db import session_scope
from casino_app.models.games import FairnessSeed
from casino_app.services.fairness import seeds
from tests.support.accounts import new_player
from tests.support.env import environment


def test_a_new_key_first_keeps_old_seeds_readable_and_reseal_retires_the_old_key() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with environment(SEED_ENCRYPTION_KEY=old):
        player = new_player().user.id
        committed = seeds.view(player).server_seed_hash
    with environment(SEED_ENCRYPTION_KEY=f"{new},{old}"):
        assert seeds.reseal_all() >= 1
    with environment(SEED_ENCRYPTION_KEY=new):  # the old key is gone: every sealed seed must still open
        revealed = seeds.rotate(player)
    assert hashlib.sha256(bytes.fromhex(revealed.revealed_server_seed)).hexdigest() == committed
    with session_scope() as db:
        sealed = db.exec(select(FairnessSeed.server_seed_encrypted).where(FairnessSeed.user_id == player)).all()
    for token in sealed:  # everything sealed now opens with the new key alone
        Fernet(new.encode()).decrypt(token.encode())
