"""Odds-table diffs: field by field through nested JSON (objects by key, id lists by id, other lists by position),
and how the console turns diffs and refusals into rows and messages."""

from __future__ import annotations

import pytest

from casino_app.core.errors import NotFound, ValidationFailed
from casino_app.services.games.config_diff import ROOT, Change, diff, value_text


def _by_path(changes: list[Change]) -> dict[str, tuple[str, object, object]]:
    return {c.path: (c.kind, c.old, c.new) for c in changes}


def test_identical_tables_have_no_differences() -> None:
    table = {"a": 1, "b": {"c": [1, 2, {"d": None}]}, "e": "x"}
    assert diff(table, {**table}) == []


def test_nested_objects_report_added_removed_and_changed_fields_with_their_paths() -> None:
    old = {"limits": {"daily": 10, "weekly": 50}, "name": "a", "gone": {"x": 1}}
    new = {"limits": {"daily": 12, "weekly": 50, "monthly": 200}, "name": "a", "extra": [1]}
    assert diff(old, new) == [
        Change("limits.daily", "changed", 10, 12),
        Change("limits.monthly", "added", None, 200),
        Change("gone", "removed", {"x": 1}, None),
        Change("extra", "added", None, [1]),
    ]


def test_plain_lists_are_compared_by_position() -> None:
    changes = diff({"bets": [100, 200, 500]}, {"bets": [100, 300]})
    assert _by_path(changes) == {"bets[1]": ("changed", 200, 300), "bets[2]": ("removed", 500, None)}
    grown = diff({"bets": [100]}, {"bets": [100, 1000]})
    assert grown == [Change("bets[1]", "added", None, 1000)]


def test_lists_of_entries_with_ids_are_matched_by_id_and_a_new_order_is_reported() -> None:
    old = {"symbols": [{"id": "cherry", "weight": 30}, {"id": "bell", "weight": 18}, {"id": "seven", "weight": 5}]}
    new = {"symbols": [{"id": "bell", "weight": 20}, {"id": "cherry", "weight": 30}, {"id": "star", "weight": 3}]}
    changes = diff(old, new)
    assert changes[0] == Change("symbols", "reordered", ["cherry", "bell"], ["bell", "cherry"])
    assert _by_path(changes[1:]) == {
        "symbols[id=bell].weight": ("changed", 18, 20),
        "symbols[id=seven]": ("removed", {"id": "seven", "weight": 5}, None),
        "symbols[id=star]": ("added", None, {"id": "star", "weight": 3}),
    }


def test_the_same_order_after_removing_an_entry_is_not_a_reorder() -> None:
    old = {"s": [{"id": 1, "w": 1}, {"id": 2, "w": 2}, {"id": 3, "w": 3}]}
    new = {"s": [{"id": 1, "w": 1}, {"id": 3, "w": 3}]}
    assert diff(old, new) == [Change("s[id=2]", "removed", {"id": 2, "w": 2}, None)]


def test_lists_whose_ids_repeat_fall_back_to_positions() -> None:
    old = {"s": [{"id": "a", "w": 1}, {"id": "a", "w": 2}]}
    new = {"s": [{"id": "a", "w": 1}, {"id": "a", "w": 3}]}
    assert diff(old, new) == [Change("s[1].w", "changed", 2, 3)]


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        (1, 1.0, False),  # the same number
        (True, 1, True),  # a boolean is not a number
        (False, 0, True),
        ("1", 1, True),  # a string is not a number
        (None, 0, True),  # null is a value, not a missing field
        (0.5, 0.25, True),
        ("x", "x", False),
    ],
)
def test_scalars_compare_as_json_values(old: object, new: object, changed: bool) -> None:
    assert diff({"v": old}, {"v": new}) == ([Change("v", "changed", old, new)] if changed else [])


def test_a_null_field_and_a_missing_field_differ() -> None:
    assert diff({"a": None}, {}) == [Change("a", "removed", None, None)]
    assert diff({}, {"a": None}) == [Change("a", "added", None, None)]


