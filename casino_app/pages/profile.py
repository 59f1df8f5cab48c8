"""``/profile``: own details, nickname/avatar, age verification; ``/sessions``: devices."""

from __future__ import annotations

import reflex as rx

from casino_app.components.achievements import achievements_panel
from casino_app.components.avatar import AVATAR_ICONS, avatar_badge, avatar_icon
from casino_app.components.forms import alert, localized
from casino_app.components.layout import shell
from casino_app.components.numbers import grouped
from casino_app.components.profile_email import email_section
from casino_app.components.progress import level_bar
from casino_app.components.push_toggle import push_toggle
from casino_app.components.stream_toggle import stream_toggle
from casino_app.components.table import SCROLL_X, data_table
from casino_app.services.accounts.validation import NICKNAME_MAX
from casino_app.state import page_events
from casino_app.state.auth import AuthState
from casino_app.state.profile import ProfileState
from casino_app.state.profile_email import ProfileEmailState
from casino_app.state.sessions import SessionsState
from casino_app.state.stream_visibility import StreamVisibilityState
from casino_app.state.ui import UIState, tr, tr_by


def _stat(label_key: str, value: rx.Var | rx.Component) -> rx.Component:
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(value), class_name="cc-stat")


def summary() -> rx.Component:
    """Avatar, nickname, rank, level and dates."""
    return rx.el.section(
        rx.hstack(
            avatar_badge(ProfileState.avatar, 28),
            rx.vstack(
                rx.heading(ProfileState.nickname, as_="h1", size="7", id="profile-title", class_name="cc-glow-heading"),
                rx.el.span(tr_by("rank.", ProfileState.rank), class_name="cc-badge cc-badge--rank"),
                spacing="1",
            ),
            spacing="4",
            align="center",
        ),
        rx.box(level_bar("cc-profile-level"), margin_top="16px"),
        rx.el.dl(
            _stat("profile.site_id", ProfileState.site_id),
            # blank until loaded, like the text fields beside them (no "1" / "0" that is not the player's)
            _stat("profile.level", rx.cond(ProfileState.site_id != "", grouped(ProfileState.level), "")),
            _stat("profile.xp", rx.cond(ProfileState.site_id != "", grouped(ProfileState.xp), "")),
            _stat("profile.joined", ProfileState.joined),
            _stat("profile.last_login", ProfileState.last_login),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(140px, 1fr))",
            gap="16px",
            margin_top="20px",
        ),
        class_name="cc-card",
        aria_labelledby="profile-title",
    )


def _avatar_choice(key: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="radio",
            name="avatar",
            value=key,
            default_checked=ProfileState.avatar == key,
            class_name="cc-sr-only cc-avatar-radio",
        ),
        rx.el.span(avatar_icon(key, 22), class_name="cc-avatar cc-avatar--lg"),
        rx.el.span(tr(f"avatar.{key}"), class_name="cc-sr-only"),
        class_name="cc-avatar-choice",
        title=tr(f"avatar.{key}"),
    )


