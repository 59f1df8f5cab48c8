"""The marketing night window (21:00–08:00 KST) at its edges, and when a deferred message may go out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casino_app.services.messaging import policy

KST = policy.KST


def _kst(hour: int, minute: int = 0, second: int = 0, micro: int = 0, day: int = 28) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, micro, tzinfo=KST)


@pytest.mark.parametrize(
    ("at", "quiet"),
    [
        (_kst(20, 59, 59, 999_999), False),
        (_kst(21), True),
        (_kst(23, 59, 59), True),
        (_kst(0), True),
        (_kst(7, 59, 59, 999_999), True),
        (_kst(8), False),
        (_kst(12), False),
    ],
)
def test_the_window_starts_at_21_and_ends_before_08_kst(at: datetime, quiet: bool) -> None:
    assert policy.is_quiet_hours(at) is quiet
    assert policy.is_quiet_hours(at.astimezone(UTC)) is quiet  # the stored UTC instant decides the same way


def test_utc_midday_is_kst_night() -> None:
    # 12:30 UTC is 21:30 KST: the window follows Korea's clock, not the server's.
    assert policy.is_quiet_hours(datetime(2026, 11, 28, 12, 30, tzinfo=UTC)) is True
    assert policy.is_quiet_hours(datetime(2026, 11, 28, 11, 59, tzinfo=UTC)) is False


@pytest.mark.parametrize(
    ("at", "end"),
    [
        (_kst(21), _kst(8, day=29)),
        (_kst(23, 30), _kst(8, day=29)),
        (_kst(0, 0, 1), _kst(8)),
        (_kst(7, 59, 59), _kst(8)),
        (_kst(8), _kst(8)),
    ],
)
def test_a_deferred_message_waits_for_the_next_08_kst(at: datetime, end: datetime) -> None:
    assert policy.quiet_hours_end(at) == end
    assert policy.quiet_hours_end(at.astimezone(UTC)) == end
    assert not policy.is_quiet_hours(policy.quiet_hours_end(at))
    assert policy.quiet_hours_end(at) - at <= timedelta(hours=11)