def test_a_field_that_changes_type_is_one_change_with_both_whole_values() -> None:
    assert diff({"a": {"b": 1}}, {"a": [1]}) == [Change("a", "changed", {"b": 1}, [1])]
    assert diff({"a": 1}, [1]) == [Change(ROOT, "changed", {"a": 1}, [1])]


def test_a_real_slot_table_change_is_found_exactly() -> None:
    from casino_app.services.games.slot_table import DEFAULT_SLOT

    before = DEFAULT_SLOT.model_dump(mode="json")
    symbols = [{**s, "triple": "5"} if s["id"] == "cherry" else s for s in before["symbols"]]
    after = {**before, "symbols": symbols, "bet_options": [100, 1000], "streak_bonus_step_pct": 4}
    found = _by_path(diff(before, after))
    assert found["symbols[id=cherry].triple"] == ("changed", "4", "5")
    assert found["streak_bonus_step_pct"] == ("changed", 5, 4)
    assert found["bet_options[1]"] == ("changed", 200, 1000)
    assert {p for p in found if p.startswith("bet_options")} == {f"bet_options[{i}]" for i in range(1, 7)}
    assert len(found) == 1 + 1 + 6


def test_value_text_is_compact_json_kept_in_korean_and_cut_with_an_ellipsis() -> None:
    assert value_text({"b": 1, "a": "슬롯"}) == '{"a": "슬롯", "b": 1}'
    assert value_text(None) == "null"
    long = value_text(list(range(500)), limit=20)
    assert len(long) == 20
    assert long.endswith("…")


def test_console_rows_leave_out_the_missing_side() -> None:
    from casino_app.state.admin_odds import change_row

    assert change_row(Change("a", "added", None, {"x": 1})) == {
        "path": "a",
        "kind": "added",
        "old": "",
        "new": '{"x": 1}',
    }
    assert change_row(Change("a", "removed", 2, None)) == {"path": "a", "kind": "removed", "old": "2", "new": ""}
    assert change_row(Change("a", "changed", None, 2))["old"] == "null"


def test_the_editor_text_must_be_a_json_object_of_bounded_size() -> None:
    from casino_app.state.admin_odds import MAX_JSON_CHARS, parse_editor

    assert parse_editor('{"a": [1, 2]}') == {"a": [1, 2]}
    with pytest.raises(ValidationFailed) as bad:
        parse_editor('{\n  "a": 1,\n}')
    assert bad.value.error_code == "ODDS_JSON_INVALID"
    assert bad.value.details == {"line": 3, "column": 1}
    assert "3행 1열" in bad.value.message("ko")
    assert "line 3, column 1" in bad.value.message("en")
    for text, code in (("[1]", "ODDS_JSON_NOT_OBJECT"), (" " * (MAX_JSON_CHARS + 1), "ODDS_JSON_TOO_LARGE")):
        with pytest.raises(ValidationFailed) as refused:
            parse_editor(text)
        assert refused.value.error_code == code


def test_refusals_read_in_both_languages_with_the_rtp_figures_and_the_field_reasons() -> None:
    from casino_app.state.admin_odds import publish_error, reason_rows

    rtp = ValidationFailed(code="RTP_OUT_OF_RANGE", details={"rtp": 0.991, "min": 0.92, "max": 0.97})
    message = publish_error(rtp)
    assert set(message) == {"ko", "en"}
    assert "99.10%" in message["ko"]
    assert "92.00–97.00%" in message["en"]
    assert message["ko"] != message["en"]
    invalid = ValidationFailed(
        code="CONFIG_INVALID", details={"reasons": [{"field": "symbols.0.weight", "message": "too big"}]}
    )
    assert reason_rows(invalid) == [{"field": "symbols.0.weight", "message": "too big"}]
    assert reason_rows(rtp) == []
    unknown = publish_error(NotFound(code="CONFIG_VERSION_UNKNOWN"))
    assert unknown["en"] == "Unknown odds version."
