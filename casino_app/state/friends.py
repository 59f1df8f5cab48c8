"""``/friends`` (my referral code, whom I follow) and ``/players?id=`` (a player's card with a follow button).

Thin view-models: every handler re-checks the player and asks the services; nothing here decides a rule.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.accounts import users
from casino_app.services.referrals import rewards
from casino_app.services.social import follows
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int

PAGE_SIZE = 20


def _texts(key: str, **params: object) -> dict[str, str]:
    return {locale: t(key, locale, **params) for locale in LOCALES}


class FriendsState(rx.State):
    """My personal code and its results, my follower counts, and one page of the players I follow."""

    code: str = ""
    link: str = ""
    invited: int = 0
    rewarded: int = 0
    rewards_this_month: int = 0
    cap: int = 0
    reward_gold: str = ""
    reward_level: int = 0
    follower_count: int = 0
    following_count: int = 0
    following: list[dict[str, str]] = []
    offset: int = 0
    total: int = 0
    error: dict[str, str] = {}
    code_help: dict[str, str] = {}
    reward_rule: dict[str, str] = {}
    share_title: dict[str, str] = {}
    share_text: dict[str, str] = {}

    @rx.var
    def has_previous(self) -> bool:
        """Whether an earlier page exists."""
        return self.offset > 0

    @rx.var
    def has_next(self) -> bool:
        """Whether a later page exists."""
        return self.offset + PAGE_SIZE < self.total

    async def _page(self, user_id: int) -> None:
        page = await asyncio.to_thread(follows.following, user_id, limit=PAGE_SIZE, offset=self.offset)
        if not page.items and self.offset > 0 and page.total > 0:  # the last page emptied: step back
            self.offset = max(0, (page.total - 1) // PAGE_SIZE * PAGE_SIZE)
            page = await asyncio.to_thread(follows.following, user_id, limit=PAGE_SIZE, offset=self.offset)
        self.total = page.total
        self.following = [{"user_id": str(i.user_id), "nickname": i.nickname} for i in page.items]
        self.follower_count, self.following_count = await asyncio.to_thread(follows.counts, user_id)

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Code, counts and the first page (player only)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        view = await asyncio.to_thread(rewards.summary, user.id)
        self.code, self.link = view.code, view.link
        self.invited, self.rewarded, self.rewards_this_month = view.invited, view.rewarded, view.rewards_this_month
        self.cap, self.reward_gold, self.reward_level = view.cap, f"{view.reward_gold:,}", view.reward_level
        self.code_help = _texts("friends.code_help", max_signups=view.max_signups)
        self.reward_rule = _texts("friends.reward_rule", level=view.reward_level, gold=self.reward_gold, cap=view.cap)
        self.share_title = _texts("friends.share_title")
        self.share_text = _texts("friends.share_text", code=view.code)
        self.offset, self.error = 0, {}
        await self._page(user.id)
        return None

    @rx.event
    async def turn_page(self, step: int) -> rx.event.EventSpec | None:
        """The previous (-1) or next (+1) page of the players I follow."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        direction = 1 if step == 1 else -1
        self.offset = max(0, min(self.offset + direction * PAGE_SIZE, follows.MAX_FOLLOWING))
        await self._page(user.id)
        return None

    @rx.event
    async def unfollow(self, user_id: str) -> rx.event.EventSpec | None:
        """Stop following one player of the list."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        target = as_int(user_id, maximum=BIGINT_MAX)
        if target is None:
            return None
        try:
            await asyncio.to_thread(follows.unfollow, user.id, target)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self.error = {}
        await self._page(user.id)
        return None


class PlayerCardState(rx.State):
    """Another player's public card (``/players?id=``) and whether I follow them."""

    target_id: str = ""
    checked: bool = False
    found: bool = False
    is_self: bool = False
    nickname: str = ""
    rank: str = "STANDARD"
    level: int = 1
    avatar: str = "neon-cat"
    joined: str = ""
    following: bool = False
    follower_count: int = 0
    following_count: int = 0
    error: dict[str, str] = {}

    async def _fill(self, viewer_id: int, target: int) -> None:
        try:
            card = await asyncio.to_thread(users.public_profile, target)
            state = await asyncio.to_thread(follows.state, viewer_id, target)
        except AppError:
            self.found = False
            return
        self.found, self.is_self, self.target_id = True, viewer_id == target, str(target)
        self.nickname, self.rank, self.level, self.avatar = card.nickname, card.rank, card.level, card.avatar
        self.joined = card.joined.astimezone(clock.business_tz()).strftime("%Y-%m-%d")
        self.following, self.follower_count = state.following, state.follower_count
        _, self.following_count = await asyncio.to_thread(follows.counts, target)

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The card of ``?id=`` (player only)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.error, self.found, self.checked = {}, False, False
        target = as_int(str(self.router.url.query_parameters.get("id", ""))[:20], maximum=BIGINT_MAX)
        if target is not None and target > 0:
            await self._fill(user.id, target)
        self.checked = True
        return None

    @rx.event
    async def toggle_follow(self) -> rx.event.EventSpec | None:
        """Follow, or stop following, the player shown."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        target = as_int(self.target_id, maximum=BIGINT_MAX)
        if target is None:
            return None
        change = follows.unfollow if self.following else follows.follow
        try:
            result = await asyncio.to_thread(change, user.id, target)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self.following, self.follower_count, self.error = result.following, result.follower_count, {}
        return None
