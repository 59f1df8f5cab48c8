"""``/battlepass``: the season (window and time left in KST), pass XP, the track of tiers and the premium pass;
above them, while the previous season's rewards are still claimable, a "claim last season's rewards" section."""

from __future__ import annotations

import reflex as rx

from casino_app.components import empty_state as empty
from casino_app.components.battlepass import tier_column, track_labels
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.shop import won
from casino_app.components.table import SCROLL_X
from casino_app.state import page_events
from casino_app.state.battlepass import BattlePassState
from casino_app.state.ui import UIState, tr

S = BattlePassState


def _name(fields: rx.Var) -> rx.Var:
    return rx.cond(UIState.locale == "en", fields["name_en"], fields["name_ko"])


def season_header() -> rx.Component:
    """The season's name, window, time left (or the claim deadline once ended) and how pass XP is earned."""
    season = S.season
    return rx.el.section(
        rx.heading(_name(season), as_="h2", size="5", id="cc-bp-season-name"),
        rx.el.p(tr("battlepass.period"), ": ", season["starts"], " ~ ", season["ends"], id="cc-bp-period"),
        rx.cond(
            season["ended"] != "",
            rx.el.p(
                tr("battlepass.ended"),
                " ",
                tr("battlepass.claim_until"),
                ": ",
                season["claim_until"],
                class_name="cc-alert cc-alert--info",
                id="cc-bp-ended",
            ),
            rx.el.p(
                rx.icon("clock", size=14, aria_hidden="true"),
                " ",
                tr("battlepass.time_left"),
                " ",
                season["days"],
                tr("battlepass.days"),
                " ",
                season["hours"],
                tr("battlepass.hours"),
                id="cc-bp-time-left",
            ),
        ),
        rx.el.p(
            tr("battlepass.xp_per_round"),
            " +",
            season["xp_round"],
            " · ",
            tr("battlepass.xp_per_checkin"),
            " +",
            season["xp_checkin"],
            " · ",
            tr("battlepass.xp_per_mission"),
            " +",
            season["xp_mission"],
            id="cc-bp-xp-rules",
        ),
        rx.text(tr("battlepass.xp_rule_note"), size="1", color="var(--cc-muted)"),
        class_name="cc-card",
    )


def xp_panel() -> rx.Component:
    """Pass XP, the tier reached, the bar to the next tier and how many rewards wait."""
    return rx.el.section(
        rx.hstack(
            rx.el.span(tr("battlepass.pass_xp"), " ", rx.el.strong(S.xp, id="cc-bp-xp")),
            rx.el.span(tr("battlepass.current_tier"), " ", rx.el.strong(S.tier, " / ", S.tier_count, id="cc-bp-tier")),
            rx.el.span(tr("battlepass.claimable_count"), " ", rx.el.strong(S.claimable, id="cc-bp-claimable")),
            spacing="5",
            wrap="wrap",
        ),
        rx.el.div(
            rx.el.div(class_name="cc-bar-fill", style={"width": S.percent.to_string() + "%"}),
            class_name="cc-bar",
            role="progressbar",
            aria_valuemin="0",
            aria_valuemax="100",
            aria_valuenow=S.percent.to_string(),
            aria_label=tr("battlepass.next_tier"),
            margin_top="10px",
        ),
        rx.text(
            rx.cond(
                S.to_next != "",
                rx.fragment(tr("battlepass.next_tier"), " ", S.to_next, " XP"),
                tr("battlepass.max_tier"),
            ),
            size="2",
            color="var(--cc-muted)",
            margin_top="6px",
        ),
        class_name="cc-card",
    )


