"""Achievements in the UI: the profile panel (a grid of badges, locked ones greyed with their progress) and the
badges-only strip for another player's card."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.numbers import grouped
from casino_app.state.achievements import AchievementsState, PlayerBadgesState
from casino_app.state.ui import UIState, tr


def _localized(item: rx.Var, field: str) -> rx.Var:
    return rx.cond(UIState.locale == "en", item[f"{field}_en"], item[f"{field}_ko"])


def _art(item: rx.Var) -> rx.Component:
    unlocked = item["unlocked"] != ""
    return rx.el.div(
        rx.el.img(
            src=item["src"],
            alt="",
            width="72",
            height="72",
            loading="lazy",
            style={
                "filter": rx.cond(
                    unlocked, "drop-shadow(0 0 8px " + item["color"] + ")", "grayscale(1) brightness(0.55)"
                ),
                "opacity": rx.cond(unlocked, "1", "0.6"),
            },
        ),
        rx.cond(
            unlocked,
            rx.fragment(),
            rx.icon(
                "lock",
                size=18,
                color="var(--cc-muted)",
                aria_hidden="true",
                position="absolute",
                right="0",
                bottom="0",
            ),
        ),
        position="relative",
        width="72px",
        height="72px",
        flex_shrink="0",
    )


def _status(item: rx.Var) -> rx.Component:
    return rx.cond(
        item["unlocked"] != "",
        rx.el.span(
            tr("achievements.achieved_at"),
            " ",
            item["achieved_at"],
            class_name="cc-badge cc-badge--ok",
        ),
        rx.el.div(
            rx.el.div(
                rx.el.span(tr("achievements.progress")),
                rx.el.span(item["current"], " / ", item["target"]),
                display="flex",
                justify_content="space-between",
                font_size="var(--cc-font-xs)",
                color="var(--cc-muted)",
            ),
            rx.el.div(
                rx.el.div(class_name="cc-bar-fill", style={"width": item["percent"] + "%"}),
                class_name="cc-bar",
                role="progressbar",
                aria_valuemin="0",
                aria_valuemax="100",
                aria_valuenow=item["percent"],
                aria_label=tr("achievements.progress"),
            ),
            width="100%",
        ),
    )


def _tile(item: rx.Var) -> rx.Component:
    unlocked = item["unlocked"] != ""
    return rx.el.li(
        rx.hstack(
            _art(item),
            rx.vstack(
                rx.el.strong(_localized(item, "name")),
                rx.el.span(
                    rx.cond(unlocked, tr("achievements.unlocked"), tr("achievements.locked")),
                    class_name="cc-sr-only",
                ),
                rx.text(_localized(item, "description"), size="1", color="var(--cc-muted)"),
                spacing="1",
                align="start",
            ),
            spacing="3",
            align="center",
            width="100%",
        ),
        _status(item),
        rx.text(
            tr("achievements.reward"),
            " ",
            item["gold"],
            " ",
            tr("achievements.gold"),
            " · ",
            item["xp"],
            " ",
            tr("achievements.xp"),
            size="1",
            color="var(--cc-muted)",
        ),
        class_name=rx.cond(unlocked, "cc-card cc-achievement cc-achievement--unlocked", "cc-card cc-achievement"),
        display="flex",
        flex_direction="column",
        gap="10px",
        padding="14px",
        border_color=rx.cond(unlocked, item["color"], "var(--cc-border)"),
        id="cc-achievement-" + item["key"],
    )


def achievements_panel() -> rx.Component:
    """Every achievement of the signed-in player: unlocked badges in colour, locked ones greyed with progress."""
    return rx.el.section(
        rx.hstack(
            rx.heading(tr("achievements.title"), as_="h2", size="5", id="profile-achievements-title"),
            rx.spacer(),
            rx.el.span(
                grouped(AchievementsState.unlocked),
                " / ",
                grouped(AchievementsState.total),
                " ",
                tr("achievements.unlocked_of"),
                class_name="cc-badge",
                id="cc-achievements-count",
            ),
            align="center",
            width="100%",
        ),
        rx.text(tr("achievements.lead"), color="var(--cc-muted)", size="2", margin_bottom="12px"),
        rx.cond(
            AchievementsState.failed,
            rx.el.div(tr("achievements.load_failed"), class_name="cc-alert", role="alert"),
        ),
        rx.el.ul(
            rx.foreach(AchievementsState.items, _tile),
            class_name="cc-list",
            id="cc-achievements",
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(240px, 1fr))",
            gap="12px",
        ),
        class_name="cc-card",
        aria_labelledby="profile-achievements-title",
        on_mount=AchievementsState.load,
    )


def _public_badge(item: rx.Var) -> rx.Component:
    name = _localized(item, "name")
    return rx.el.li(
        rx.el.img(
            src=item["src"],
            alt=name,
            width="56",
            height="56",
            loading="lazy",
            style={"filter": "drop-shadow(0 0 6px " + item["color"] + ")"},
        ),
        rx.el.span(name, font_size="var(--cc-font-xs)", text_align="center"),
        title=tr("achievements.achieved_at") + " " + item["achieved_at"],
        display="flex",
        flex_direction="column",
        align_items="center",
        gap="4px",
        width="88px",
        id="cc-player-badge-" + item["key"],
    )


def player_badges() -> rx.Component:
    """Another player's unlocked badges (for their public card, ``/players?id=``): badges only, no progress."""
    return rx.el.section(
        rx.heading(tr("achievements.badges"), as_="h2", size="4", id="player-badges-title", margin_bottom="8px"),
        rx.cond(
            PlayerBadgesState.badges.length() > 0,
            rx.el.ul(
                rx.foreach(PlayerBadgesState.badges, _public_badge),
                class_name="cc-list",
                id="cc-player-badges",
                display="flex",
                flex_wrap="wrap",
                gap="12px",
            ),
            empty_state(
                "trophy",
                "empty.achievements.title",
                "empty.achievements.body",
                element_id="cc-player-badges-empty",
                compact=True,
            ),
        ),
        aria_labelledby="player-badges-title",
        on_mount=PlayerBadgesState.load,
    )
