"""The event window rules without a database: phases at the edges, an early end, the claim period, KST input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from casino_app.models.events import Event
from casino_app.services.events import rules
from casino_app.services.events.rules import Phase

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
END = START + timedelta(days=7)
TICK = timedelta(microseconds=1)


def _event(status: str = "published", ended_at: datetime | None = None) -> Event:
    return Event(
        id=1,
        key="e",
        title_ko="이벤트",
        title_en="Event",
        starts_at=START,
        ends_at=END,
        status=status,
        ended_at=ended_at,
    )


def test_the_window_is_half_open() -> None:
    event = _event()
    assert rules.phase(event, START - TICK) == Phase.UPCOMING
    assert rules.phase(event, START) == Phase.LIVE
    assert rules.phase(event, END - TICK) == Phase.LIVE
    assert rules.phase(event, END) == Phase.ENDED
    assert rules.phase(_event("draft"), START) == Phase.DRAFT


def test_an_early_end_closes_the_event_and_starts_the_claim_period() -> None:
    early = START + timedelta(days=1)
    event = _event("ended", ended_at=early)
    assert rules.phase(event, START + timedelta(hours=1)) == Phase.ENDED
    assert rules.effective_end(event) == early
    assert rules.claims_close_at(event) == early + rules.CLAIM_GRACE
    assert rules.visible(event, early + rules.CLAIM_GRACE - TICK)
    assert not rules.visible(event, early + rules.CLAIM_GRACE)
    late = _event("ended", ended_at=END + timedelta(days=1))  # ended by staff after its window: the window counts
    assert rules.effective_end(late) == END


def test_visibility() -> None:
    assert not rules.visible(_event("draft"), START)
    assert rules.visible(_event(), START - timedelta(days=30))  # upcoming
    assert rules.visible(_event(), END + rules.CLAIM_GRACE - TICK)
    assert not rules.visible(_event(), END + rules.CLAIM_GRACE)
    never_ran = _event("ended", ended_at=START - timedelta(hours=1))
    assert not rules.visible(never_ran, START)


def test_times_without_an_offset_are_kst() -> None:
    assert rules.to_utc(datetime(2026, 12, 1, 10, 0)) == START
    assert rules.to_utc(datetime(2026, 12, 1, 1, 0, tzinfo=UTC)) == START
    assert rules.to_kst(START).isoformat() == "2026-12-01T10:00:00+09:00"
