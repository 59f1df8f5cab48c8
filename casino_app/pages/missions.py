"""``/missions``: daily, weekly and first-steps missions with progress, rewards, claims and the KST reset times."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import localized
from casino_app.components.layout import shell
from casino_app.components.missions import claim_messages, mission_list
from casino_app.state import page_events
from casino_app.state.missions import MissionsState
from casino_app.state.ui import tr

M = MissionsState


def _reset(label_key: str, left: rx.Var, element_id: str) -> rx.Component:
    return rx.el.p(
        rx.icon("clock", size=14, aria_hidden="true"),
        " ",
        tr(label_key),
        ": ",
        localized(left),
        class_name="cc-field-hint",
        id=element_id,
    )


def missions_page() -> rx.Component:
    """Tabs for the three sets; each card shows its progress and claim button."""
    return shell(
        rx.el.section(
            rx.heading(tr("missions.title"), as_="h1", size="7", id="missions-title", class_name="cc-glow-heading"),
            rx.text(tr("missions.lead"), color="var(--cc-muted)", margin_bottom="12px"),
            claim_messages(),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger(tr("missions.tab_daily"), value="daily", id="cc-missions-tab-daily"),
                    rx.tabs.trigger(tr("missions.tab_weekly"), value="weekly", id="cc-missions-tab-weekly"),
                    rx.tabs.trigger(tr("missions.tab_onboarding"), value="onboarding", id="cc-missions-tab-onboarding"),
                ),
                rx.tabs.content(
                    _reset("missions.daily_reset", M.daily_reset, "cc-missions-daily-reset"),
                    mission_list(M.daily, level="h2"),
                    value="daily",
                    padding_top="12px",
                ),
                rx.tabs.content(
                    _reset("missions.weekly_reset", M.weekly_reset, "cc-missions-weekly-reset"),
                    mission_list(M.weekly, level="h2"),
                    value="weekly",
                    padding_top="12px",
                ),
                rx.tabs.content(
                    rx.cond(
                        M.onboarding_done,
                        rx.text(tr("missions.onboarding_done")),
                        rx.text(tr("missions.onboarding_lead")),
                    ),
                    mission_list(M.onboarding, with_link=True, level="h2"),
                    value="onboarding",
                    padding_top="12px",
                ),
                default_value="daily",
            ),
            aria_labelledby="missions-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/missions`` (players only)."""
    app.add_page(
        missions_page,
        route="/missions",
        title=tr("page.missions_title"),
        on_load=[*page_events.PLAYER, MissionsState.load],
    )
