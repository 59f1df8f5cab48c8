"""``core.db.run``: several statements in one round trip (queued, then written at once by ``core.batch``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.batch import Cursors
from casino_app.core.db import Sql, commit_with, get_engine, run, session_scope


@pytest.fixture
def scratch() -> Iterator[None]:
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
        prepared = Sql(
            "SELECT count(*) FROM pg_prepared_statements WHERE starts_with(statement, 'INSERT INTO run_scratch')"
        )
        with session_scope() as db:
            run(db, *inserted, None, counted, nothing, prepared)
        assert [s.rows for s in inserted] == [[(base,)], [(base + 1,)], [(base + 2,)]]
        assert counted.rows == [(3, batch)]  # each statement sees the ones before it
        assert nothing.rows == []
    assert prepared.rows == [(1,)]  # by the last batch the insert ran as a prepared statement
    assert len(_notes()) == 24


def test_a_failing_statement_rolls_back_the_whole_unit_and_keeps_the_rows_before_it(scratch: None) -> None:
    first = Sql("INSERT INTO run_scratch (id, note) VALUES (1, 'kept?') RETURNING id")
    failing = Sql("INSERT INTO run_scratch (id, note) VALUES (2, NULL)")
    after = Sql("SELECT 1", rows=[("not run",)])
    with pytest.raises(sa.exc.DBAPIError) as raised, session_scope() as db:
        run(db, first, failing, after)
    assert "not-null" in str(raised.value.orig)
    assert first.rows == [(1,)]  # what it returned before the failure, for the caller (a refused debit)
    assert after.rows == []  # reset, not run (it would hold (1,))
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


def _unit_with_commit(*final: Sql) -> None:
    with session_scope() as db:
        run(db, Sql("INSERT INTO run_scratch (id, note) VALUES (1, 'first')"))
        commit_with(db, *final)


def test_a_statement_sent_with_the_commit_that_fails_commits_nothing(scratch: None) -> None:
    with pytest.raises(sa.exc.DBAPIError):
        _unit_with_commit(Sql("INSERT INTO run_scratch (id, note) VALUES (2, NULL)"))
    assert _notes() == []


def test_a_statement_the_driver_refuses_to_send_never_lets_the_commit_through(scratch: None) -> None:
    # libpq refuses more than 65,535 parameters while queueing: the COMMIT queued after it must not go out.
    too_many = Sql("SELECT " + ", ".join(["%s"] * 70_000), [0] * 70_000)
    with pytest.raises(sa.exc.DBAPIError):
        _unit_with_commit(too_many, Sql("INSERT INTO run_scratch (id, note) VALUES (3, 'after it')"))
    assert _notes() == []
    _unit_with_commit()  # the pool replaced the closed connection
    assert _notes() == [(1, "first")]


def test_a_connection_reuses_its_cursor_per_statement_and_keeps_a_bounded_number(
    scratch: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Cursors, "KEPT", 3)
    texts = [f"SELECT %(n)s::int + {i}" for i in range(5)]

    def cursors_of(db: Session) -> Cursors:
        return db.connection().connection.info["core.db.cursors"]

    with session_scope() as db:
        first = Sql(texts[0], {"n": 1})
        twice = [Sql(texts[1], {"n": 1}), Sql(texts[1], {"n": 2})]  # the same text twice in one pipeline
        run(db, first, *twice)
        kept = cursors_of(db)
        cursor = kept.take(texts[0], set())[1]
        adaptation = cursor._tx
        again = Sql(texts[0], {"n": 5})
        run(db, again, Sql("SELECT 1"))
        assert kept.take(texts[0], set())[1] is cursor  # the same cursor ran it again,
        assert cursor._tx is adaptation  # through psycopg's same-query path (it keeps loaders and dumpers)
        run(db, *(Sql(text, {"n": 0}) for text in texts[2:]))
        assert kept.take(texts[0], set())[1] is not cursor  # the least recently used text was forgotten
    assert (first.rows, [s.rows for s in twice], again.rows) == ([(1,)], [[(2,)], [(3,)]], [(5,)])


def test_a_kept_cursor_answers_its_own_statement_after_a_failed_unit(scratch: None) -> None:
    text = "INSERT INTO run_scratch (id, note) VALUES (%(id)s, %(note)s) RETURNING id"
    with pytest.raises(sa.exc.DBAPIError), session_scope() as db:
        run(
            db, Sql(text, {"id": 1, "note": "a"}), Sql(text, {"id": 2, "note": None}), Sql(text, {"id": 3, "note": "c"})
        )
    single = Sql(text, {"id": 4, "note": "d"})
    with session_scope() as db:
        run(db, Sql(text, {"id": 5, "note": "e"}), Sql("SELECT count(*) FROM run_scratch"))
        run(db, single)  # inside the transaction: the single-statement path, no pipeline
    assert single.rows == [(4,)]
    assert _notes() == [(4, "d"), (5, "e")]
