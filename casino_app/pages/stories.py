"""``/stories``: the age-gated character-story gallery — the legal notice, then either the age-check explanation
or one card per story (a blurred teaser picture at stage 1, the finished art once stage 2 is open, the open
stage's text, stages 2 and 3 with their requirements, progress and unlock buttons). Korean by default; the
language button switches the whole app."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.stories import STORY_KEYS, StoriesState
from casino_app.state.ui import UIState, tr

S = StoriesState
AGE_CHECK_HREF = "/profile#profile-age-title"


def _pick(row: rx.Var, field: str) -> rx.Var:
    return rx.cond(UIState.locale == "en", row[field + "_en"], row[field + "_ko"])


def notice() -> rx.Component:
    """The legal notice, shown to everyone who opens the page."""
    return rx.el.aside(
        rx.heading(tr("stories.notice_title"), as_="h2", size="4", id="cc-stories-notice-title"),
        rx.el.p(tr("stories.notice")),
        rx.el.p(tr("stories.notice_pack"), color="var(--cc-muted)"),
        class_name="cc-card",
        id="cc-stories-notice",
        aria_labelledby="cc-stories-notice-title",
        margin_bottom="16px",
    )


def age_gate() -> rx.Component:
    """For a player not verified as an adult: why the gallery is closed and where to verify."""
    return rx.el.section(
        rx.heading(tr("stories.gate_title"), as_="h2", size="5", id="cc-stories-gate-title"),
        rx.el.p(tr("stories.gate_body"), margin_y="8px"),
        rx.link(
            tr("stories.gate_link"), href=AGE_CHECK_HREF, class_name="cc-btn cc-btn--primary", id="cc-stories-verify"
        ),
        class_name="cc-card",
        id="cc-stories-gate",
        aria_labelledby="cc-stories-gate-title",
    )


def _state_badge(state: rx.Var) -> rx.Component:
    return rx.match(
        state,
        ("unlocked", rx.el.span(tr("stories.state_unlocked"), class_name="cc-badge cc-badge--ok")),
        ("unlockable", rx.el.span(tr("stories.state_unlockable"), class_name="cc-badge")),
        rx.el.span(tr("stories.state_locked"), class_name="cc-badge cc-badge--off"),
    )


def _requirement(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.cond(
                row["met"] != "",
                rx.icon("circle-check", size=14, color="var(--cc-success)", aria_hidden="true"),
                rx.icon("circle", size=14, color="var(--cc-muted)", aria_hidden="true"),
            ),
            rx.el.span(_pick(row, "text")),
            rx.spacer(),
            rx.el.span(row["progress"], class_name="cc-level-xp"),
            align="center",
            width="100%",
        ),
        rx.el.div(
            rx.el.div(class_name="cc-bar-fill", style={"width": row["percent"] + "%"}),
            class_name="cc-bar",
            role="progressbar",
            aria_valuemin="0",
            aria_valuemax="100",
            aria_valuenow=row["percent"],
            aria_label=tr("stories.progress_label"),
            margin_top="4px",
        ),
        data_kind=row["kind"],
        margin_bottom="8px",
    )


def _stage(key: str, stage: int) -> rx.Component:
    """Stage 2 or 3 of one story: state, how it was opened, or its requirements and the unlock button."""
    entry = f"{key}-{stage}"
    fields = S.stages[entry]
    button_id = f"cc-story-{key}-unlock-{stage}"
    return rx.el.li(
        rx.hstack(
            rx.el.strong(tr(f"stories.stage_{stage}")),
            rx.spacer(),
            _state_badge(fields["state"]),
            align="center",
            width="100%",
        ),
        rx.cond(
            fields["unlocked"] != "",
            rx.el.p(_pick(fields, "opened"), class_name="cc-field-hint", id=f"cc-story-{key}-opened-{stage}"),
            rx.fragment(
                rx.cond(
                    fields["needs_previous"] != "",
                    rx.el.p(tr("stories.needs_stage_2"), class_name="cc-field-hint"),
                    rx.el.p(tr("stories.any_of"), class_name="cc-field-hint"),
                ),
                rx.el.ul(rx.foreach(S.requirements[entry], _requirement), padding="0", list_style="none"),
                rx.el.button(
                    tr("stories.unlock"),
                    type="button",
                    class_name=rx.cond(fields["unlockable"] != "", "cc-btn cc-btn--primary", "cc-btn cc-btn--ghost"),
                    disabled=(fields["unlockable"] == "") | (S.busy != ""),
                    aria_busy=S.busy == entry,
                    on_click=S.unlock(key, str(stage)),
                    id=button_id,
                ),
            ),
        ),
        class_name="cc-card",
        id=f"cc-story-{key}-stage-{stage}",
        data_state=fields["state"],
        margin_top="8px",
    )


def _art(key: str) -> rx.Component:
    """The picture: the public teaser (blurred in the file itself) at stage 1, the gated finished art after."""
    card = S.cards[key]
    return rx.el.div(
        rx.image(
            src=card["art"],
            alt=_pick(card, "alt"),
            width="100%",
            height="auto",
            style={"display": "block"},
            id=f"cc-story-{key}-art",
            data_blurred=rx.cond(card["blurred"] != "", "true", "false"),
        ),
        overflow="hidden",
        border_radius="var(--cc-radius-md)",
        border=f"1px solid {card['accent']}",
        aspect_ratio="4 / 3",
    )


def story_card(key: str) -> rx.Component:
    """One story: art, title, character, the open stage's text and stages 1–3."""
    card = S.cards[key]
    return rx.el.article(
        _art(key),
        rx.heading(_pick(card, "title"), as_="h2", size="5", margin_top="12px", id=f"cc-story-{key}-title"),
        rx.text(_pick(card, "character"), size="2", color="var(--cc-muted)"),
        rx.el.div(
            rx.cond(
                UIState.locale == "en",
                rx.foreach(S.text_en[key], lambda p: rx.el.p(p, margin_bottom="8px")),
                rx.foreach(S.text_ko[key], lambda p: rx.el.p(p, margin_bottom="8px")),
            ),
            id=f"cc-story-{key}-text",
            margin_y="12px",
            line_height="1.7",
        ),
        rx.cond(card["blurred"] != "", rx.el.p(tr("stories.teaser_hint"), class_name="cc-field-hint")),
        rx.el.ul(
            rx.el.li(
                rx.hstack(
                    rx.el.strong(tr("stories.stage_1")),
                    rx.spacer(),
                    rx.el.span(tr("stories.state_unlocked"), class_name="cc-badge cc-badge--ok"),
                    align="center",
                    width="100%",
                ),
                rx.el.p(tr("stories.open_for_adults"), class_name="cc-field-hint"),
                class_name="cc-card",
                id=f"cc-story-{key}-stage-1",
                data_state="unlocked",
            ),
            *[_stage(key, stage) for stage in (2, 3)],
            padding="0",
            list_style="none",
        ),
        class_name="cc-card",
        id=f"cc-story-{key}",
        data_stage=card["stage"],
        aria_labelledby=f"cc-story-{key}-title",
    )


