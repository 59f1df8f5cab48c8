"""Test databases: create from scratch, migrate, truncate."""

from __future__ import annotations

import os

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from casino_app.core import migrations
from casino_app.core.db import to_sqlalchemy_url
from tests.support.workers import worker_suffix


def server_url() -> str:
    """A URL on the server the tests use (any database on it)."""
    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit:
        return to_sqlalchemy_url(explicit).render_as_string(hide_password=False)
    if os.environ.get("DATABASE_URL"):
        return to_sqlalchemy_url(os.environ["DATABASE_URL"]).render_as_string(hide_password=False)
    from casino_app.core import embedded_pg
    from casino_app.settings import load_settings

    settings = load_settings()
    uri = embedded_pg.ensure_server(settings.absolute(settings.embedded_pg_dir))
    return to_sqlalchemy_url(uri).render_as_string(hide_password=False)


def database_url_for(name: str) -> str:
    """The URL of database ``name`` on the test server (``TEST_DATABASE_URL`` keeps its own name); under
    pytest-xdist every worker's name ends in ``_gw<n>``."""
    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit and name == "casino_test":
        name = make_url(to_sqlalchemy_url(explicit)).database or name
    return make_url(server_url()).set(database=name + worker_suffix()).render_as_string(hide_password=False)


def recreate_database(url: str) -> None:
    """Drop (forcibly) and create the database at ``url``."""
    target = make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(sa.text(f"CREATE DATABASE \"{target.database}\" ENCODING 'UTF8' TEMPLATE template0"))
    admin.dispose()


def create_test_database(name: str) -> str:
    """Recreate database ``name`` and migrate it to head; return its URL."""
    url = database_url_for(name)
    recreate_database(url)
    migrations.upgrade(url)
    return url


def truncate_all(url: str) -> None:
    """Empty every table except Alembic's version table."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        tables = conn.scalars(
            sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
        ).all()
        if tables:
            conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()
