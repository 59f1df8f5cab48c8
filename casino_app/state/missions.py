"""The missions screen and the onboarding card: each mission's progress, its reward and the claim button."""

from __future__ import annotations

import asyncio
from datetime import datetime

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services import missions
from casino_app.services.missions.board import item_names
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.round_keys import valid_key
from casino_app.state.sound import sound
from casino_app.state.wallet import WalletState

# Where a player does what a first-steps mission asks (a shortcut on the onboarding card).
PLACES = {
    "daily_checkin": "/",
    "gacha_pull": "/games/gacha",
    "round_verified": "/fairness",
    "follow": "/friends",
    "profile_completed": "/profile",
}


def place_of(action: str, game: str | None) -> str:
    """The page where ``action`` (of ``game``) is done."""
    if action == "round_played":
        return f"/games/{game}" if game else "/"
    return PLACES.get(action, "/missions")


def reward_text(gold: int, xp: int, item_key: str | None, quantity: int | None) -> dict[str, str]:
    """The reward in every locale: gold, XP and the item, joined by middle dots."""
    names = dict(zip(LOCALES, item_names(item_key), strict=True)) if item_key else {}
    texts = {}
    for locale in LOCALES:
        parts = [t("missions.reward_gold", locale, gold=f"{gold:,}")] if gold else []
        parts += [t("missions.reward_xp", locale, xp=f"{xp:,}")] if xp else []
        if item_key and quantity:
            parts.append(t("missions.reward_item", locale, item=names[locale], quantity=quantity))
        texts[locale] = " · ".join(parts)
    return texts


def mission_row(view: missions.MissionView) -> dict[str, str]:
    """A mission as the screen shows it (texts in both languages; flags are "1" or "")."""
    reward = reward_text(view.reward_gold, view.reward_xp, view.reward_item_key, view.reward_item_quantity)
    note = {locale: t(f"missions.previous_{view.cadence}", locale) if view.previous else "" for locale in LOCALES}
    titles = {
        locale: f"{title} ({note[locale]})" if view.previous else title
        for locale, title in (("ko", view.title_ko), ("en", view.title_en))
    }
    return {
        "id": str(view.id),
        # a previous period's row sits next to the current one: its own key keeps the page's element ids apart
        "key": f"{view.key}-{view.period_key}" if view.previous else view.key,
        "title_ko": titles["ko"],
        "title_en": titles["en"],
        "description_ko": view.description_ko,
        "description_en": view.description_en,
        "progress": f"{view.progress:,}",
        "goal": f"{view.goal:,}",
        "percent": str(min(100, view.progress * 100 // view.goal)),
        "completed": "1" if view.completed else "",
        "claimed": "1" if view.claimed else "",
        "claimable": "1" if view.claimable else "",
        "reward_ko": reward["ko"],
        "reward_en": reward["en"],
        "href": place_of(view.action, view.game),
        "period": view.period_key,
        "previous": "1" if view.previous else "",
        "note_ko": note["ko"],
        "note_en": note["en"],
    }


def time_left(until: datetime, now: datetime) -> dict[str, str]:
    """How long until ``until`` and its KST time, in every locale."""
    seconds = max(0, int((until - now).total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    at = clock.kst_text(until)
    if days:
        return {locale: t("missions.days_left", locale, days=days, hours=hours, at=at) for locale in LOCALES}
    return {locale: t("missions.time_left", locale, hours=hours, minutes=minutes, at=at) for locale in LOCALES}


class MissionsState(rx.State):
    """The player's missions, re-read from the database on load and after every claim."""

    daily: list[dict[str, str]] = []
    weekly: list[dict[str, str]] = []
    onboarding: list[dict[str, str]] = []
    onboarding_done: bool = False
    daily_reset: dict[str, str] = {}
    weekly_reset: dict[str, str] = {}
    result: dict[str, str] = {}
    error: dict[str, str] = {}
    claiming: str = ""

    async def _fill(self, user_id: int) -> None:
        view = await asyncio.to_thread(missions.board, user_id)
        rows = await asyncio.to_thread(
            lambda: [[mission_row(m) for m in part] for part in (view.daily, view.weekly, view.onboarding)]
        )
        self.daily, self.weekly, self.onboarding = rows
        self.onboarding_done = view.onboarding_done
        now = clock.now()
        self.daily_reset = time_left(view.daily_resets_at, now)
        self.weekly_reset = time_left(view.weekly_resets_at, now)

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The missions page (players only)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.result, self.error, self.claiming = {}, {}, ""
        await self._fill(user.id)
        return None

    @rx.event
    async def refresh(self) -> None:
        """Reload the missions for a card elsewhere (home, welcome); nothing for guests or staff."""
        user = await require_player(self)
        if user is not None:
            await self._fill(user.id)

    @rx.event
    async def claim(self, mission_id: str, request_key: str) -> rx.event.EventSpec | None:
        """Take a completed mission's reward (the server decides; the browser's key makes a retry safe)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        target = as_int(mission_id, maximum=BIGINT_MAX)
        if target is None or self.claiming:
            return None
        self.claiming, self.result, self.error = str(target), {}, {}
        try:
            done = await asyncio.to_thread(missions.claim, user.id, target, valid_key(request_key))
        except AppError as exc:
            self.error = bilingual_error(exc)
            await self._fill(user.id)
            return None
        finally:
            self.claiming = ""
        reward = reward_text(done.gold, done.xp, done.item_key, done.item_quantity)
        self.result = {locale: t("missions.claimed_result", locale, reward=reward[locale]) for locale in LOCALES}
        (await self.get_state(WalletState))._apply_balance(user.id, done.balance, done.balance_version)
        if done.xp:
            await (await self.get_state(AuthState))._current_user()  # level and XP in the header
        await self._fill(user.id)
        return sound("claim")
