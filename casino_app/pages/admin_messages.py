"""``/admin/messages``: send a message now (one player or everyone, confirmed with the audience size), schedule a
campaign (target, KST time, confirmed with the audience size), and the campaigns list with totals and a stop
button (operators and admins, checked server-side)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert, key_alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.models.accounts import RANKS
from casino_app.services.care.segments_rfm import GROUPS
from casino_app.services.messaging import audience, campaigns, sending
from casino_app.state import page_events
from casino_app.state.admin_messages import SKIPS, AdminMessagesState
from casino_app.state.ui import MESSAGES, tr, tr_by

A = AdminMessagesState
M = MESSAGES
GRID = {"display": "grid", "grid_template_columns": "repeat(auto-fill, minmax(220px, 1fr))", "gap": "12px"}
COLUMNS = (
    "messages_admin.col_id",
    "messages_admin.col_kind",
    "messages_admin.col_name",
    "messages_admin.col_category",
    "messages_admin.col_status",
    "messages_admin.col_when",
    "messages_admin.col_counts",
    None,
)
_STATUS_BADGE = {
    "scheduled": "cc-badge",
    "sending": "cc-badge cc-badge--ok",
    "sent": "cc-badge",
    "cancelled": "cc-badge cc-badge--off",
}


def _labelled(prefix: str, label_key: str, name: str, control: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=f"{prefix}-{name}", class_name="cc-label"), control, class_name="cc-field"
    )


def _input(prefix: str, label_key: str, name: str, **props: object) -> rx.Component:
    control = rx.input(id=f"{prefix}-{name}", name=name, size="3", class_name="cc-input", **props)
    return _labelled(prefix, label_key, name, control)


def _textarea(prefix: str, label_key: str, name: str, **props: object) -> rx.Component:
    control = rx.el.textarea(
        id=f"{prefix}-{name}", name=name, rows=4, max_length=sending.BODY_MAX, class_name="cc-input", **props
    )
    return _labelled(prefix, label_key, name, control)


def _select(prefix: str, label_key: str, name: str, options: list[rx.Component]) -> rx.Component:
    control = rx.el.select(*options, id=f"{prefix}-{name}", name=name, class_name="cc-select")
    return _labelled(prefix, label_key, name, control)


def _categories(prefix: str) -> rx.Component:
    options = [rx.el.option(tr(f"messages_admin.category.{c}"), value=c) for c in sending.OPERATOR_CATEGORIES]
    return _select(prefix, "messages_admin.category", "category", options)


def _message_fields(prefix: str) -> list[rx.Component]:
    return [
        _input(prefix, "messages_admin.title_ko", "title_ko", max_length=sending.TITLE_MAX, required=True),
        _textarea(prefix, "messages_admin.body_ko", "body_ko", required=True),
        _input(prefix, "messages_admin.title_en", "title_en", max_length=sending.TITLE_MAX),
        _textarea(prefix, "messages_admin.body_en", "body_en"),
    ]


def _buttons(cancel: rx.EventSpec, label_key: str, on_click: rx.EventSpec, button_id: str) -> rx.Component:
    return rx.hstack(
        rx.el.button(tr("messages_admin.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=cancel),
        rx.el.button(
            rx.cond(A.busy, tr("messages_admin.sending"), tr(label_key)),
            type="button",
            class_name="cc-btn cc-btn--primary",
            on_click=on_click,
            disabled=A.busy,
            id=button_id,
        ),
        spacing="3",
        margin_top="8px",
    )


def send_review() -> rx.Component:
    """Who the reviewed message reaches, and the button that sends it."""
    r = A.review
    return rx.cond(
        r.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.el.p(
                rx.cond(
                    r["audience"] == "all",
                    rx.fragment(
                        tr("messages_admin.confirm_all"),
                        " ",
                        rx.el.strong(r["count"]),
                        " ",
                        tr("messages_admin.people"),
                    ),
                    rx.fragment(tr("messages_admin.confirm_one"), " ", rx.el.code(r["recipient"])),
                ),
                id="cc-messages-review-count",
            ),
            rx.el.p(tr_by("messages_admin.category.", r["category"]), " · ", rx.el.strong(r["title"])),
            rx.text(tr("messages_admin.confirm_policy"), size="2"),
            _buttons(A.close_review, "messages_admin.send", A.confirm_send, "cc-messages-send"),
            class_name="cc-alert cc-alert--info cc-alert--stack",
            role="alertdialog",
            aria_label=tr("messages_admin.send_title"),
        ),
    )


def send_result() -> rx.Component:
    """The last send's totals, skips by reason."""
    r = A.result
    return rx.cond(
        r.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.el.strong(tr("messages_admin.result")),
            rx.el.p(
                tr("messages_admin.targeted"),
                " ",
                r["targeted"],
                " · ",
                tr("messages_admin.sent"),
                " ",
                r["sent"],
                " · ",
                tr("messages_admin.skipped"),
                " ",
                r["skipped"],
                " · ",
                tr("messages_admin.pending"),
                " ",
                r["pending"],
                id="cc-messages-result",
            ),
            rx.el.p(
                *[
                    rx.fragment(tr(f"messages_admin.skip.{skip}"), " ", r[skip], " " if i < len(SKIPS) - 1 else "")
                    for i, skip in enumerate(SKIPS)
                ],
                font_size="13px",
            ),
            rx.cond(r["pending"] != "0", rx.text(tr("messages_admin.pending_hint"), size="2")),
            class_name="cc-alert cc-alert--success cc-alert--stack",
            role="status",
        ),
    )


