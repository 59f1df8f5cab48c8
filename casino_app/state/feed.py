"""The live feed in the side panel (Legendary pulls, big wins), pushed to every tab."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.i18n import LOCALES, t
from casino_app.services import feed

MAX_SHOWN = 8


@dataclasses.dataclass
class FeedLine:
    """A feed line in both languages."""

    id: int
    ko: str
    en: str
    at: str


def _line(feed_id: int, kind: str, nickname: str, params: dict[str, Any], at: str) -> FeedLine:
    shown = {k: f"{v:,}" if isinstance(v, int) else v for k, v in params.items()}
    text = {}
    for locale in LOCALES:
        item = shown.get(f"item_{locale}", "")
        text[locale] = t(f"feed.{kind}", locale, nickname=nickname, item=item, **shown)
    return FeedLine(feed_id, text["ko"], text["en"], at)


class FeedState(rx.State):
    """Recent public moments."""

    lines: list[FeedLine] = []

    @rx.event
    async def refresh(self) -> None:
        """Load the latest moments."""
        items = await asyncio.to_thread(feed.recent, MAX_SHOWN)
        tz = clock.business_tz()
        self.lines = [
            _line(i.id, i.kind, i.nickname, i.params, i.created_at.astimezone(tz).strftime("%H:%M")) for i in items
        ]

    def _push(self, data: dict[str, Any]) -> None:
        """A moment pushed by the realtime service."""
        at = clock.now().astimezone(clock.business_tz()).strftime("%H:%M")
        line = _line(
            int(data.get("id", 0)),
            str(data.get("kind", "")),
            str(data.get("nickname", "")),
            dict(data.get("params") or {}),
            at,
        )
        self.lines = [line, *[x for x in self.lines if x.id != line.id]][:MAX_SHOWN]
