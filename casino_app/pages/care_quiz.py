"""``/care/quiz``: the play-style quiz — five questions, then the style, fitting games and protective suggestions."""

from __future__ import annotations

import reflex as rx

from casino_app.components.dealer import dealer_panel
from casino_app.components.forms import alert, localized
from casino_app.components.layout import shell
from casino_app.components.mood import mood_card
from casino_app.state import page_events
from casino_app.state.care_quiz import LIMITS, QUESTIONS, CareQuizState
from casino_app.state.mood import MoodState
from casino_app.state.ui import UIState, tr

Q = CareQuizState


def _question(question: str, options: tuple[str, ...]) -> rx.Component:
    legend_id = f"cc-quiz-q-{question}"
    return rx.el.fieldset(
        rx.el.legend(tr(f"quiz.q.{question}"), class_name="cc-label", id=legend_id),
        rx.el.div(
            *[
                rx.el.button(
                    tr(f"quiz.q.{question}.{option}"),
                    type="button",
                    aria_pressed=Q.answers[question] == option,
                    class_name="cc-bet",
                    on_click=Q.choose(question, option),
                    id=f"cc-quiz-{question}-{option}",
                )
                for option in options
            ],
            class_name="cc-bets",
            role="group",
            aria_labelledby=legend_id,
        ),
        class_name="cc-fieldset",
    )


def _form() -> rx.Component:
    return rx.el.form(
        *[_question(question, options) for question, options in QUESTIONS.items()],
        alert(Q.error, alert_id="cc-quiz-error"),
        rx.cond(~Q.complete, rx.el.p(tr("quiz.unanswered"), class_name="cc-field-hint")),
        rx.el.button(
            rx.cond(Q.busy, tr("quiz.submitting"), tr("quiz.submit")),
            type="submit",
            class_name="cc-btn cc-btn--primary",
            disabled=~Q.complete | Q.busy,
            aria_busy=Q.busy,
            id="cc-quiz-submit",
        ),
        on_submit=Q.submit,
        prevent_default=True,
        id="cc-quiz-form",
    )


def _game(row: rx.Var) -> rx.Component:
    name = rx.cond(UIState.locale == "en", row["name_en"], row["name_ko"])
    note = rx.cond(UIState.locale == "en", row["note_en"], row["note_ko"])
    return rx.el.li(
        rx.cond(row["href"] != "", rx.link(name, href=row["href"]), rx.el.span(name)),  # only a free game links
        rx.el.span(" · ", note, class_name="cc-field-hint"),
        data_game=row["game"],
    )


def _result() -> rx.Component:
    return rx.el.section(
        rx.heading(localized(Q.texts["title"]), as_="h2", size="5", id="cc-quiz-style"),
        rx.text(localized(Q.texts["about"])),
        rx.el.p(localized(Q.texts["date"]), class_name="cc-field-hint"),
        rx.heading(tr("quiz.games_title"), as_="h3", size="4", margin_top="12px"),
        rx.el.p(tr("quiz.games_hint"), class_name="cc-field-hint"),
        rx.el.ul(rx.foreach(Q.games, _game), class_name="cc-list", id="cc-quiz-games"),
        rx.el.p(localized(Q.texts["interval"]), id="cc-quiz-interval"),
        rx.heading(tr("quiz.limits_title"), as_="h3", size="4", margin_top="12px"),
        rx.el.ul(
            *[rx.el.li(localized(Q.texts[f"limit_{name}"]), id=f"cc-quiz-limit-{name}") for name in LIMITS],
            class_name="cc-list",
            id="cc-quiz-limits",
        ),
        rx.el.p(localized(Q.texts["limits_hint"]), class_name="cc-field-hint", id="cc-quiz-limits-hint"),
        rx.hstack(
            rx.link(
                localized(Q.texts["limits_link"]), href="/care", class_name="cc-btn cc-btn--primary", id="cc-quiz-apply"
            ),
            rx.el.button(
                tr("quiz.retake"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=Q.retake,
                id="cc-quiz-retake",
            ),
            spacing="3",
            wrap="wrap",
            margin_top="8px",
        ),
        class_name="cc-card",
        aria_labelledby="cc-quiz-style",
        id="cc-quiz-result",
    )


def care_quiz_page() -> rx.Component:
    """The quiz (Korean by default) with Haru's greeting; the latest result replaces it until retaken. The day's
    optional mood check-in sits below it."""
    return shell(
        rx.el.section(
            rx.heading(tr("quiz.title"), as_="h1", size="7", id="care-quiz-title", class_name="cc-glow-heading"),
            rx.text(tr("quiz.lead"), color="var(--cc-muted)"),
            rx.el.p(tr("quiz.privacy"), class_name="cc-field-hint"),
            dealer_panel(),
            rx.cond(Q.has_result & ~Q.editing, _result(), _form()),
            rx.el.div(mood_card(), margin_top="16px"),
            aria_labelledby="care-quiz-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/care/quiz`` (players only)."""
    app.add_page(
        care_quiz_page,
        route="/care/quiz",
        title=tr("page.care_quiz_title"),
        on_load=[*page_events.PLAYER, CareQuizState.load, MoodState.load],
    )