def gallery() -> rx.Component:
    """Every story's card."""
    return rx.box(
        *[story_card(key) for key in STORY_KEYS],
        id="cc-stories",
        display="grid",
        grid_template_columns="repeat(auto-fill, minmax(320px, 1fr))",
        gap="16px",
    )


def stories_page() -> rx.Component:
    """The notice, the last unlock's result or error, then the gallery or the age-check explanation."""
    return shell(
        rx.el.section(
            rx.hstack(
                rx.heading(tr("stories.title"), as_="h1", size="7", id="stories-title", class_name="cc-glow-heading"),
                rx.spacer(),
                rx.el.button(
                    tr("header.switch_to"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost cc-btn--small",
                    on_click=UIState.toggle_language,
                    id="cc-stories-lang",
                    lang=rx.cond(UIState.locale == "en", "ko", "en"),
                ),
                align="center",
                width="100%",
            ),
            rx.text(tr("stories.lead"), color="var(--cc-muted)", margin_bottom="12px"),
            notice(),
            alert(S.error, alert_id="cc-stories-error"),
            alert(S.result, tone="success", alert_id="cc-stories-result"),
            rx.cond(S.loaded, rx.cond(S.adult, gallery(), age_gate())),
            aria_labelledby="stories-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/stories`` (players only; the gallery itself is for verified adults)."""
    app.add_page(
        stories_page,
        route="/stories",
        title=tr("page.stories_title"),
        on_load=[*page_events.PLAYER, StoriesState.load],
    )
