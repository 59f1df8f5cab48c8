"""The achievements migration inserts exactly ``defaults.DEFAULTS`` and downgrades cleanly."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from casino_app.core import migrations
from casino_app.services.achievements.defaults import DEFAULTS
from tests.support import db as test_db

REVISION = "0a1c7e5d9b03"
COLUMNS = tuple(DEFAULTS[0])


def test_migration_defaults_are_the_defaults_module(database_url: str) -> None:
    # A scratch database of this run's own (named after the test database, so parallel runs do not collide).
    url = test_db.database_url_for(f"{make_url(database_url).database}_achievements")
    test_db.recreate_database(url)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        migrations.upgrade(url, REVISION)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(f"SELECT {', '.join(COLUMNS)}, is_active FROM achievements ORDER BY sort")
            ).all()
        assert [dict(zip(COLUMNS, row[:-1], strict=True)) for row in rows] == list(DEFAULTS)
        assert all(row.is_active for row in rows)
        migrations.downgrade(url, "-1")
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
        assert not {"achievements", "user_achievements"} & tables
        migrations.upgrade(url, REVISION)
    finally:
        engine.dispose()
        admin = sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()
