"""Test helpers for the OLAP store (this process's chdb folder, see tests/conftest.py)."""

from __future__ import annotations

from typing import Any

from casino_app.services.olap import client


def truncate_if_open() -> None:
    """Empty every OLAP table (not the schema record) when this process has opened the store.

    Outbox ids restart with the PostgreSQL truncation between tests, and the sink skips ids it holds.
    """
    if client._client is None:  # never opened here: nothing to empty, and no reason to load the engine
        return
    tables = client.query(
        "SELECT name FROM system.tables WHERE database = currentDatabase() "
        "AND engine != 'MaterializedView' AND name != 'schema_versions'"
    )
    for (name,) in tables:
        client.command(f"TRUNCATE TABLE {name}")


def rows(sql: str, **parameters: Any) -> list[tuple[Any, ...]]:
    """Rows of an OLAP query."""
    return client.query(sql, parameters)


def count(table: str) -> int:
    """Rows in an OLAP table."""
    return int(client.command(f"SELECT count() FROM {table}"))
