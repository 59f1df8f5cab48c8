"""``actions.Pending.sendable``: which listener statements merge into one and which keep their order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from casino_app.core.db import Sql
from casino_app.core.merge import Merged
from casino_app.services.actions import Action, Kind, Pending


@dataclass(eq=False)
class _Listener:
    name: str
    independent: bool = False

    def statements(self, action: Action) -> Sequence[Sql]:
        return ()

    def finish(self, db: object, action: Action, sent: Sequence[Sql]) -> None:
        return None


def _sql(name: str) -> Sql:
    return Sql(f"UPDATE {name} SET n = n + 1 WHERE user_id = %(user_id)s", {"user_id": 1})


ROUND = Action(1, Kind.ROUND_PLAYED, game="slot")
PULLS = Action(1, Kind.GACHA_PULL, game="gacha", count=10)
COUNTS, MISSIONS, PASS, PLAIN = (
    _Listener("counts", True),
    _Listener("missions"),
    _Listener("pass", True),
    _Listener("x"),
)


def test_independent_single_statements_merge_with_the_callers_ahead_of_the_rest_in_order() -> None:
    xp, care = _sql("users"), _sql("care")
    counts, missions, passes = _sql("counts"), _sql("missions"), _sql("pass")
    pending = Pending([(ROUND, COUNTS, [counts]), (ROUND, MISSIONS, [missions]), (ROUND, PASS, [passes])])
    first, *rest = pending.sendable(xp, None, care)
    assert isinstance(first, Merged)
    assert first.parts == [xp, care, counts, passes]
    assert rest == [missions]
    assert pending.statements == [counts, missions, passes]  # what ``statements`` lists is unchanged


def test_an_independent_listener_with_two_statements_keeps_both_apart_and_in_order() -> None:
    # Two parts of one statement must not write the same row: two actions' counters could.
    first_count, second_count, passes, missions = _sql("counts"), _sql("counts"), _sql("pass"), _sql("missions")
    pending = Pending(
        [
            (ROUND, COUNTS, [first_count]),
            (ROUND, MISSIONS, [missions]),
            (ROUND, PASS, [passes]),
            (PULLS, COUNTS, [second_count]),
            (PULLS, PASS, []),
        ]
    )
    assert pending.sendable() == [passes, first_count, missions, second_count]


def test_nothing_independent_leaves_the_statements_as_they_were() -> None:
    missions, other = _sql("missions"), _sql("other")
    pending = Pending([(ROUND, MISSIONS, [missions]), (ROUND, PLAIN, [other]), (ROUND, COUNTS, [])])
    assert pending.sendable() == [missions, other]
    xp = _sql("users")
    assert pending.sendable(xp) == [xp, missions, other]
    assert Pending([]).sendable() == []
