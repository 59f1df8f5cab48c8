"""The gallery's Reflex handlers, called directly: the age gate, whitelisted arguments, the service deciding."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.i18n.en import stories as en_texts
from casino_app.i18n.ko import stories as ko_texts
from tests.support import shop as s
from tests.support.accounts import new_player

pytestmark = pytest.mark.anyio


def _rows(user_id: int) -> int:
    with get_engine().connect() as conn:
        query = sa.text("SELECT count(*) FROM story_unlocks WHERE user_id = :u")
        return int(conn.execute(query, {"u": user_id}).scalar_one())


def _set_level(user_id: int, level: int) -> None:
    with session_scope() as db:
        db.execute(sa.text("UPDATE users SET xp = :xp WHERE id = :u"), {"xp": (level - 1) * 500, "u": user_id})


def _paragraphs(key: str, field: str, texts: dict) -> list[str]:
    return [p.strip() for p in texts[key][field].split("\n\n")]


async def _stories_state(monkeypatch: pytest.MonkeyPatch, user: Any) -> Any:
    """The gallery's Reflex state in a fresh state tree whose tab belongs to ``user`` (as a websocket would)."""
    import reflex as rx

    import casino_app.casino_app  # noqa: F401 - registers every state
    from casino_app.state import auth
    from casino_app.state.stories import StoriesState

    async def current(self: Any) -> Any:
        return user

    monkeypatch.setattr(auth.AuthState, "_current_user", current)
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    return await root.get_state(StoriesState)


async def test_the_reflex_handlers_gate_on_age_and_let_the_service_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.stories import StoriesState

    minor = new_player()
    state = await _stories_state(monkeypatch, minor.user)
    await StoriesState.load.fn(state)
    assert state.loaded
    assert not state.adult
    assert state.cards["dealer"] == {}
    assert state.text_ko["dealer"] == []
    await StoriesState.unlock.fn(state, "dealer", "2")
    assert state.error["ko"] == "연령 확인이 필요합니다."
    assert _rows(minor.user.id) == 0

    adult = s.adult_session()
    _set_level(adult.user.id, 2)
    state = await _stories_state(monkeypatch, adult.user)
    await StoriesState.load.fn(state)
    assert state.adult
    assert state.cards["dealer"]["blurred"] == "1"
    assert state.cards["dealer"]["art"] == "/stories/teaser_dealer.svg"
    assert state.text_en["dealer"] == _paragraphs("dealer", "stage1", en_texts.STORIES)
    assert state.stages["dealer-2"]["unlockable"] == "1"
    assert state.requirements["dealer-2"][0]["progress"] == "2 / 2"
    for story, stage in (("nobody", "2"), ("dealer", "1"), ("dealer", "4"), ("dealer", "")):
        await StoriesState.unlock.fn(state, story, stage)  # ignored: never reaches the service
    assert _rows(adult.user.id) == 0
    await StoriesState.unlock.fn(state, "dealer", "3")
    assert state.error["en"] == "The conditions to open this stage are not met yet."
    await StoriesState.unlock.fn(state, "dealer", "2")
    assert state.error == {}
    assert state.result["ko"] == "‘하나의 종이학’ 2단계를 열었어요."
    assert state.cards["dealer"]["stage"] == "2"
    assert state.cards["dealer"]["blurred"] == ""
    assert state.cards["dealer"]["art"] == "/api/unlock/dealer/art"
    assert state.cards["bartender"]["art"] == "/stories/teaser_bartender.svg"
    assert state.stages["dealer-2"]["opened_ko"].startswith("레벨 조건으로 열었어요 · ")
    assert state.text_ko["dealer"] == _paragraphs("dealer", "stage2", ko_texts.STORIES)
    assert _rows(adult.user.id) == 1