def premium_panel() -> rx.Component:
    """Owned premium, or what the premium pass is and a link to it in the shop (no pressure, no countdown)."""
    product = S.premium_product
    return rx.el.section(
        rx.cond(
            S.premium,
            rx.el.p(
                rx.icon("crown", size=16, aria_hidden="true"), " ", tr("battlepass.premium_owned"), id="cc-bp-premium"
            ),
            rx.cond(
                product.contains("sku"),
                rx.fragment(
                    rx.el.p(tr("battlepass.premium_pitch")),
                    rx.el.p(_name(product), " · ", tr("battlepass.premium_price"), " ", won(product["price"])),
                    rx.cond(
                        product["on_sale"] != "",
                        rx.link(
                            tr("battlepass.get_premium"),
                            href=product["href"],
                            class_name="cc-btn cc-btn--ghost",
                            underline="none",
                            id="cc-bp-get-premium",
                        ),
                        rx.text(tr("battlepass.premium_unavailable"), color="var(--cc-muted)"),
                    ),
                ),
            ),
        ),
        class_name="cc-card",
        display=rx.cond(S.premium | S.premium_product.contains("sku"), "block", "none"),
    )


def track() -> rx.Component:
    """The tiers side by side (scrolls sideways): the free row above the premium row."""
    return rx.el.section(
        rx.hstack(
            track_labels(),
            rx.el.ol(rx.foreach(S.tiers, tier_column), display="flex", gap="8px", margin="0", padding="0"),
            align="start",
            spacing="2",
        ),
        class_name="cc-card",
        **SCROLL_X,
        aria_label=tr("battlepass.track_label"),
        id="cc-bp-track",
    )


def previous_season() -> rx.Component:
    """The previous season's rewards still claimable (shown only while some wait, until its claim deadline)."""
    previous = S.previous
    return rx.el.section(
        rx.heading(tr("battlepass.previous_title"), as_="h2", size="4", id="cc-bp-previous-title"),
        rx.el.p(
            _name(previous),
            " · ",
            tr("battlepass.claim_until"),
            ": ",
            previous["claim_until"],
            " · ",
            tr("battlepass.claimable_count"),
            " ",
            rx.el.strong(previous["claimable"], id="cc-bp-previous-claimable"),
        ),
        rx.text(tr("battlepass.previous_lead"), size="2", color="var(--cc-muted)"),
        rx.hstack(
            track_labels(),
            rx.el.ol(rx.foreach(S.previous_tiers, tier_column), display="flex", gap="8px", margin="0", padding="0"),
            align="start",
            spacing="2",
            **SCROLL_X,
        ),
        class_name="cc-card",
        aria_labelledby="cc-bp-previous-title",
        id="cc-bp-previous",
    )


def empty_state() -> rx.Component:
    """No season now: say so, and name the next one if it is published."""
    return rx.el.section(
        empty.empty_state("calendar", "empty.battlepass.title", "empty.battlepass.body", element_id="cc-bp-empty"),
        rx.cond(
            S.upcoming.contains("starts"),
            rx.text(
                tr("battlepass.upcoming"),
                ": ",
                _name(S.upcoming),
                " · ",
                S.upcoming["starts"],
                " ",
                tr("battlepass.starts"),
                color="var(--cc-muted)",
                id="cc-bp-upcoming",
            ),
        ),
        class_name="cc-card",
    )


def battlepass_page() -> rx.Component:
    """The header, then the pass (or the empty state)."""
    return shell(
        rx.vstack(
            rx.heading(tr("battlepass.title"), as_="h1", size="7", id="battlepass-title", class_name="cc-glow-heading"),
            rx.text(tr("battlepass.lead"), color="var(--cc-muted)"),
            alert(S.error, alert_id="cc-bp-error"),
            rx.cond(
                S.claimed,
                rx.el.div(tr("battlepass.claimed_notice"), class_name="cc-alert cc-alert--success", role="status"),
            ),
            rx.cond(S.previous.contains("claimable"), previous_season()),
            rx.cond(
                S.has_season,
                rx.fragment(season_header(), xp_panel(), premium_panel(), track()),
                rx.cond(S.loaded, empty_state()),
            ),
            spacing="4",
            align="stretch",
            padding_top="16px",
            aria_labelledby="battlepass-title",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/battlepass`` (players only)."""
    app.add_page(
        battlepass_page,
        route="/battlepass",
        title=tr("page.battlepass_title"),
        on_load=[*page_events.PLAYER, BattlePassState.load],
    )
