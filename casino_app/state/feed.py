"""The live feed in the side panel (Legendary pulls, big wins), pushed to every tab.

A player may narrow it to the players they follow: the first page is filtered in
the query, live pushes by the followed ids kept in the tab's state. Followers are
not notified one by one (a popular player's big win would write a row per follower
inside the round's transaction); the filtered feed is how they see it.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.i18n import LOCALES, t
from casino_app.services import feed
from casino_app.services.social import follows
from casino_app.state.auth import require_player

MAX_SHOWN = 8


@dataclasses.dataclass
class FeedLine:
    """A feed line in both languages."""

    id: int
    ko: str
    en: str
    at: str
    user_id: int = 0


def _line(feed_id: int, kind: str, nickname: str, params: dict[str, Any], at: str, user_id: int = 0) -> FeedLine:
    shown = {k: f"{v:,}" if isinstance(v, int) else v for k, v in params.items()}
    text = {}
    for locale in LOCALES:
        item = shown.get(f"item_{locale}", "")
        game_name = t(f"games.name.{params.get('game', 'slot')}", locale)
        text[locale] = t(f"feed.{kind}", locale, nickname=nickname, item=item, game_name=game_name, **shown)
    return FeedLine(feed_id, text["ko"], text["en"], at, user_id)


class FeedState(rx.State):
    """Recent public moments."""

    lines: list[FeedLine] = []
    following_only: bool = False
    _followed: list[int] = []

    @rx.event
    async def refresh(self) -> None:
        """Load the latest moments (of the players I follow, in that view)."""
        await self._load()

    @rx.event
    async def show_following(self, value: bool) -> None:
        """Switch between everyone's moments and those of the players I follow (players only)."""
        self.following_only = value is True
        await self._load()

    async def _load(self) -> None:
        viewer = await require_player(self) if self.following_only else None
        self.following_only = viewer is not None
        followed_by = viewer.id if viewer is not None else None
        items = await asyncio.to_thread(feed.recent, MAX_SHOWN, followed_by=followed_by)
        self._followed = await asyncio.to_thread(follows.followed_ids, viewer.id) if viewer is not None else []
        tz = clock.business_tz()
        self.lines = [
            _line(i.id, i.kind, i.nickname, i.params, i.created_at.astimezone(tz).strftime("%H:%M"), i.user_id)
            for i in items
        ]

    def _push(self, data: dict[str, Any]) -> None:
        """A moment pushed by the realtime service."""
        user_id = int(data.get("user_id") or 0)
        if self.following_only and user_id not in self._followed:
            return
        at = clock.now().astimezone(clock.business_tz()).strftime("%H:%M")
        line = _line(
            int(data.get("id", 0)),
            str(data.get("kind", "")),
            str(data.get("nickname", "")),
            dict(data.get("params") or {}),
            at,
            user_id,
        )
        self.lines = [line, *[x for x in self.lines if x.id != line.id]][:MAX_SHOWN]
