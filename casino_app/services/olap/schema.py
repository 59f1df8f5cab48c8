"""The OLAP schema under version control: ``sql/NNNN_name.sql`` files applied once each, in order.

Each applied file is recorded in ``schema_versions``; statements are idempotent (``IF NOT EXISTS``), so a
file interrupted half-way is simply applied again. ``{tz}`` in a file is the business time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clickhouse_connect.driver.client import Client

from casino_app.settings import get_settings

SQL_DIR = Path(__file__).with_name("sql")
VERSIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_versions (
    version UInt32,
    name String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree
ORDER BY version
"""


@dataclass(frozen=True)
class Migration:
    """One schema file."""

    version: int
    name: str
    statements: tuple[str, ...]


def migrations() -> list[Migration]:
    """Every schema file, in version order, with ``{tz}`` filled in."""
    tz = get_settings().business_timezone
    found = []
    for path in sorted(SQL_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        text = path.read_text(encoding="utf-8").replace("{tz}", tz)
        statements = tuple(_sql_of(block) for block in text.split("\n;\n") if _sql_of(block))
        found.append(Migration(int(path.name[:4]), path.stem[5:], statements))
    return found


def _sql_of(block: str) -> str:
    """The statement of a block without its whole-line comments."""
    return "\n".join(line for line in block.splitlines() if not line.strip().startswith("--")).strip()


def applied(client: Client) -> set[int]:
    """Versions already applied."""
    client.command(VERSIONS_TABLE)
    return {int(row[0]) for row in client.query("SELECT version FROM schema_versions").result_rows}


def upgrade(client: Client) -> list[int]:
    """Apply every schema file not yet applied; returns the versions applied now."""
    done = applied(client)
    now_applied = []
    for migration in migrations():
        if migration.version in done:
            continue
        for statement in migration.statements:
            client.command(statement)
        client.insert("schema_versions", [[migration.version, migration.name]], column_names=["version", "name"])
        now_applied.append(migration.version)
    return now_applied


def head() -> int:
    """The newest schema version in the code."""
    return max((m.version for m in migrations()), default=0)
