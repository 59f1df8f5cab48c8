"""The notification center's view-model: rows in both languages (operator messages with their own title), how long
ago in each language, consent times in KST, live read/new events applied to the rows, and the pages render."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from casino_app.core import clock
from casino_app.state import notification_center as nc
from casino_app.state.notifications import render

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # 12:00 KST


class _Center:
    """The state's own update logic, run on plain attributes (no Reflex session needed)."""

    _mark_rows = nc.NotificationCenterState.__dict__["_mark_rows"]
    _apply_counts = nc.NotificationCenterState.__dict__["_apply_counts"]
    _apply_read = nc.NotificationCenterState.__dict__["_apply_read"]
    _prepend = nc.NotificationCenterState.__dict__["_prepend"]

    def __init__(self, rows: list[nc.CenterRow], category: str = "") -> None:
        self.rows = rows
        self.category = category
        self.unread_total = sum(1 for r in rows if not r.read)
        self.unread_by_category: dict[str, int] = {}


def _row(notification_id: int, category: str = "reward", kind: str = "level_up", **params: Any) -> nc.CenterRow:
    with clock.use_clock(clock.FrozenClock(NOW)):
        return nc.row(notification_id, kind, category, params or {"level": 2}, NOW - timedelta(minutes=5), False)


def test_how_long_ago_in_both_languages() -> None:
    assert nc.ago(NOW - timedelta(seconds=59), NOW) == {"ko": "방금", "en": "just now"}
    assert nc.ago(NOW - timedelta(minutes=59, seconds=59), NOW) == {"ko": "59분 전", "en": "59 min ago"}
    assert nc.ago(NOW - timedelta(hours=1), NOW) == {"ko": "1시간 전", "en": "1 h ago"}
    assert nc.ago(NOW - timedelta(days=3, hours=5), NOW) == {"ko": "3일 전", "en": "3 d ago"}
    assert nc.ago(NOW + timedelta(seconds=30), NOW)["ko"] == "방금"  # a clock a little ahead never shows "-1 min"


def test_rows_show_catalog_text_or_the_operators_own_words() -> None:
    level = _row(1)
    assert (level.title_ko, level.body_ko, level.body_en) == (
        "",
        "레벨 2 달성! 축하해요.",
        "Level 2 reached. Congratulations!",
    )
    assert (level.cat_ko, level.cat_en, level.at, level.ago_ko) == ("보상", "Rewards", "2026-11-28 11:55", "5분 전")
    words = {"ko": {"title": "점검 안내", "body": "새벽 4시 점검"}, "en": {"title": "Maintenance", "body": "At 4 a.m."}}
    notice = _row(2, "notice", "broadcast", **words)
    assert (notice.title_ko, notice.body_ko, notice.title_en, notice.body_en) == (
        "점검 안내",
        "새벽 4시 점검",
        "Maintenance",
        "At 4 a.m.",
    )
    korean_only = _row(3, "event", "campaign", ko={"title": "겨울 이벤트", "body": "지금 참여"})
    assert (korean_only.title_en, korean_only.body_en) == ("겨울 이벤트", "지금 참여")
    assert render("broadcast", words) == {"ko": "점검 안내 — 새벽 4시 점검", "en": "Maintenance — At 4 a.m."}


def test_consent_times_read_as_kst() -> None:
    assert nc.consent_text("") == {"ko": "동의하지 않음", "en": "Not agreed"}
    assert nc.consent_text("2026-11-28 21:05")["ko"] == "동의일시: 2026-11-28 21:05 (KST)"


def test_live_read_events_mark_rows_and_take_the_counts() -> None:
    center = _Center([_row(3), _row(2, "account", "gold_adjusted", amount=5), _row(1)])
    center._apply_read({"id": 2, "category": None, "unread": 2, "by_category": {"reward": 2}})
    assert [r.read for r in center.rows] == [False, True, False]
    assert center.unread_total == 2
    assert center.unread_by_category["reward"] == 2
    assert center.unread_by_category["account"] == 0
    center._apply_read({"id": None, "category": "reward", "unread": 0, "by_category": {}})
    assert all(r.read for r in center.rows)
    assert center.unread_total == 0


def test_a_new_notification_is_counted_and_shown_when_it_matches_the_filter() -> None:
    center = _Center([_row(1)], category="reward")
    at = NOW.isoformat()
    center._prepend(
        {"id": 5, "kind": "gold_adjusted", "category": "account", "params": {"amount": 1}, "created_at": at}
    )
    assert [r.id for r in center.rows] == [1]  # another category: counted only
    assert center.unread_by_category == {"account": 1}
    center._prepend({"id": 6, "kind": "level_up", "category": "reward", "params": {"level": 4}, "created_at": at})
    assert [r.id for r in center.rows] == [6, 1]
    assert center.unread_total == 3
    center._prepend({"id": 7, "kind": "level_up", "category": "nonsense", "params": {}, "created_at": at})
    assert [r.id for r in center.rows] == [6, 1]


def test_only_the_center_pages_get_live_rows() -> None:
    assert nc.on_page("/notifications")
    assert nc.on_page("/notifications/settings/")
    assert not nc.on_page("/missions")


def test_the_pages_and_the_header_bell_render() -> None:
    from casino_app.components.header import header
    from casino_app.pages.notifications import notification_settings_page, notifications_page

    inbox = str(notifications_page().render())
    assert "cc-nc-list" in inbox
    assert "cc-nc-chip-marketing" in inbox
    assert "cc-nc-marketing" in str(notification_settings_page().render())
    assert "cc-bell" in str(header().render())
