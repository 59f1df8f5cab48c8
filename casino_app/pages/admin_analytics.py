"""``/admin/analytics``: the OLAP reports — buy funnel, signup-cohort retention, revenue with ARPU/ARPPU, games
(realised vs declared RTP) and the gold economy — each with its own period, charts with a "show as table"
alternative and a CSV download (support, operators and admins; checked server-side)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_charts import AXIS
from casino_app.components.admin_nav import admin_nav
from casino_app.components.analytics_sections import (
    economy_section,
    funnel_section,
    games_section,
    retention_section,
    spend_section,
)
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.admin_analytics import AdminAnalyticsState
from casino_app.state.ui import tr

A = AdminAnalyticsState


def toolbar() -> rx.Component:
    """Refresh every report, and when they were read."""
    return rx.el.div(
        rx.el.button(
            rx.icon("refresh-cw", size=14, aria_hidden="true"),
            tr("analytics.refresh"),
            type="button",
            class_name="cc-btn cc-btn--ghost cc-btn--small",
            on_click=A.refresh,
            id="cc-analytics-refresh",
        ),
        rx.cond(
            A.loaded,
            rx.text(tr("analytics.updated"), ": ", A.updated, size="2", color=AXIS, id="cc-analytics-updated"),
            rx.text(tr("analytics.loading"), size="2", color=AXIS, role="status", id="cc-analytics-loading"),
        ),
        display="flex",
        flex_wrap="wrap",
        align_items="center",
        gap="12px",
    )


def definitions() -> rx.Component:
    """How each figure is counted."""
    keys = ("window", "active", "funnel", "retention", "spend", "games", "economy")
    return rx.el.details(
        rx.el.summary(tr("analytics.definitions_title")),
        rx.el.ul(*[rx.el.li(tr(f"analytics.def_{key}")) for key in keys], display="grid", gap="4px"),
        class_name="cc-card",
        id="cc-analytics-definitions",
    )


def admin_analytics_page() -> rx.Component:
    """The analytics reports."""
    return shell(
        rx.vstack(
            rx.heading(tr("analytics.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("analytics.lead")),
            toolbar(),
            alert(A.error, alert_id="cc-analytics-error"),
            definitions(),
            funnel_section(),
            retention_section(),
            spend_section(),
            games_section(),
            economy_section(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/analytics`` (support, operators and admins; checked server-side)."""
    app.add_page(
        admin_analytics_page,
        route="/admin/analytics",
        title=tr("page.admin_analytics_title"),
        on_load=[*page_events.STAFF, AdminAnalyticsState.load],
    )
