"""Sections of the healthy-play page (``/care``): the breaks (the one in force, cool-off, self-exclusion, past
ones), links to the other care tools with the mood card, and help."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.mood import mood_card
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state.care import CareState
from casino_app.state.ui import tr, tr_by

C = CareState
HELPLINE_SITE = "https://www.kcgp.or.kr"


def care_card(title_key: str, section_id: str, *children: rx.Component) -> rx.Component:
    """A page section: a card with an h2 that labels it."""
    heading_id = f"{section_id}-title"
    return rx.el.section(
        rx.heading(tr(title_key), as_="h2", size="5", id=heading_id, margin_bottom="8px"),
        *children,
        class_name="cc-card",
        id=section_id,
        aria_labelledby=heading_id,
    )


def muted(key: str, **props: object) -> rx.Component:
    """A muted paragraph of catalog text."""
    return rx.text(tr(key), color="var(--cc-muted)", size="2", line_height="1.7", **props)


def _current_break() -> rx.Component:
    return rx.cond(
        C.on_break,
        rx.el.div(
            rx.heading(tr("care_page.breaks.current_title"), as_="h3", size="3"),
            rx.el.p(rx.el.strong(tr_by("care.kind.", C.break_kind))),
            rx.el.p(tr("care_page.breaks.ends"), " ", rx.el.strong(C.break_ends, id="cc-care-break-ends")),
            rx.el.p(tr("care_page.breaks.until"), " ", rx.el.strong(C.break_until, id="cc-care-break-until")),
            rx.cond(
                C.opt_in_open,
                rx.fragment(
                    rx.el.p(tr("care_page.breaks.opt_in_lead")),
                    rx.el.button(
                        tr("care_page.breaks.opt_in"),
                        type="button",
                        class_name="cc-btn cc-btn--primary",
                        on_click=C.opt_in,
                        id="cc-care-opt-in",
                    ),
                ),
                rx.el.p(
                    rx.cond(C.break_opted_in, tr("care_page.breaks.opted_in"), tr("care_page.breaks.waiting")),
                    class_name="cc-field-hint",
                ),
            ),
            class_name="cc-alert cc-alert--info",
            role="status",
            id="cc-care-break-current",
            display="block",
            margin_y="12px",
        ),
    )


def _break_kind(kind: str, title_key: str, body_key: str, button_key: str) -> rx.Component:
    return rx.el.article(
        rx.heading(tr(title_key), as_="h3", size="3", margin_bottom="4px"),
        muted(body_key),
        rx.el.button(
            tr(button_key),
            type="button",
            class_name="cc-btn cc-btn--ghost",
            on_click=C.open_break(kind),
            id="cc-care-" + kind.replace("_", "-"),
            margin_top="8px",
        ),
        class_name="cc-card",
    )


def _break_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(tr_by("care.kind.", row["kind"])),
        rx.el.td(tr_by("care.period.", row["period"])),
        rx.el.td(row["starts"]),
        rx.el.td(row["ends"]),
    )


def breaks_section() -> rx.Component:
    """The break in force (with the opt-in once it has ended), the two kinds of break and the past ones."""
    columns = ("care_page.breaks.col_kind", "care_page.breaks.col_period")
    return care_card(
        "care_page.breaks.title",
        "cc-care-breaks",
        muted("care_page.breaks.lead"),
        _current_break(),
        rx.el.ul(
            rx.el.li(tr("care.break.blocks")),
            rx.el.li(tr("care.break.no_shortening")),
            rx.el.li(tr("care.break.after")),
            class_name="cc-shop-rules",
            margin_top="12px",
        ),
        rx.box(
            _break_kind(
                "cool_off", "care.kind.cool_off", "care_page.breaks.cool_off_body", "care_page.breaks.cool_off_start"
            ),
            _break_kind(
                "self_exclusion",
                "care.kind.self_exclusion",
                "care_page.breaks.exclusion_body",
                "care_page.breaks.exclusion_start",
            ),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(240px, 1fr))",
            gap="12px",
        ),
        rx.el.p(tr("care_page.breaks.extend"), class_name="cc-field-hint", margin_top="8px"),
        rx.heading(tr("care_page.breaks.history"), as_="h3", size="3", margin_top="16px"),
        rx.cond(
            C.breaks.length() > 0,
            rx.box(
                data_table(
                    (*columns, "care_page.breaks.col_starts", "care_page.breaks.col_ends"),
                    C.breaks,
                    _break_row,
                    id="cc-care-break-history",
                ),
                **SCROLL_X,
            ),
            empty_state(
                "calendar", "empty.breaks.title", "empty.breaks.body", element_id="cc-care-breaks-empty", compact=True
            ),
        ),
    )


def _link_card(key: str, href: str, icon: str, link_id: str) -> rx.Component:
    return rx.el.article(
        rx.link(
            rx.icon(icon, size=18, aria_hidden="true"),
            " ",
            tr(f"care_page.more.{key}"),
            href=href,
            id=link_id,
            display="inline-flex",
            align_items="center",
            gap="6px",
            weight="bold",
        ),
        muted(f"care_page.more.{key}_body"),
        class_name="cc-card",
    )


def more_section() -> rx.Component:
    """Links to the history export, the quiz and the stories, and the mood check-in card."""
    return care_card(
        "care_page.more.title",
        "cc-care-more",
        rx.box(
            _link_card("export", "/games/history#cc-export", "download", "cc-care-export-link"),
            _link_card("quiz", "/care/quiz", "list_checks", "cc-care-quiz-link"),
            _link_card("stories", "/stories", "book_open", "cc-care-stories-link"),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(220px, 1fr))",
            gap="12px",
            margin_bottom="12px",
        ),
        mood_card(),
    )


def help_section() -> rx.Component:
    """The helpline (1336) and its website, and the safe-play guide."""
    return care_card(
        "care_page.help.title",
        "cc-care-help",
        muted("care_page.help.body"),
        rx.hstack(
            rx.link(
                rx.icon("phone", size=16, aria_hidden="true"),
                tr("care_page.help.call"),
                href="tel:1336",
                class_name="cc-btn cc-btn--ghost",
                id="cc-care-helpline",
            ),
            rx.link(
                tr("care_page.help.site"),
                href=HELPLINE_SITE,
                is_external=True,
                rel="noopener noreferrer",
                class_name="cc-btn cc-btn--ghost",
                id="cc-care-helpline-site",
            ),
            rx.link(tr("care_page.help.guide"), href="/responsible-play", class_name="cc-btn cc-btn--ghost"),
            spacing="3",
            wrap="wrap",
            margin_top="12px",
        ),
    )
