"""Helpers shared by the player-care integration tests."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from casino_app.core.db import get_engine
from tests.support.accounts import PASSWORD, bearer, new_staff


def count_rows(sql: str, **params: object) -> int:
    """The single number a ``SELECT count(*) …`` returns."""
    with get_engine().connect() as conn:
        return int(conn.execute(sa.text(sql), params).scalar_one())


async def staff_headers(client: Any) -> dict[str, str]:
    """Log a fresh admin in through the staff login and return its Authorization header."""
    new_staff("admin", site_id="opsh2care")
    response = await client.post("/api/admin/auth/login", json={"site_id": "opsh2care", "password": PASSWORD})
    return bearer(response.json()["access_token"])
