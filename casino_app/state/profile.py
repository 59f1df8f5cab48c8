"""The profile page: own details, nickname/avatar changes and age verification."""

from __future__ import annotations

import asyncio
from datetime import date

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, field_message, t
from casino_app.services.accounts import age, users
from casino_app.services.accounts.validation import AVATARS
from casino_app.services.games import rounds
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, require_settled_user


def _counters(extra: dict[str, int], locale: str) -> str:
    """A game's own counters ("Ties 3, Rare or better 5"), labelled from ``games.stat.<name>``."""
    return ", ".join(f"{t(f'games.stat.{name}', locale)} {value:,}" for name, value in extra.items())


class ProfileState(rx.State):
    """Profile view-model (filled from the database on open and after every change)."""

    site_id: str = ""
    nickname: str = ""
    rank: str = ""
    level: int = 1
    xp: int = 0
    avatar: str = "neon-cat"
    joined: str = ""
    last_login: str = ""
    age_verified: bool = False
    avatars: list[str] = list(AVATARS)
    saved: bool = False
    error: dict[str, str] = {}
    age_open: bool = False
    age_error: dict[str, str] = {}
    age_preview: dict[str, str] = {}  # the age the date gives, shown as it is picked
    age_pending: str = ""  # a minor's birth date waiting for the player's confirmation (ISO)
    age_confirm_title: dict[str, str] = {}
    age_confirm_body: dict[str, str] = {}
    game_stats: list[dict[str, str]] = []

    def _fill(self, profile: users.Profile) -> None:
        self.site_id, self.nickname, self.rank = profile.site_id, profile.nickname, profile.rank
        self.level, self.xp, self.avatar = profile.level, profile.xp, profile.avatar
        tz = clock.business_tz()
        self.joined = profile.created_at.astimezone(tz).date().isoformat()
        self.last_login = clock.kst_text(profile.last_login_at)
        self.age_verified = profile.age_verified

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load the player's own profile (guarded)."""
        user = await require_settled_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        self._fill(await asyncio.to_thread(users.get_profile, user.id))
        _, per_game = await asyncio.to_thread(rounds.stats, user.id)
        self.game_stats = [
            {
                "game": game,
                "rounds": f"{s.total_bets:,}",
                "wagered": f"{s.total_wagered:,}",
                "won": f"{s.total_won:,}",
                "best": f"{s.best_win:,}",
                "net": f"{s.net:+,}",
                "extra_ko": _counters(s.extra, "ko"),
                "extra_en": _counters(s.extra, "en"),
            }
            for game, s in per_game.items()
        ]
        self.saved, self.error = False, {}
        return None

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Change nickname and avatar."""
        user = await require_settled_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        # A blank nickname is refused by the service (REQUIRED), never taken as "no change".
        nickname = str(form["nickname"])[:100] if "nickname" in form else None
        avatar = str(form.get("avatar", "")) or None
        try:
            profile = await asyncio.to_thread(users.update_profile, user.id, nickname=nickname, avatar=avatar)
        except AppError as exc:
            fields = exc.details.get("fields")
            if isinstance(fields, list) and fields:
                self.error = {loc: field_message(fields[0]["code"], loc) for loc in LOCALES}
            else:
                self.error = bilingual_error(exc)
            self.saved = False
            return None
        self._fill(profile)
        await (await self.get_state(AuthState))._current_user()  # header shows the new nickname/avatar
        self.saved, self.error = True, {}
        return None

    @rx.event
    def set_age_open(self, value: bool) -> None:
        """Open or close the age-verification dialog."""
        self.age_open = bool(value)
        self.age_error, self.age_preview, self.age_pending = {}, {}, ""

    @rx.event
    def preview_age(self, value: str) -> None:
        """The date input changed: show the age it gives today (nothing is recorded)."""
        try:
            check = age.assess(date.fromisoformat(str(value)[:10]))
        except (ValueError, AppError):
            self.age_preview = {}
            return
        key = "age.computed_adult" if check.adult else "age.computed_minor"
        self.age_preview = {loc: t(key, loc, age=check.age, year=check.adult_from.year) for loc in LOCALES}

    @rx.event
    def fix_age_date(self) -> None:
        """Back from the minor confirmation to the date field."""
        self.age_pending, self.age_error = "", {}

    @rx.event
    async def verify_age(self, form: dict) -> rx.event.EventSpec | None:
        """Self-declare a birth date (Korean youth-protection rule); a minor's date asks for confirmation first."""
        try:
            birth = date.fromisoformat(str(form.get("birth_date", ""))[:10])
        except ValueError:
            self.age_error = bilingual_code("BIRTH_DATE_INVALID")
            return None
        return await self._declare(birth, minor_confirmed=False)

    @rx.event
    async def confirm_minor_age(self) -> rx.event.EventSpec | None:
        """The player confirmed the minor's date they entered: record it."""
        try:
            birth = date.fromisoformat(self.age_pending)
        except ValueError:
            self.age_pending = ""
            return None
        return await self._declare(birth, minor_confirmed=True)

    async def _declare(self, birth: date, *, minor_confirmed: bool) -> rx.event.EventSpec | None:
        user = await require_settled_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        try:
            await asyncio.to_thread(age.verify, user.id, birth, minor_confirmed=minor_confirmed)
        except AppError as exc:
            if exc.error_code == "AGE_CONFIRM_MINOR":
                years, shown = int(exc.details.get("age", 0)), birth.isoformat()
                self.age_pending, self.age_error = shown, {}
                self.age_confirm_title = {loc: t("age.confirm_title", loc, age=years) for loc in LOCALES}
                self.age_confirm_body = {loc: t("age.confirm_body", loc, age=years, date=shown) for loc in LOCALES}
                return None
            self.age_error, self.age_pending = bilingual_error(exc), ""
            return None
        self.age_verified, self.age_open, self.age_error, self.age_pending = True, False, {}, ""
        (await self.get_state(AuthState)).age_verified = True
        return None
