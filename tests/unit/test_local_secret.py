"""Development secrets: created once, atomically, and shared by processes that start together."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from casino_app.core import local_secret


def test_concurrent_first_use_agrees_on_one_complete_secret(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "jwt_secret"

    def start(_: int) -> bytes:
        return local_secret.persisted(path, lambda: secrets.token_hex(32).encode())

    with ThreadPoolExecutor(max_workers=16) as pool:
        seen = set(pool.map(start, range(64)))
    assert len(seen) == 1
    assert len(seen.pop()) == 64
    assert sorted(p.name for p in path.parent.iterdir()) == ["jwt_secret"]  # no temporary files left
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_existing_secret_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "seed_encryption_key"
    path.write_bytes(b"kept\n")
    assert local_secret.persisted(path, lambda: b"new") == b"kept"
