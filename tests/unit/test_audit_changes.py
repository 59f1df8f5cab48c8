"""The audit viewer's "before → after" lines come from what each action recorded, whatever its shape."""

from __future__ import annotations

from datetime import UTC, datetime

from casino_app.services import audit_view
from casino_app.services.audit_view import Change
from casino_app.state import admin_audit


def _entry(details: dict) -> audit_view.AuditEntry:
    return audit_view.AuditEntry(1, datetime(2026, 3, 1, tzinfo=UTC), 7, "ops", "운영", "x.y", "user", "9", details, "")


def test_two_objects_give_one_change_per_differing_key() -> None:
    details = {"before": {"goal": 10, "game": "rps", "same": 1}, "after": {"goal": 12, "game": None, "same": 1}}
    assert audit_view.changes(details) == [Change("goal", "10", "12"), Change("game", '"rps"', "null")]


def test_keys_on_one_side_and_whole_values() -> None:
    assert audit_view.changes({"before": {"a": 1}, "after": {"b": "나"}}) == [
        Change("a", "1", None),
        Change("b", None, '"나"'),
    ]
    assert audit_view.changes({"after": {"rows": 2}}) == [Change("rows", None, "2")]
    assert audit_view.changes({"before": {"rows": 2}}) == [Change("rows", "2", None)]
    assert audit_view.changes({"before": 100, "after": 600}) == [Change("", "100", "600")]
    assert audit_view.changes({"before": [1], "after": [1, 2]}) == [Change("", "[1]", "[1, 2]")]
    assert audit_view.changes({"reason": "왜"}) == []


def test_the_row_shows_why_what_changed_and_the_rest() -> None:
    row = admin_audit.entry_row(
        _entry({"before": {"paused": False}, "after": {"paused": True}, "reason": "점검", "round": 5})
    )
    assert row["reason"] == "점검"
    assert row["changes"] == "paused: false → true"
    assert '"round": 5' in row["details"]
    assert "reason" not in row["details"]
    assert "before" not in row["details"]
    created = admin_audit.entry_row(_entry({"after": {"code": "ABC", "max_uses": None}}))
    assert created["changes"] == 'code: — → "ABC"\nmax_uses: — → null'
    adjusted = admin_audit.entry_row(_entry({"before": 100, "after": 600, "reason": "보상"}))
    assert adjusted["changes"] == "100 → 600"
