"""Migrations: one head, no drift from the models, and a clean round trip."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from casino_app.core import migrations
from casino_app.models import metadata
from tests.support import db as test_db


def test_exactly_one_head() -> None:
    assert len(migrations.head_revisions()) == 1


def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    engine = sa.create_engine(database_url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == [], f"models differ from migrations; run `alembic revision --autogenerate`: {diff}"


def test_generated_columns_are_generated_in_the_database(database_url: str) -> None:
    # Alembic's comparison ignores Computed(); check it explicitly.
    computed = {
        (table.name, column.name)
        for table in metadata.sorted_tables
        for column in table.columns
        if column.computed is not None
    }
    assert ("users", "level") in computed
    engine = sa.create_engine(database_url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        generated = set(
            conn.execute(
                sa.text("SELECT table_name, column_name FROM information_schema.columns WHERE is_generated = 'ALWAYS'")
            ).all()
        )
    engine.dispose()
    assert computed == generated


def test_upgrade_downgrade_upgrade_on_scratch_database() -> None:
    url = test_db.database_url_for("casino_migration_scratch")
    test_db.recreate_database(url)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        migrations.upgrade(url)
        assert migrations.is_at_head(engine)
        migrations.downgrade(url, "base")
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set(), f"downgrade left tables behind: {tables}"
        migrations.upgrade(url)
        assert migrations.is_at_head(engine)
    finally:
        engine.dispose()
