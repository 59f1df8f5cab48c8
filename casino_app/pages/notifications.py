"""``/notifications``: the player's notification center (inbox) and ``/notifications/settings`` (the same page on
the settings tab): category chips, unread filter, read state, load more; per-category toggles and the two
marketing consents with the time each was given."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert, localized
from casino_app.components.layout import shell
from casino_app.components.push_toggle import push_toggle
from casino_app.state import page_events
from casino_app.state.notification_center import CATEGORIES, SERVICE_CATEGORIES, CenterRow, NotificationCenterState
from casino_app.state.ui import UIState, tr

S = NotificationCenterState


def _chip(label: rx.Var, value: str, count: rx.Var) -> rx.Component:
    chosen = S.category == value
    return rx.el.button(
        label,
        rx.cond(count > 0, rx.el.span(count.to_string(), class_name="cc-badge cc-badge--rank", margin_left="6px")),
        type="button",
        on_click=S.choose_category(value),
        aria_pressed=rx.cond(chosen, "true", "false"),
        class_name=rx.cond(chosen, "cc-btn cc-btn--primary cc-btn--small", "cc-btn cc-btn--ghost cc-btn--small"),
        id=f"cc-nc-chip-{value or 'all'}",
    )


def _filters() -> rx.Component:
    """Category chips (with the unread count of each), the unread switch and "mark all read"."""
    return rx.vstack(
        rx.el.div(
            _chip(tr("nc.filter_all"), "", S.unread_total),
            *(_chip(tr(f"nc.cat.{c}"), c, S.unread_by_category[c]) for c in CATEGORIES),
            role="group",
            aria_label=tr("nc.filter_label"),
            display="flex",
            flex_wrap="wrap",
            gap="8px",
        ),
        rx.hstack(
            rx.el.label(
                rx.switch(checked=S.unread_only, on_change=S.set_unread_only, id="cc-nc-unread-only"),
                rx.el.span(tr("nc.unread_only")),
                class_name="cc-switch-label",
                margin="0",
            ),
            rx.spacer(),
            rx.el.button(
                rx.icon("check-check", size=16, aria_hidden="true"),
                tr("nc.read_all"),
                type="button",
                on_click=S.read_all,
                disabled=S.unread_total == 0,
                class_name="cc-btn cc-btn--ghost cc-btn--small",
                id="cc-nc-read-all",
            ),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
        align="stretch",
    )


def _row(item: CenterRow) -> rx.Component:
    en = UIState.locale == "en"
    title = rx.cond(en, item.title_en, item.title_ko)
    return rx.el.li(
        rx.el.button(
            rx.hstack(
                rx.cond(
                    item.read,
                    rx.fragment(),
                    rx.fragment(
                        rx.el.span(
                            aria_hidden="true",
                            width="8px",
                            height="8px",
                            border_radius="50%",
                            background="var(--cc-pink)",
                            box_shadow="var(--cc-glow-pink)",
                            flex_shrink="0",
                        ),
                        rx.el.span(tr("nc.unread_mark"), class_name="cc-sr-only"),
                    ),
                ),
                rx.el.span(rx.cond(en, item.cat_en, item.cat_ko), class_name="cc-badge cc-badge--off"),
                rx.spacer(),
                rx.el.time(
                    rx.cond(en, item.ago_en, item.ago_ko), title=item.at + " KST", font_size="var(--cc-font-xs)"
                ),
                align="center",
                spacing="2",
                width="100%",
            ),
            rx.cond(title != "", rx.el.strong(title, display="block", margin_top="6px")),
            rx.el.span(rx.cond(en, item.body_en, item.body_ko), display="block", margin_top="4px"),
            rx.el.span(item.at, " KST", display="block", color="var(--cc-muted)", font_size="var(--cc-font-xs)"),
            type="button",
            on_click=S.open_item(item.id.to_string()),  # type: ignore[attr-defined]
            class_name="cc-note",
            width="100%",
            text_align="left",
            color="var(--cc-text)",
            font_weight=rx.cond(item.read, "400", "600"),
            opacity=rx.cond(item.read, "0.75", "1"),
            border_color=rx.cond(item.read, "var(--cc-border)", "var(--cc-pink)"),
            cursor="pointer",
            id="cc-nc-item-" + item.id.to_string(),  # type: ignore[attr-defined]
        ),
    )


def _inbox() -> rx.Component:
    return rx.vstack(
        _filters(),
        alert(S.notice, tone="success", alert_id="cc-nc-notice"),
        alert(S.error, alert_id="cc-nc-error"),
        rx.cond(
            S.rows.length() > 0,
            rx.el.ul(
                rx.foreach(S.rows, _row),
                class_name="cc-notes",
                aria_label=tr("nc.list_label"),
                id="cc-nc-list",
                width="100%",
            ),
            empty_state(
                "bell",
                rx.cond(S.unread_only, tr("empty.notifications_unread.title"), tr("empty.notifications.title")),
                rx.cond(S.unread_only, tr("empty.notifications_unread.body"), tr("empty.notifications.body")),
                element_id="cc-nc-empty",
            ),
        ),
        rx.cond(
            S.next_before > 0,
            rx.el.button(
                tr("nc.load_more"), type="button", on_click=S.more, class_name="cc-btn cc-btn--ghost", id="cc-nc-more"
            ),
        ),
        spacing="3",
        width="100%",
        align="stretch",
    )


def _service_category(category: str) -> rx.Component:
    """A service category: shown switched on and locked, with why."""
    return rx.el.li(
        rx.el.label(
            rx.switch(checked=True, disabled=True, id=f"cc-nc-cat-{category}"),
            rx.el.span(tr(f"nc.cat.{category}")),
            rx.el.span(tr("nc.always_on"), class_name="cc-badge cc-badge--ok"),
            class_name="cc-switch-label",
            margin="0",
        ),
        rx.text(tr(f"nc.catdesc.{category}"), size="1", color="var(--cc-muted)"),
        class_name="cc-note",
    )


def _category(category: str) -> rx.Component:
    """A category the player may turn off."""
    return rx.el.li(
        rx.el.label(
            rx.switch(
                checked=~S.muted.contains(category),
                disabled=S.busy,
                on_change=lambda value: S.set_category_enabled(category, value),
                id=f"cc-nc-cat-{category}",
            ),
            rx.el.span(tr(f"nc.cat.{category}")),
            class_name="cc-switch-label",
            margin="0",
        ),
        rx.text(tr(f"nc.catdesc.{category}"), size="1", color="var(--cc-muted)"),
        class_name="cc-note",
    )


def _category_setting(category: str) -> rx.Component:
    return _service_category(category) if category in SERVICE_CATEGORIES else _category(category)


def _consent(label: str, body: str, checked: rx.Var, shown: rx.Var, on_change: object, element_id: str) -> rx.Component:
    """One consent: its switch, the legal copy and when it was given."""
    return rx.el.div(
        rx.el.label(
            rx.switch(checked=checked, on_change=on_change, disabled=S.busy, id=element_id),
            rx.el.span(tr(label)),
            class_name="cc-switch-label",
            margin="0",
        ),
        rx.text(tr(body), size="2", color="var(--cc-muted)"),
        rx.text(localized(shown), size="1", font_weight="700", id=element_id + "-at"),
        class_name="cc-note",
    )


def _settings() -> rx.Component:
    return rx.vstack(
        alert(S.settings_notice, tone="success", alert_id="cc-nc-settings-notice"),
        alert(S.settings_error, alert_id="cc-nc-settings-error"),
        rx.heading(tr("nc.settings_title"), as_="h2", size="4"),
        rx.text(tr("nc.settings_lead"), color="var(--cc-muted)", size="2"),
        rx.text(tr("nc.service_locked"), size="2", id="cc-nc-service-locked"),
        rx.el.ul(*(_category_setting(c) for c in CATEGORIES), class_name="cc-notes", width="100%"),
        rx.heading(tr("nc.consent_title"), as_="h2", size="4", margin_top="12px"),
        _consent(
            "nc.marketing_label",
            "nc.marketing_body",
            S.marketing_at != "",
            S.marketing_text,
            S.set_marketing,
            "cc-nc-marketing",
        ),
        _consent("nc.night_label", "nc.night_body", S.night_at != "", S.night_text, S.set_night, "cc-nc-night"),
        rx.cond(S.marketing_at == "", rx.text(tr("nc.night_needs_marketing"), size="1", color="var(--cc-muted)")),
        rx.text(tr("nc.consent_receipt"), size="1", color="var(--cc-muted)"),
        push_toggle(),
        spacing="3",
        width="100%",
        align="stretch",
        id="cc-nc-settings",
    )


def _page(default_tab: str) -> rx.Component:
    return shell(
        rx.el.section(
            rx.heading(tr("nc.title"), as_="h1", size="7", id="nc-title", class_name="cc-glow-heading"),
            rx.text(tr("nc.lead"), color="var(--cc-muted)", margin_bottom="12px"),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger(tr("nc.tab_inbox"), value="inbox", id="cc-nc-tab-inbox"),
                    rx.tabs.trigger(tr("nc.tab_settings"), value="settings", id="cc-nc-tab-settings"),
                ),
                rx.tabs.content(_inbox(), value="inbox", padding_top="12px"),
                rx.tabs.content(_settings(), value="settings", padding_top="12px"),
                default_value=default_tab,
            ),
            aria_labelledby="nc-title",
            padding_top="16px",
        )
    )


def notifications_page() -> rx.Component:
    """The inbox tab first."""
    return _page("inbox")


def notification_settings_page() -> rx.Component:
    """The settings tab first."""
    return _page("settings")


def register(app: rx.App) -> None:
    """Add ``/notifications`` and ``/notifications/settings`` (players only)."""
    on_load = [*page_events.PLAYER, NotificationCenterState.load]
    app.add_page(notifications_page, route="/notifications", title=tr("page.notifications_title"), on_load=on_load)
    app.add_page(
        notification_settings_page,
        route="/notifications/settings",
        title=tr("page.notification_settings_title"),
        on_load=on_load,
    )
