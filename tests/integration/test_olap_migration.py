"""Dropping ``analytics_events`` hands its history back to the outbox, pending, so the sink stores it in OLAP."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from casino_app.core import migrations
from tests.support import db as test_db

BEFORE, REVISION = "0a1c7e5d9b10", "0a1c7e5d9b11"


def test_archived_events_return_to_the_outbox_pending_under_their_own_ids(database_url: str) -> None:
    url = test_db.database_url_for(f"{make_url(database_url).database}_olap_migration")
    test_db.recreate_database(url)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        migrations.upgrade(url, BEFORE)
        with engine.begin() as conn:
            # Event 7 was relayed and its outbox row purged; event 8 was relayed and is still kept (published);
            # event 9 is still pending and not yet in analytics_events.
            conn.execute(
                sa.text(
                    "INSERT INTO outbox_events (id, topic, key, payload, created_at, published_at) VALUES "
                    "(8, 'game.rounds', '5', '{\"n\": 8}', '2026-11-20 10:00+00', '2026-11-20 10:00:02+00'),"
                    "(9, 'game.rounds', '5', '{\"n\": 9}', '2026-11-21 10:00+00', NULL)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO analytics_events (outbox_id, topic, key, payload, occurred_at) VALUES "
                    "(7, 'accounts.signups', '5', '{\"user_id\": 5}', '2026-11-19 09:00+00'),"
                    "(8, 'game.rounds', '5', '{\"n\": 8}', '2026-11-20 10:00+00')"
                )
            )
        migrations.upgrade(url, REVISION)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT id, topic, payload, created_at::text, published_at FROM outbox_events ORDER BY id")
            ).all()
            tables = set(sa.inspect(conn).get_table_names())
        assert [(r.id, r.topic, r.payload, r.published_at) for r in rows] == [
            (7, "accounts.signups", {"user_id": 5}, None),
            (8, "game.rounds", {"n": 8}, None),
            (9, "game.rounds", {"n": 9}, None),
        ]
        assert rows[0].created_at.startswith("2026-11-19")
        assert "analytics_events" not in tables
        migrations.downgrade(url, BEFORE)
        with engine.connect() as conn:
            assert "analytics_events" in set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
        admin = sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()
