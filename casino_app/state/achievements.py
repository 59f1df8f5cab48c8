"""Achievements in the UI: the profile panel (every achievement of the player, unlocked or with its progress) and
another player's badges on their card (``/players?id=``; badges only)."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import NotFound
from casino_app.services.achievements import views
from casino_app.state.auth import require_player
from casino_app.state.inputs import BIGINT_MAX, as_int

BADGE_URL = "/badges/{badge}.svg"


def badge_items(badges: list[views.BadgeView]) -> list[dict[str, str]]:
    """Unlocked badges as display strings (dates in KST)."""
    tz = clock.business_tz()
    return [
        {
            "key": b.key,
            "name_ko": b.name_ko,
            "name_en": b.name_en,
            "src": BADGE_URL.format(badge=b.badge),
            "color": f"var(--cc-{b.color})",
            "achieved_at": b.achieved_at.astimezone(tz).date().isoformat(),
        }
        for b in badges
    ]


def tiles(own: views.OwnAchievements) -> list[dict[str, str]]:
    """One tile per achievement, as display strings (dates in KST)."""
    tz = clock.business_tz()
    rows = []
    for a in own.achievements:
        rows.append(
            {
                "key": a.key,
                "name_ko": a.name_ko,
                "name_en": a.name_en,
                "description_ko": a.description_ko,
                "description_en": a.description_en,
                "src": BADGE_URL.format(badge=a.badge),
                "color": f"var(--cc-{a.color})",
                "unlocked": "1" if a.unlocked else "",
                "achieved_at": a.achieved_at.astimezone(tz).date().isoformat() if a.achieved_at else "",
                "current": f"{a.current:,}",
                "target": f"{a.target:,}",
                "percent": str(min(100, a.current * 100 // a.target) if a.target else 0),
                "gold": f"{a.reward_gold:,}",
                "xp": f"{a.reward_xp:,}",
            }
        )
    return rows


class AchievementsState(rx.State):
    """The signed-in player's achievements (re-read from the database on every load)."""

    items: list[dict[str, str]] = []
    unlocked: int = 0
    total: int = 0
    failed: bool = False

    @rx.event
    async def load(self) -> None:
        """Load the player's own achievements (nothing for staff or a signed-out tab)."""
        user = await require_player(self)
        if user is None:
            self.items, self.unlocked, self.total = [], 0, 0
            return
        try:
            own = await asyncio.to_thread(views.own, user.id)
        except NotFound:  # the account was deactivated meanwhile
            self.items, self.unlocked, self.total, self.failed = [], 0, 0, True
            return
        self.items = tiles(own)
        self.unlocked = len(own.badges)
        self.total = len(own.achievements)
        self.failed = False


class PlayerBadgesState(rx.State):
    """The badges another player unlocked, for their public card (no progress, no rewards)."""

    badges: list[dict[str, str]] = []

    @rx.event
    async def load(self) -> None:
        """Load the badges of the player in ``?id=`` (players only; nothing for an unknown id)."""
        user = await require_player(self)
        target = as_int(str(self.router.url.query_parameters.get("id", ""))[:20], maximum=BIGINT_MAX)
        if user is None or not target:
            self.badges = []
            return
        try:
            seen = await asyncio.to_thread(views.public, target)
        except NotFound:
            self.badges = []
            return
        self.badges = badge_items(seen.badges)