def send_form() -> rx.Component:
    """One player or everyone, category, Korean (and English) text, reason; reviewed before it goes out."""
    return rx.el.section(
        rx.heading(tr("messages_admin.send_title"), as_="h2", size="5"),
        rx.form(
            rx.box(
                _select(
                    "msg",
                    "messages_admin.audience",
                    "audience",
                    [
                        rx.el.option(tr("messages_admin.audience_one"), value="one"),
                        rx.el.option(tr("messages_admin.audience_all"), value="all"),
                    ],
                ),
                _input("msg", "messages_admin.recipient", "recipient", max_length=40),
                _categories("msg"),
                *_message_fields("msg"),
                _input("msg", "messages_admin.reason", "reason", max_length=sending.REASON_MAX, required=True),
                **GRID,
            ),
            rx.text(tr("messages_admin.en_hint"), size="1", color="var(--cc-muted)"),
            rx.el.button(
                tr("messages_admin.review"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-messages-review"
            ),
            on_submit=A.review_send,
            key=A.send_nonce.to_string(),
            display="grid",
            gap="12px",
            id="cc-messages-send-form",
        ),
        send_review(),
        send_result(),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def campaign_review() -> rx.Component:
    """The reviewed campaign's audience and time, and the button that schedules it."""
    r = A.campaign_review
    return rx.cond(
        r.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.el.p(
                tr("messages_admin.confirm_campaign"),
                " ",
                rx.el.strong(r["count"]),
                " ",
                tr("messages_admin.people"),
                id="cc-campaign-review-count",
            ),
            rx.el.p(rx.el.strong(r["name"]), " · ", tr("messages_admin.confirm_when"), " ", r["when"], " KST"),
            _buttons(A.close_campaign_review, "messages_admin.schedule", A.confirm_campaign, "cc-campaign-schedule"),
            class_name="cc-alert cc-alert--info cc-alert--stack",
            role="alertdialog",
            aria_label=tr("messages_admin.campaign_title"),
        ),
    )


def campaign_form() -> rx.Component:
    """Name, category, text, target and KST time; the audience is shown before it is scheduled."""
    any_option = rx.el.option(tr("messages_admin.any"), value="")
    return rx.el.section(
        rx.heading(tr("messages_admin.campaign_title"), as_="h2", size="5"),
        rx.form(
            rx.box(
                _input("camp", "messages_admin.name", "name", max_length=campaigns.NAME_MAX, required=True),
                _categories("camp"),
                *_message_fields("camp"),
                _select(
                    "camp", "messages_admin.rank", "rank", [any_option, *[rx.el.option(r, value=r) for r in RANKS]]
                ),
                _input("camp", "messages_admin.min_level", "min_level", input_mode="numeric", max_length=5),
                _input("camp", "messages_admin.max_level", "max_level", input_mode="numeric", max_length=5),
                _select(
                    "camp",
                    "messages_admin.segment",
                    "segment",
                    [any_option, *[rx.el.option(tr(f"care_admin.group.{g}"), value=g) for g in GROUPS]],
                ),
                _input(
                    "camp",
                    "messages_admin.inactive_days",
                    "inactive_days",
                    input_mode="numeric",
                    max_length=len(str(audience.INACTIVE_DAYS_MAX)),
                ),
                _input("camp", "messages_admin.scheduled_at", "scheduled_at", type="datetime-local", required=True),
                **GRID,
            ),
            rx.text(tr("messages_admin.target_hint"), size="1", color="var(--cc-muted)"),
            rx.el.button(
                tr("messages_admin.preview"),
                type="submit",
                class_name="cc-btn cc-btn--primary",
                id="cc-campaign-preview",
            ),
            on_submit=A.review_campaign,
            key=A.campaign_nonce.to_string(),
            display="grid",
            gap="12px",
            id="cc-campaign-form",
        ),
        campaign_review(),
        rx.cond(
            A.campaign_saved != "",
            rx.el.div(
                tr("messages_admin.scheduled"),
                " ",
                rx.el.strong(A.campaign_saved),
                class_name="cc-alert cc-alert--success",
                role="status",
                id="cc-campaign-saved",
            ),
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def _row(item: rx.Var) -> rx.Component:
    status = item["status"]
    return rx.el.tr(
        rx.el.td("#", item["id"]),
        rx.el.td(tr_by("messages_admin.kind.", item["kind"])),
        rx.el.td(item["name"], rx.el.br(), rx.el.small(item["title"])),
        rx.el.td(tr_by("messages_admin.category.", item["category"])),
        rx.el.td(
            rx.match(
                status,
                *[
                    (s, rx.el.span(tr(f"messages_admin.status.{s}"), class_name=badge))
                    for s, badge in _STATUS_BADGE.items()
                ],
                rx.el.span(status),
            )
        ),
        rx.el.td(item["when"]),
        rx.el.td(item["counts"]),
        rx.el.td(
            rx.cond(
                item["active"] != "",
                rx.el.button(
                    tr("messages_admin.cancel_campaign"),
                    type="button",
                    class_name="cc-iconbtn",
                    on_click=A.ask_cancel(item["id"]),
                    id="cc-campaign-cancel-" + item["id"],
                ),
            )
        ),
        data_campaign=item["id"],
        data_status=status,
    )


def campaigns_section() -> rx.Component:
    """Every campaign and broadcast, newest first, with a stop button while one is active."""
    return rx.el.section(
        rx.hstack(
            rx.heading(tr("messages_admin.list_title"), as_="h2", size="5"),
            rx.spacer(),
            rx.el.button(
                tr("messages_admin.refresh"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.refresh
            ),
            width="100%",
        ),
        rx.cond(
            A.cancel_id != "",
            rx.el.div(
                rx.el.p(tr("messages_admin.confirm_cancel"), " ", rx.el.strong(A.cancel_name)),
                _buttons(A.ask_cancel(""), "messages_admin.stop", A.confirm_cancel, "cc-campaign-cancel-confirm"),
                class_name="cc-alert cc-alert--info cc-alert--stack",
                role="alertdialog",
                aria_label=tr("messages_admin.cancel_campaign"),
            ),
        ),
        rx.cond(
            A.cancelled != "",
            rx.el.div(
                tr("messages_admin.cancelled"),
                " ",
                rx.el.strong(A.cancelled),
                class_name="cc-alert cc-alert--success",
                role="status",
            ),
        ),
        rx.cond(
            A.items.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(data_table(COLUMNS, A.items, _row, id="cc-campaigns-table"), **SCROLL_X),
            rx.text(tr("messages_admin.empty")),
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def admin_messages_page() -> rx.Component:
    """Send now, schedule a campaign, and the list."""
    return shell(
        rx.vstack(
            rx.heading(tr("messages_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("messages_admin.lead")),
            alert(A.error, alert_id="cc-messages-error"),
            key_alert("messages_admin.", A.form_error, alert_id="cc-messages-form-error"),
            send_form(),
            campaign_form(),
            campaigns_section(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/messages`` (operators and admins, checked server-side)."""
    app.add_page(
        admin_messages_page,
        route="/admin/messages",
        title=tr("page.admin_messages_title"),
        on_load=[*page_events.STAFF, AdminMessagesState.load],
    )
