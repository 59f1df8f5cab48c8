"""Event-handler arguments come from the browser as arbitrary JSON: they are parsed, never trusted."""

from __future__ import annotations

import uuid

import pytest

from casino_app.state.inputs import BIGINT_MAX, INT_MAX, as_int, as_uuid


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), ("42", 42), (" 7 ", 7), (INT_MAX, INT_MAX), (str(INT_MAX), INT_MAX), (0, 0)],
)
def test_integers_within_the_column_range_are_accepted(value: object, expected: int) -> None:
    assert as_int(value) == expected


@pytest.mark.parametrize(
    "value",
    [INT_MAX + 1, "99999999999", -1, "-1", True, 1.5, "1e3", "²", "", None, [1], {"n": 1}, "0x10"],
)
def test_anything_else_is_none(value: object) -> None:
    assert as_int(value) is None


def test_ids_use_the_bigint_range() -> None:
    assert as_int(str(BIGINT_MAX), maximum=BIGINT_MAX) == BIGINT_MAX
    assert as_int(str(BIGINT_MAX + 1), maximum=BIGINT_MAX) is None


def test_uuids() -> None:
    value = uuid.uuid4()
    assert as_uuid(str(value)) == value
    assert as_uuid("nope") is None
    assert as_uuid(123) is None
