"""``core.merge.together`` against PostgreSQL: one statement, every part's effect and typed rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from casino_app.core.db import Sql, get_engine, run, session_scope
from casino_app.core.merge import together

_TABLES = """
    CREATE TABLE merge_scores (user_id int, board text, score int NOT NULL CHECK (score >= 0), at timestamptz,
                               PRIMARY KEY (user_id, board));
    CREATE TABLE merge_counts (user_id int PRIMARY KEY, n int NOT NULL)
"""


@pytest.fixture
def scratch() -> Iterator[None]:
    with get_engine().begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS merge_scores, merge_counts"))
        for statement in _TABLES.split(";"):
            conn.execute(sa.text(statement))
    yield
    with get_engine().begin() as conn:
        conn.execute(sa.text("DROP TABLE merge_scores, merge_counts"))


_SCORE = """
    INSERT INTO merge_scores AS s (user_id, board, score, at)
    VALUES (%(user_id)s, 'daily', %(score)s, %(at)s), (%(user_id)s, 'weekly', %(score)s, %(at)s)
    ON CONFLICT (user_id, board) DO UPDATE SET score = s.score + EXCLUDED.score
    RETURNING s.board, s.score, s.at, s.score > 5
"""
_COUNT = """
    INSERT INTO merge_counts (user_id, n) VALUES (%(user_id)s, 1)
    ON CONFLICT (user_id) DO UPDATE SET n = merge_counts.n + 1
"""
_READ = "SELECT n FROM merge_counts WHERE user_id = %(user_id)s"


def _table(name: str) -> list[tuple[object, ...]]:
    with get_engine().connect() as conn:
        return [tuple(row) for row in conn.execute(sa.text(f"SELECT * FROM {name} ORDER BY 1, 2"))]


def test_every_part_runs_and_gets_its_typed_rows_also_once_prepared(scratch: None) -> None:
    at = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    for round_ in range(1, 8):  # psycopg prepares a statement on its fifth use: the later ones run prepared
        score = Sql(_SCORE, {"user_id": 1, "score": 3, "at": at})
        count = Sql(_COUNT, {"user_id": 1})
        after = Sql(_READ, {"user_id": 1})
        with session_scope() as db:
            run(db, together(score, count), after)
        total = 3 * round_
        assert score.rows == [("daily", total, at, total > 5), ("weekly", total, at, total > 5)]
        assert count.rows == []
        assert after.rows == [(round_,)]  # a statement after the merged one sees every part's writes
    assert _table("merge_counts") == [(1, 7)]


def test_a_part_that_fails_rolls_back_every_part(scratch: None) -> None:
    with session_scope() as db:
        run(db, together(Sql(_SCORE, {"user_id": 2, "score": 1, "at": None}), Sql(_COUNT, {"user_id": 2})))
    with pytest.raises(sa.exc.DBAPIError, match="merge_scores_score_check"), session_scope() as db:
        run(db, together(Sql(_COUNT, {"user_id": 2}), Sql(_SCORE, {"user_id": 2, "score": -5, "at": None})))
    assert _table("merge_counts") == [(2, 1)]
    assert [row[2] for row in _table("merge_scores")] == [1, 1]


def test_a_part_that_returns_no_row_gets_no_rows(scratch: None) -> None:
    nothing = Sql("UPDATE merge_scores SET score = 0 WHERE user_id = %(user_id)s RETURNING score", {"user_id": 9})
    count = Sql(_COUNT + " RETURNING n", {"user_id": 9})
    with session_scope() as db:
        run(db, together(nothing, count))
    assert nothing.rows == []
    assert count.rows == [(1,)]
