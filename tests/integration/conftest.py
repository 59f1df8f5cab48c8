"""Integration tests run against the real test PostgreSQL (and Redis where marked)."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _fresh_tables(clean_db: str) -> None:
    """Every integration test starts from empty tables."""
