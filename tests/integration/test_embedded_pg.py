"""The embedded PostgreSQL default: starts on demand, keeps data across restarts."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from casino_app.core import embedded_pg
from casino_app.core.db import ensure_database, to_sqlalchemy_url


def test_embedded_server_keeps_data_across_restarts(tmp_path: Path) -> None:
    pgdata = tmp_path / "pg"
    uri = embedded_pg.ensure_server(pgdata)
    try:
        url = to_sqlalchemy_url(uri, database="casino")
        ensure_database(url)
        ensure_database(url)  # idempotent
        engine = sa.create_engine(url, poolclass=sa.NullPool)
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE kept (v text)"))
            conn.execute(sa.text("INSERT INTO kept VALUES ('골드')"))
        assert embedded_pg.ensure_server(pgdata) == uri  # attaching to a running server is a no-op

        assert embedded_pg.stop_server(pgdata) is True
        assert embedded_pg.stop_server(pgdata) is False

        uri_again = embedded_pg.ensure_server(pgdata)
        engine = sa.create_engine(to_sqlalchemy_url(uri_again, database="casino"), poolclass=sa.NullPool)
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT v FROM kept")) == "골드"
            assert conn.scalar(sa.text("SHOW server_encoding")) == "UTF8"
        engine.dispose()
    finally:
        embedded_pg.stop_server(pgdata)


def test_bundled_client_tools_exist() -> None:
    assert (embedded_pg.bin_dir() / "pgbench").exists()
    assert (embedded_pg.bin_dir() / "psql").exists()
