"""The mood check-in card: today's answer (once per KST day) and the gentle suggestion it got."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.care import mood
from casino_app.state.auth import bilingual_error, require_player

MOODS = mood.MOODS


def answer_texts(check: mood.MoodCheck) -> dict[str, dict[str, str]]:
    """The answered card's texts in every locale: the mood, the suggestion and its link label."""
    link_key = f"mood.link.{check.suggestion}"
    return {
        "answered": {
            locale: t("mood.answered", locale, mood=t(f"mood.choice.{check.mood}", locale)) for locale in LOCALES
        },
        "suggestion": {locale: t(f"mood.suggest.{check.suggestion}", locale) for locale in LOCALES},
        "link_label": {locale: t(link_key, locale) for locale in LOCALES} if check.link else {},
    }


class MoodState(rx.State):
    """Whether the player answered today, and what the card shows (players only; nothing for guests or staff)."""

    ready: bool = False
    mood: str = ""
    suggestion: str = ""
    link: str = ""
    answered: dict[str, str] = {}
    suggestion_text: dict[str, str] = {}
    link_label: dict[str, str] = {}
    error: dict[str, str] = {}
    busy: bool = False

    def _show(self, check: mood.MoodCheck | None) -> None:
        self.ready = True
        if check is None:
            self.mood = self.suggestion = self.link = ""
            self.answered, self.suggestion_text, self.link_label = {}, {}, {}
            return
        texts = answer_texts(check)
        self.mood, self.suggestion, self.link = check.mood, check.suggestion, check.link
        self.answered, self.suggestion_text, self.link_label = (
            texts["answered"],
            texts["suggestion"],
            texts["link_label"],
        )

    @rx.event
    async def load(self) -> None:
        """Read today's answer for the card (guests and staff see no card)."""
        user = await require_player(self)
        if user is None:
            self.ready = False
            return
        self.error = {}
        self._show(await asyncio.to_thread(mood.today, user.id))

    @rx.event
    async def checkin(self, choice: str) -> None:
        """Answer today's mood (the server decides; a second answer the same day shows the first one)."""
        user = await require_player(self)
        if user is None or self.busy or not isinstance(choice, str) or choice not in MOODS:
            return
        self.busy, self.error = True, {}
        try:
            self._show(await asyncio.to_thread(mood.checkin, user.id, choice))
        except mood.MoodAlreadyToday as exc:
            self.error = bilingual_error(exc)
            self._show(await asyncio.to_thread(mood.today, user.id))
        except AppError as exc:
            self.error = bilingual_error(exc)
        finally:
            self.busy = False
