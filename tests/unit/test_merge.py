"""``core.merge.together``: the merged text, its parameters, and how each part gets its rows back."""

from __future__ import annotations

import pytest

from casino_app.core.db import Sql
from casino_app.core.merge import Merged, _returned_columns, together

XP = Sql(
    "UPDATE users SET xp = xp + %(amount)s WHERE id = %(user_id)s RETURNING xp, level", {"amount": 5, "user_id": 7}
)
COUNT = Sql(
    "INSERT INTO counts (user_id, n) VALUES (%(user_id)s, %(n)s) ON CONFLICT (user_id) DO UPDATE SET n = counts.n + 1",
    {"user_id": 7, "n": 1, "unused": "dropped"},
)
BOARD = Sql(
    "INSERT INTO boards AS s (user_id, score) VALUES (%(user_id)s, %(score)s) "
    "RETURNING s.user_id, s.score, EXISTS (SELECT 1 FROM prefs p WHERE p.user_id = s.user_id RETURNING 'a, (b')",
    {"user_id": 7, "score": 3},
)


def test_none_and_single_statements_are_returned_as_they_are() -> None:
    assert together() is None
    assert together(None, XP, None) is XP


def test_each_part_becomes_a_cte_with_its_parameters_renamed_and_its_columns_aggregated() -> None:
    merged = together(XP, None, COUNT, BOARD)
    assert isinstance(merged, Merged)
    assert merged.text.startswith(
        "WITH m0(c0, c1) AS (UPDATE users SET xp = xp + %(m0_amount)s WHERE id = %(m0_user_id)s"
    )
    assert "m1 AS (INSERT INTO counts (user_id, n) VALUES (%(m1_user_id)s, %(m1_n)s)" in merged.text
    assert "m2(c0, c1, c2) AS (INSERT INTO boards" in merged.text
    assert merged.text.endswith(
        "SELECT * FROM (SELECT array_agg(c0), array_agg(c1) FROM m0) AS a0"
        " CROSS JOIN (SELECT array_agg(c0), array_agg(c1), array_agg(c2) FROM m2) AS a2"
    )
    assert merged.params == {
        "m0_amount": 5,
        "m0_user_id": 7,
        "m1_user_id": 7,
        "m1_n": 1,
        "m2_user_id": 7,
        "m2_score": 3,
    }  # a parameter the text does not use is not sent
    assert merged.parts == [XP, COUNT, BOARD]
    assert merged.widths == (2, 0, 3)


def test_a_trailing_comment_does_not_swallow_the_cte_s_closing_parenthesis() -> None:
    merged = together(Sql(COUNT.text + " -- the counter", COUNT.params), XP)
    assert merged is not None
    assert "-- the counter\n)," in merged.text
    assert "'e'" in (together(Sql("UPDATE t SET a = 'e'", {}), XP) or XP).text  # a literal 'e' is not an E'' string


def test_parts_that_return_nothing_leave_a_constant_select() -> None:
    other = Sql("DELETE FROM counts WHERE user_id = %(user_id)s", {"user_id": 1})
    merged = together(COUNT, other)
    assert merged is not None
    assert merged.text.endswith("\nSELECT 1")


def test_receive_hands_every_part_its_own_rows_in_order() -> None:
    xp, count, board = (Sql(s.text, s.params) for s in (XP, COUNT, BOARD))
    merged = together(xp, count, board)
    assert merged is not None
    merged.receive([([15], [2], [7, 7], [3, 9], [False, True])])
    assert merged.rows == [([15], [2], [7, 7], [3, 9], [False, True])]
    assert xp.rows == [(15, 2)]
    assert count.rows == []
    assert board.rows == [(7, 3, False), (7, 9, True)]
    merged.receive([(None, None, None, None, None)])  # no row came back from any part (array_agg of nothing)
    assert xp.rows == []
    assert board.rows == []
    merged.receive([])  # the statement failed before answering
    assert xp.rows == []
    assert board.rows == []


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("UPDATE t SET a = 1", 0),
        ("UPDATE t SET a = 1 RETURNING a", 1),
        ("update t set a = f(1, 2) returning a, (b, c), 'x,y', \"q,r\"", 4),
        ("INSERT INTO t SELECT x FROM (SELECT 1 RETURNING y, z) s RETURNING t.a, t.b", 2),
        ("INSERT INTO returning_log (a) VALUES (1) -- RETURNING a, b\n", 0),
        ("UPDATE t SET nonreturning = 1 RETURNING nonreturning", 1),
        ("UPDATE t SET é = 1 RETURNING é, x::text[]", 2),
    ],
)
def test_returned_columns_counts_the_top_level_returning_list(text: str, width: int) -> None:
    assert _returned_columns(text) == width


@pytest.mark.parametrize(
    "text",
    [
        "SELECT 1",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
        "UPDATE t SET a = 1; DELETE FROM t",
        "UPDATE t SET a = %s",
        "UPDATE t SET a = b %% 2",
        "UPDATE t SET a = 1 RETURNING *",
        "UPDATE t SET a = 1 RETURNING t.a, t.*",
        "UPDATE t SET a = 1 /* RETURNING a, b */",
        "UPDATE t SET a = $$x$$",
        "UPDATE t SET a = E'\\'' RETURNING a",
    ],
)
def test_shapes_it_cannot_merge_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="together"):
        together(Sql(text, {}), XP)


def test_positional_or_missing_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="by name"):
        together(Sql(XP.text, (5, 7)), COUNT)
    with pytest.raises(ValueError, match="by name"):
        together(Sql(XP.text, {"amount": 5}), COUNT)
