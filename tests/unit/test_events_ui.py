"""The events screens' view-models: cards count down to the right instant in each phase (server times, KST
window), missions show progress and claimability, the console forms become service fields, the pages render."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casino_app.core.errors import AppError
from casino_app.models.events import Event
from casino_app.services.events import player, rules
from casino_app.services.events.rules import Phase
from casino_app.services.missions import MissionView
from casino_app.state.admin_events import parse_event_form, parse_mission_form
from casino_app.state.events import epoch_ms, event_row, mission_row

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
END = START + timedelta(days=7)


def _view(phase: Phase, joined: bool = False) -> player.PlayerEvent:
    event = Event(
        id=9, key="winter", title_ko="겨울", title_en="Winter", starts_at=START, ends_at=END, status="published"
    )
    return player.PlayerEvent(
        event, phase, joined, 2 if joined else 0, START if joined else None, END, END + rules.CLAIM_GRACE
    )


def test_cards_count_to_the_start_the_end_or_the_claim_deadline() -> None:
    assert event_row(_view(Phase.UPCOMING))["countdown_ms"] == epoch_ms(START)
    assert event_row(_view(Phase.LIVE))["countdown_ms"] == epoch_ms(END)
    assert event_row(_view(Phase.ENDED))["countdown_ms"] == epoch_ms(END + rules.CLAIM_GRACE)
    row = event_row(_view(Phase.LIVE, joined=True))
    assert row["window"] == "2026-12-01 10:00 ~ 2026-12-08 10:00"  # KST
    assert (row["joined"], row["points"], row["phase"]) == ("1", "2", "live")


def test_missions_show_progress_and_claimability() -> None:
    mission = MissionView(
        id=3, key="ev_m", cadence="event", event_id=9, title_ko="슬롯", title_en="Slot", description_ko="",
        description_en="", action="round_played", game="slot", goal=30, progress=12, completed=False,
        claimed=False, reward_gold=1_500, reward_xp=40, reward_item_key=None, reward_item_quantity=None,
    )  # fmt: skip
    row = mission_row(mission)
    assert (row["progress"], row["goal"], row["percent"], row["gold"], row["claimable"]) == (
        "12",
        "30",
        "40",
        "1,500",
        "",
    )
    done = mission_row(MissionView(**{**mission.__dict__, "progress": 30, "completed": True}))
    assert (done["percent"], done["claimable"], done["claimed"]) == ("100", "1", "")


def test_console_forms_become_service_fields() -> None:
    form = {"title_ko": "겨울", "title_en": "Winter", "starts_at": "2026-12-01T10:00", "ends_at": "2026-12-08T10:00"}
    values = parse_event_form(form, "winter")
    assert rules.to_utc(values["starts_at"]) == START
    with pytest.raises(AppError) as bad:
        parse_event_form({**form, "ends_at": "soon"}, "winter")
    assert (bad.value.error_code, bad.value.details) == ("EVENT_INVALID", {"field": "ends_at"})
    mission = parse_mission_form({"title_ko": "a", "title_en": "b", "action": "round_played", "goal": "1,000"})
    assert (mission["goal"], mission["key"], mission["game"], mission["reward_gold"]) == (1000, None, None, 0)
    with pytest.raises(AppError):
        parse_mission_form({"goal": "many"})


def test_the_pages_render() -> None:
    import casino_app.casino_app  # noqa: F401 - registers every page and state
    from casino_app.pages.admin_events import admin_events_page
    from casino_app.pages.events import events_page

    assert "cc-event-board" in str(events_page().render())
    assert "cc-event-mission-form" in str(admin_events_page().render())
