"""``/responsible-play``: the player-protection principles and the tools that exist, each with a link to the page
where it is set. The tool list is the product's (``state.copy_lists.tools``), not a list kept here."""

from __future__ import annotations

import reflex as rx

from casino_app.components.cards import card_grid, feature_card
from casino_app.components.layout import shell
from casino_app.services.catalog_copy import Tool
from casino_app.state import copy_lists, page_events
from casino_app.state.ui import tr

HELPLINE_SITE = "https://www.kcgp.or.kr"

_PRINCIPLES = (("no_cash", "ban", "pink"), ("help", "phone", "pink"))


def _tool_card(tool: Tool) -> rx.Component:
    """A tool: what it does (with the product's periods and delays) and a link to where it is set."""
    return rx.el.article(
        rx.box(
            rx.icon(tool.icon, size=26, aria_hidden="true"),
            color=f"var(--cc-{tool.accent})",
            style={"filter": f"drop-shadow(0 0 8px var(--cc-{tool.accent}))"},
            margin_bottom="12px",
        ),
        rx.heading(tr(f"responsible.{tool.key}.title"), as_="h3", size="4", margin_bottom="6px"),
        rx.text(copy_lists.say(f"responsible.{tool.key}.body"), color="var(--cc-muted)", size="2", line_height="1.7"),
        rx.link(
            tr(f"copy.where.{tool.where}"),
            " →",
            href=tool.href,
            id=f"cc-tool-{tool.key}",
            class_name="cc-tool-link",
            weight="bold",
            margin_top="10px",
            display="inline-block",
        ),
        class_name="cc-card cc-card--glow",
    )


def responsible_page() -> rx.Component:
    """Principles and tools for healthy play, a link to the settings and to the helpline's site."""
    return shell(
        rx.el.section(
            rx.heading(tr("responsible.title"), as_="h1", size="8", id="responsible-title", margin_bottom="12px"),
            rx.text(tr("responsible.lead"), size="4", color="var(--cc-muted)", margin_bottom="28px", line_height="1.7"),
            rx.heading(tr("responsible.tools_title"), as_="h2", size="6", margin_bottom="16px"),
            card_grid(*[_tool_card(tool) for tool in copy_lists.tools()]),
            rx.heading(tr("responsible.principles_title"), as_="h2", size="6", margin_top="32px", margin_bottom="16px"),
            card_grid(
                *[
                    feature_card(icon, f"responsible.{key}.title", f"responsible.{key}.body", accent)
                    for key, icon, accent in _PRINCIPLES
                ]
            ),
            rx.hstack(
                rx.link(
                    tr("responsible.cta"), href="/care", class_name="cc-btn cc-btn--primary", id="cc-responsible-care"
                ),
                rx.link(
                    tr("responsible.site"),
                    href=HELPLINE_SITE,
                    is_external=True,
                    rel="noopener noreferrer",
                    class_name="cc-btn cc-btn--ghost",
                    id="cc-responsible-helpline-site",
                ),
                spacing="3",
                wrap="wrap",
                margin_top="24px",
            ),
            aria_labelledby="responsible-title",
            padding_top="24px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/responsible-play``."""
    app.add_page(
        responsible_page,
        route="/responsible-play",
        title=tr("page.responsible_title"),
        description=tr("responsible.lead"),
        on_load=page_events.PUBLIC,
    )
