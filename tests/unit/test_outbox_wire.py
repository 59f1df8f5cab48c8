"""The outbox event wire format (the Kafka message value)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casino_app.services import outbox


def test_round_trip_keeps_every_field_and_korean_text() -> None:
    event = outbox.Event(
        7, outbox.ACCOUNT_SIGNUPS, "42", {"nickname": "네온고양이", "n": 1}, datetime(2026, 11, 22, tzinfo=UTC)
    )
    raw = event.encode()
    assert "네온고양이".encode() in raw  # readable UTF-8, not \\u escapes
    assert outbox.Event.decode(raw) == event


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[]",
        b"{}",
        b'{"id": "x"}',
        b'{"id": 1, "topic": "elsewhere", "key": "", "payload": {}, "created_at": "2026-01-01T00:00:00+00:00"}',
    ],
)
def test_anything_else_is_refused(raw: bytes) -> None:
    with pytest.raises(ValueError):
        outbox.Event.decode(raw)


def test_emit_refuses_unknown_topics() -> None:
    with pytest.raises(ValueError):
        outbox.emit(None, "made.up", 1, {})  # type: ignore[arg-type]
