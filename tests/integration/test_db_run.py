"""``core.db.run``: several statements in one round trip (queued, then written at once by ``core.batch``)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casino_app.core.db import Sql, commit_with, get_engine, run, session_scope


@pytest.fixture
def scratch() -> None:
    with get_engine().begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS run_scratch"))
        conn.execute(sa.text("CREATE TABLE run_scratch (id int PRIMARY KEY, note text NOT NULL)"))
    yield
    with get_engine().begin() as conn:
        conn.execute(sa.text("DROP TABLE run_scratch"))


def _notes() -> list[tuple[int, str]]:
    with get_engine().connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text("SELECT id, note FROM run_scratch ORDER BY id"))]


def test_each_statement_gets_its_own_rows_in_order_also_once_prepared(scratch: None) -> None:
    # psycopg prepares a statement on its fifth use on a connection: the later batches run prepared ones.
    for batch in range(8):
        base = batch * 10
        inserted = [
            Sql(
                "INSERT INTO run_scratch (id, note) VALUES (%(id)s, %(note)s) RETURNING id", {"id": base + i, "note": n}
            )
            for i, n in enumerate(["a", "b", "c"])
        ]
        counted = Sql(
            "SELECT count(*), %(batch)s::int FROM run_scratch WHERE id >= %(base)s", {"batch": batch, "base": base}
        )
        nothing = Sql("UPDATE run_scratch SET note = note WHERE id < 0")
        with session_scope() as db:
            run(db, *inserted, None, counted, nothing)
        assert [s.rows for s in inserted] == [[(base,)], [(base + 1,)], [(base + 2,)]]
        assert counted.rows == [(3, batch)]  # each statement sees the ones before it
        assert nothing.rows == []
    assert len(_notes()) == 24


def test_a_failing_statement_rolls_back_the_whole_unit_and_keeps_the_rows_before_it(scratch: None) -> None:
    first = Sql("INSERT INTO run_scratch (id, note) VALUES (1, 'kept?') RETURNING id")
    failing = Sql("INSERT INTO run_scratch (id, note) VALUES (2, NULL)")
    after = Sql("SELECT 1")
    with pytest.raises(sa.exc.DBAPIError) as raised, session_scope() as db:
        run(db, first, failing, after)
    assert "not-null" in str(raised.value.orig)
    assert first.rows == [(1,)]  # what it returned before the failure, for the caller (a refused debit)
    assert after.rows == []
    assert _notes() == []  # nothing of the unit of work committed


def test_statements_given_to_commit_with_commit_with_the_unit(scratch: None) -> None:
    with session_scope() as db:
        run(db, Sql("INSERT INTO run_scratch (id, note) VALUES (1, 'run')"))
        commit_with(db, Sql("INSERT INTO run_scratch (id, note) VALUES (2, 'with commit')"))
    assert _notes() == [(1, "run"), (2, "with commit")]

    def failing_unit() -> None:
        with session_scope() as db:
            commit_with(db, Sql("INSERT INTO run_scratch (id, note) VALUES (3, 'never')"))
            raise RuntimeError("the unit of work fails before its commit")

    with pytest.raises(RuntimeError):
        failing_unit()
    assert _notes() == [(1, "run"), (2, "with commit")]
