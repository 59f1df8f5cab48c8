"""Alembic helpers: upgrade, head and current revision (used by CLI, health and tests)."""

from __future__ import annotations

import functools

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from casino_app.settings import PROJECT_ROOT


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config for this project, optionally pinned to ``url``."""
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@functools.cache
def head_revisions() -> tuple[str, ...]:
    """The head revision(s) of the migration scripts (exactly one when healthy)."""
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: sa.Engine) -> tuple[str, ...]:
    """The revision(s) the database is stamped with."""
    with engine.connect() as conn:
        return tuple(MigrationContext.configure(conn).get_current_heads())


def is_at_head(engine: sa.Engine) -> bool:
    """Whether the database is migrated to the single script head."""
    return set(current_revisions(engine)) == set(head_revisions())


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at ``url`` to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    """Downgrade the database at ``url`` to ``revision``."""
    command.downgrade(alembic_config(url), revision)
