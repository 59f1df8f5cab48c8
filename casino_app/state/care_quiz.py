"""The play-style quiz page: the five questions, the answers chosen so far and the latest result."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.care import quiz, settings
from casino_app.services.games import registry
from casino_app.state.auth import AuthState, bilingual_error, require_player

QUESTIONS = quiz.QUESTIONS
LIMITS = settings.LIMITS  # the daily limits the result card has a line for


def _both(key: str, **params: Any) -> dict[str, str]:
    return {locale: t(key, locale, **params) for locale in LOCALES}


def _free_game(game: str) -> bool:
    return registry.is_game(game) and not registry.get(game).wagered


def game_rows(result: dict[str, Any]) -> list[dict[str, str]]:
    """The recommended games as the page lists them: names and notes in both languages, and a page link only for
    a free game (no stake) — the list names staked games but never sends the player into one."""
    rows = []
    for entry in result.get("games", []):
        game = str(entry["game"])
        note = str(entry.get("note", "")) or "staked"
        rows.append(
            {
                "game": game,
                "href": f"/games/{game}" if _free_game(game) else "",
                "name_ko": t(f"games.name.{game}", "ko"),
                "name_en": t(f"games.name.{game}", "en"),
                "note_ko": t(f"quiz.note.{note}", "ko"),
                "note_en": t(f"quiz.note.{note}", "en"),
            }
        )
    return rows


def result_texts(view: quiz.QuizView) -> dict[str, dict[str, str]]:
    """The result card's texts in every locale: style, date, interval, and one line per daily limit (never a
    suggestion above the limit in force: "keep your current limit" then)."""
    interval = view.result["reality_interval"]
    day = view.created_at.astimezone(clock.business_tz()).strftime("%Y-%m-%d")
    if interval["applied"]:
        interval_text = _both("quiz.interval_applied", previous=interval["previous"], minutes=interval["suggested"])
    else:
        interval_text = _both("quiz.interval_kept", previous=interval["previous"])
    texts = {
        "title": {
            locale: t("quiz.result_title", locale, style=t(f"quiz.style.{view.style}", locale)) for locale in LOCALES
        },
        "about": _both(f"quiz.style.{view.style}.about"),
        "date": _both("quiz.result_date", date=day),
        "interval": interval_text,
    }
    for advice in view.limits:
        current = f"{advice.current:,}" if advice.current is not None else ""
        texts[f"limit_{advice.name}"] = _both(
            f"quiz.limit.{advice.name}.{advice.action}", value=f"{advice.value:,}", current=current
        )
    to_apply = any(advice.action != "keep" for advice in view.limits)
    texts["limits_hint"] = _both("quiz.limits_hint" if to_apply else "quiz.limits_keep_hint")
    texts["limits_link"] = _both("quiz.limits_link" if to_apply else "quiz.limits_view_link")
    return texts


class CareQuizState(rx.State):
    """Answers picked on the page (validated) and the latest stored result (re-read from the database)."""

    answers: dict[str, str] = {}
    has_result: bool = False
    editing: bool = True
    texts: dict[str, dict[str, str]] = {}
    games: list[dict[str, str]] = []
    error: dict[str, str] = {}
    busy: bool = False

    @rx.var
    def complete(self) -> bool:
        """Whether every question has an answer."""
        return all(question in self.answers for question in QUESTIONS)

    def _show(self, view: quiz.QuizView | None) -> None:
        self.has_result = view is not None
        self.editing = view is None
        self.texts = result_texts(view) if view is not None else {}
        self.games = game_rows(view.result) if view is not None else []

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The quiz page (players only): the latest result if there is one, else the questions."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.answers, self.error, self.busy = {}, {}, False
        self._show(await asyncio.to_thread(quiz.latest, user.id))
        return None

    @rx.event
    def choose(self, question: str, option: str) -> None:
        """Pick an option for a question (only the quiz's own questions and options; touches no user data)."""
        if not isinstance(question, str) or not isinstance(option, str):
            return
        if option in QUESTIONS.get(question, ()):
            self.answers = {**self.answers, question: option}

    @rx.event
    def retake(self) -> None:
        """Show the questions again (the stored result stays until a new one is submitted)."""
        self.answers, self.error, self.editing = {}, {}, True

    @rx.event
    async def submit(self) -> rx.event.EventSpec | None:
        """Score the answers on the server: it stores the result and may only shorten the reality-check interval."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.busy:
            return None
        self.busy, self.error = True, {}
        try:
            view = await asyncio.to_thread(quiz.submit, user.id, dict(self.answers))
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        finally:
            self.busy = False
        self.answers = {}
        self._show(view)
        return None