def edit_form() -> rx.Component:
    """Change nickname and avatar."""
    return rx.el.section(
        rx.heading(tr("profile.edit"), as_="h2", size="5", id="profile-edit-title", margin_bottom="12px"),
        rx.form(
            alert(ProfileState.error, alert_id="cc-profile-error"),
            rx.cond(
                ProfileState.saved,
                rx.el.div(tr("profile.saved"), class_name="cc-alert cc-alert--success", role="status"),
            ),
            rx.el.label(tr("profile.nickname"), html_for="field-nickname", class_name="cc-label"),
            rx.input(
                id="field-nickname",
                name="nickname",
                default_value=ProfileState.nickname,
                size="3",
                max_length=NICKNAME_MAX,
                key=ProfileState.nickname,
                aria_invalid=rx.cond(ProfileState.error.length() > 0, "true", "false"),
                aria_describedby="cc-profile-error",
            ),
            rx.el.fieldset(
                rx.el.legend(tr("profile.avatar"), class_name="cc-label"),
                rx.hstack(*[_avatar_choice(key) for key in AVATAR_ICONS], spacing="2", wrap="wrap"),
                class_name="cc-fieldset",
                key=ProfileState.avatar,
            ),
            rx.el.button(tr("profile.save"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-profile-save"),
            on_submit=ProfileState.save,
            reset_on_submit=False,
        ),
        class_name="cc-card",
        aria_labelledby="profile-edit-title",
    )


def _age_form() -> rx.Component:
    """The birth date, the age it gives (as it is picked) and the submit button."""
    return rx.form(
        alert(ProfileState.age_error, alert_id="cc-age-error"),
        rx.el.label(tr("age.birth_date"), html_for="field-birth_date", class_name="cc-label"),
        rx.input(
            id="field-birth_date",
            name="birth_date",
            type="date",
            required=True,
            size="3",
            min="1900-01-01",
            on_change=ProfileState.preview_age,
            aria_describedby="cc-age-preview",
        ),
        rx.el.p(
            localized(ProfileState.age_preview),
            id="cc-age-preview",
            class_name="cc-field-hint",
            aria_live="polite",
            min_height="1.4em",
        ),
        rx.hstack(
            rx.dialog.close(rx.el.button(tr("age.cancel"), type="button", class_name="cc-btn cc-btn--ghost")),
            rx.el.button(tr("age.submit"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-age-submit"),
            spacing="3",
            justify="end",
            margin_top="16px",
        ),
        on_submit=ProfileState.verify_age,
        reset_on_submit=False,
    )


def _age_confirm() -> rx.Component:
    """Before a minor's date is recorded for good: the computed age, and a way back to fix a typo."""
    return rx.el.div(
        alert(ProfileState.age_error, alert_id="cc-age-error"),
        rx.el.p(
            localized(ProfileState.age_confirm_title), class_name="cc-age-confirm-title", id="cc-age-confirm-title"
        ),
        rx.el.p(localized(ProfileState.age_confirm_body), color="var(--cc-muted)", id="cc-age-confirm-body"),
        rx.hstack(
            rx.el.button(
                tr("age.confirm_fix"),
                type="button",
                class_name="cc-btn cc-btn--primary",
                on_click=ProfileState.fix_age_date,
                id="cc-age-fix",
            ),
            rx.el.button(
                tr("age.confirm_yes"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=ProfileState.confirm_minor_age,
                id="cc-age-confirm-yes",
            ),
            spacing="3",
            justify="end",
            margin_top="16px",
            wrap="wrap",
        ),
        role="alertdialog",
        aria_labelledby="cc-age-confirm-title",
        aria_describedby="cc-age-confirm-body",
        id="cc-age-confirm",
    )


def age_dialog() -> rx.Component:
    """Self-declared birth date (Korean youth-protection rule); a minor's date is confirmed before it counts."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("age.title")),
            rx.dialog.description(tr("age.body"), size="2", color="var(--cc-muted)", margin_bottom="12px"),
            rx.cond(ProfileState.age_pending != "", _age_confirm(), _age_form()),
            class_name="cc-card",
        ),
        open=ProfileState.age_open,
        on_open_change=ProfileState.set_age_open,
    )


def age_section() -> rx.Component:
    """Age verification status and its dialog."""
    return rx.el.section(
        rx.heading(tr("profile.age"), as_="h2", size="5", id="profile-age-title", margin_bottom="8px"),
        rx.cond(
            ProfileState.age_verified,
            rx.el.span(
                rx.icon("badge-check", size=16, aria_hidden="true"),
                tr("profile.age_done"),
                class_name="cc-badge cc-badge--ok",
                id="cc-age-verified",
            ),
            rx.vstack(
                rx.text(tr("profile.age_needed"), color="var(--cc-muted)"),
                rx.el.button(
                    tr("profile.age_button"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",
                    on_click=ProfileState.set_age_open(True),
                    id="cc-age-open",
                ),
                align="start",
            ),
        ),
        age_dialog(),
        class_name="cc-card",
        aria_labelledby="profile-age-title",
    )


def _game_stats_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(tr_by("games.name.", row["game"])),
        rx.el.td(row["rounds"]),
        rx.el.td(row["wagered"]),
        rx.el.td(row["won"]),
        rx.el.td(row["best"]),
        rx.el.td(row["net"]),
        rx.el.td(rx.cond(UIState.locale == "en", row["extra_en"], row["extra_ko"]), class_name="cc-muted-cell"),
    )


def game_stats() -> rx.Component:
    """Per-game totals."""
    return rx.el.section(
        rx.heading(tr("profile.game_stats"), as_="h2", size="5", id="profile-games-title", margin_bottom="8px"),
        rx.el.div(
            data_table(
                (
                    "history.col_game",
                    "games.rounds",
                    "profile.wagered",
                    "profile.won",
                    "games.best",
                    "games.net",
                    "games.details",
                ),
                ProfileState.game_stats,
                _game_stats_row,
                id="cc-profile-games",
            ),
            **SCROLL_X,
        ),
        class_name="cc-card",
        aria_labelledby="profile-games-title",
    )


def profile_page() -> rx.Component:
    """Own profile."""
    return shell(
        rx.vstack(
            summary(),
            achievements_panel(),
            game_stats(),
            edit_form(),
            email_section(),
            age_section(),
            push_toggle(),
            stream_toggle(),
            rx.hstack(
                rx.link(
                    rx.icon("monitor-smartphone", size=16, aria_hidden="true"),
                    tr("auth.sessions"),
                    href="/sessions",
                    class_name="cc-btn cc-btn--ghost",
                    underline="none",
                ),
                rx.el.button(
                    tr("auth.logout"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",
                    on_click=AuthState.logout,
                    id="cc-profile-logout",
                ),
                spacing="3",
                wrap="wrap",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def _session_row(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.icon("monitor-smartphone", size=22, color="var(--cc-cyan)", aria_hidden="true"),
            rx.vstack(
                rx.hstack(
                    rx.text(item["device"], weight="bold"),
                    rx.cond(
                        item["current"] != "", rx.el.span(tr("sessions.current"), class_name="cc-badge cc-badge--ok")
                    ),
                    spacing="2",
                    align="center",
                ),
                rx.text(
                    tr("sessions.ip"),
                    " ",
                    item["ip"],
                    " · ",
                    tr("sessions.created"),
                    " ",
                    item["created_at"],
                    " · ",
                    tr("sessions.last_used"),
                    " ",
                    item["last_used_at"],
                    size="1",
                    color="var(--cc-muted)",
                ),
                spacing="1",
            ),
            rx.spacer(),
            rx.el.button(
                tr("sessions.revoke"),
                type="button",
                class_name="cc-iconbtn",
                on_click=SessionsState.revoke(item["id"]),
                aria_label=tr("sessions.revoke"),
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        class_name="cc-card cc-session",
    )


def sessions_page() -> rx.Component:
    """Where the player is logged in."""
    return shell(
        rx.el.section(
            rx.heading(tr("sessions.title"), as_="h1", size="7", id="sessions-title", class_name="cc-glow-heading"),
            rx.text(tr("sessions.lead"), color="var(--cc-muted)", margin_bottom="16px"),
            rx.cond(
                SessionsState.items.length() > 0,
                rx.el.ul(rx.foreach(SessionsState.items, _session_row), class_name="cc-list", id="cc-session-list"),
                rx.text(tr("sessions.empty")),
            ),
            aria_labelledby="sessions-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/profile`` and ``/sessions`` (both guarded server-side)."""
    app.add_page(
        profile_page,
        route="/profile",
        title=tr("page.profile_title"),
        on_load=[*page_events.PLAYER, ProfileState.load, ProfileEmailState.load, StreamVisibilityState.load],
    )
    app.add_page(
        sessions_page,
        route="/sessions",
        title=tr("page.sessions_title"),
        on_load=[*page_events.PLAYER, SessionsState.load],
    )
