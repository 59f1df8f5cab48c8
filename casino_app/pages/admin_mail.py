"""``/admin/mail``: the mail outbox (filters, one mail opened with a sandboxed HTML preview) and the send form
(template, recipient, variables, a preview for one player). Support reads; operators send (checked server-side).
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert, key_alert
from casino_app.components.layout import shell
from casino_app.components.mail_frame import mail_frame
from casino_app.components.table import SCROLL_X, data_table
from casino_app.models.messaging import EMAIL_STATUSES
from casino_app.services.messaging.email import audience, templates
from casino_app.state import page_events
from casino_app.state.admin_mail import AdminMailState
from casino_app.state.ui import MESSAGES, tr, tr_by

A = AdminMailState
M = MESSAGES
COLUMNS = (
    "mail_admin.col_id",
    "mail_admin.col_time",
    "mail_admin.col_to",
    "mail_admin.col_template",
    "mail_admin.col_subject",
    "mail_admin.col_status",
    "mail_admin.col_open",
)
# Which template takes which variable field (the service checks the same table).
_FIELDS = {
    name: [key for key, t in templates.TEMPLATES.items() if name in t.variables]
    for name in ("title", "details", "message", "subject", "body")
}


def _field(label_key: str, control: rx.Component, html_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=html_id, class_name="cc-label"), control, class_name="cc-field"
    )


def _select(name: str, options: list[tuple[str, str]], html_id: str, **props: object) -> rx.Component:
    return rx.el.select(
        *[rx.el.option(tr(label), value=value) for value, label in options],
        name=name,
        id=html_id,
        class_name="cc-select",
        **props,
    )


def _variable(name: str, multiline: bool) -> rx.Component:
    html_id = f"mail-var-{name}"
    control = (
        rx.el.textarea(name=f"var_{name}", id=html_id, rows=5, max_length=5000, class_name="cc-input")
        if multiline
        else rx.input(name=f"var_{name}", id=html_id, max_length=150, size="3", class_name="cc-input")
    )
    shown = rx.Var.create(_FIELDS[name]).contains(A.template)  # type: ignore[attr-defined]
    return rx.cond(shown, _field(f"mail_admin.var_{name}", control, html_id))


def send_form() -> rx.Component:
    """Template, recipient, the template's variables; preview for one player, or send (operators)."""
    return rx.el.section(
        rx.heading(tr("mail_admin.send_title"), as_="h2", size="5"),
        rx.text(tr("mail_admin.send_lead"), color="var(--cc-muted)"),
        rx.form(
            rx.box(
                _field(
                    "mail_admin.template",
                    _select(
                        "template",
                        [(k, f"mail_admin.template.{k}") for k in templates.TEMPLATES],
                        "mail-template",
                        value=A.template,
                        on_change=A.choose_template,
                    ),
                    "mail-template",
                ),
                _field(
                    "mail_admin.target_kind",
                    _select(
                        "target_kind",
                        [
                            ("site_id", "mail_admin.by_site_id"),
                            ("user_id", "mail_admin.by_user_id"),
                            ("segment", "mail_admin.by_segment"),
                        ],
                        "mail-target-kind",
                        value=A.target_kind,
                        on_change=A.choose_target,
                    ),
                    "mail-target-kind",
                ),
                rx.cond(
                    A.target_kind == "segment",
                    _field(
                        "mail_admin.segment",
                        _select("segment", [(s, f"mail_admin.segment.{s}") for s in audience.SEGMENTS], "mail-segment"),
                        "mail-segment",
                    ),
                    _field(
                        "mail_admin.target",
                        rx.input(name="target", id="mail-target", max_length=20, size="3"),
                        "mail-target",
                    ),
                ),
                rx.cond(
                    A.template == "custom",
                    _field(
                        "mail_admin.category",
                        _select(
                            "category",
                            [("marketing", "mail_admin.category.marketing"), ("notice", "mail_admin.category.notice")],
                            "mail-category",
                        ),
                        "mail-category",
                    ),
                ),
                display="grid",
                grid_template_columns="repeat(auto-fill, minmax(220px, 1fr))",
                gap="12px",
            ),
            _variable("subject", False),
            _variable("title", False),
            _variable("details", True),
            _variable("message", True),
            _variable("body", True),
            rx.text(tr("mail_admin.placeholders"), size="1", color="var(--cc-muted)"),
            key_alert("mail_admin.", A.form_error, alert_id="cc-mail-form-error"),
            rx.el.button(tr("mail_admin.check"), type="submit", class_name="cc-btn cc-btn--ghost", id="cc-mail-check"),
            on_submit=A.check,
            reset_on_submit=False,
            id="cc-mail-form",
            display="grid",
            gap="12px",
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def _preview_panel() -> rx.Component:
    """What "send" will send: the rendered mail for one player, or the segment's size; then the send button."""
    p = A.preview
    return rx.cond(
        p.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.heading(tr("mail_admin.preview_title"), as_="h3", size="4"),
            rx.cond(
                p.contains("segment"),  # type: ignore[attr-defined]
                rx.text(tr("mail_admin.segment_size"), " ", rx.el.strong(p["targeted"], id="cc-mail-segment-size")),
                rx.el.div(
                    rx.el.dl(
                        rx.el.dt(tr("mail_admin.col_to")),
                        rx.el.dd(rx.cond(p["to"] != "", p["to"], tr("mail_admin.no_address")), " (", p["player"], ")"),
                        rx.el.dt(tr("mail_admin.col_subject")),
                        rx.el.dd(p["subject"], id="cc-mail-preview-subject"),
                        rx.el.dt(tr("mail_admin.language")),
                        rx.el.dd(p["locale"], " · ", tr_by("mail_admin.category.", p["category"])),
                        class_name="cc-dl",
                    ),
                    rx.cond(
                        p["blocked"] != "",
                        rx.el.p(
                            tr("mail_admin.would_skip"),
                            " ",
                            tr_by("mail_admin.reason.", p["blocked"]),
                            class_name="cc-alert cc-alert--warning",
                            role="status",
                            id="cc-mail-blocked",
                        ),
                    ),
                    mail_frame(p["html"], "mail_admin.html_preview", "cc-mail-preview-frame"),
                    rx.el.details(
                        rx.el.summary(tr("mail_admin.text_version")),
                        rx.el.pre(p["text"], class_name="cc-code", white_space="pre-wrap"),
                    ),
                    display="grid",
                    gap="8px",
                ),
            ),
            rx.cond(
                A.can_send,
                rx.el.button(
                    tr("mail_admin.send"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=A.send,
                    id="cc-mail-send",
                ),
                rx.text(tr("mail_admin.support_read_only"), color="var(--cc-muted)"),
            ),
            class_name="cc-card",
            display="grid",
            gap="12px",
            id="cc-mail-preview",
        ),
    )


def _result_panel() -> rx.Component:
    r = A.result
    return rx.cond(
        r.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            tr("mail_admin.result_targeted"),
            " ",
            rx.el.strong(r["targeted"]),
            " · ",
            tr("mail_admin.result_sent"),
            " ",
            rx.el.strong(r["sent"]),
            " · ",
            tr("mail_admin.result_deferred"),
            " ",
            rx.el.strong(r["deferred"]),
            rx.cond(
                A.skipped.length() > 0,  # type: ignore[attr-defined]
                rx.fragment(
                    " · ",
                    tr("mail_admin.result_skipped"),
                    rx.foreach(
                        A.skipped,
                        lambda k: rx.fragment(
                            " ", tr_by("mail_admin.reason.", k["reason"]), " ", rx.el.strong(k["count"])
                        ),
                    ),
                ),
            ),
            class_name="cc-alert cc-alert--success",
            role="status",
            id="cc-mail-result",
        ),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td("#", row["id"]),
        rx.el.td(row["at"]),
        rx.el.td(row["to"], rx.el.br(), rx.el.small(row["player"])),
        rx.el.td(tr_by("mail_admin.template.", row["template"]), " (", row["locale"], ")"),
        rx.el.td(row["subject"]),
        rx.el.td(
            rx.el.span(tr_by("mail_admin.status.", row["status"]), class_name="cc-badge"),
            rx.cond(row["error"] != "", rx.el.small(rx.el.br(), row["error"])),
        ),
        rx.el.td(
            rx.el.button(
                tr("mail_admin.open"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=A.open_message(row["id"]),
            )
        ),
        data_message=row["id"],
    )


def _opened() -> rx.Component:
    o = A.opened
    return rx.cond(
        o.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.hstack(
                rx.heading("#", o["id"], " ", o["subject"], as_="h3", size="4"),
                rx.spacer(),
                rx.el.button(
                    tr("mail_admin.close"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.close_message
                ),
                width="100%",
            ),
            rx.el.dl(
                rx.el.dt(tr("mail_admin.col_to")),
                rx.el.dd(o["to"], " ", o["player"]),
                rx.el.dt(tr("mail_admin.col_status")),
                rx.el.dd(
                    tr_by("mail_admin.status.", o["status"]),
                    " · ",
                    tr("mail_admin.attempts"),
                    " ",
                    o["attempts"],
                    " ",
                    o["error"],
                ),
                rx.el.dt(tr("mail_admin.col_time")),
                rx.el.dd(o["at"], rx.cond(o["sent_at"] != "", rx.fragment(" → ", o["sent_at"]))),
                class_name="cc-dl",
            ),
            mail_frame(o["html"], "mail_admin.html_preview", "cc-mail-opened-frame"),
            rx.el.details(
                rx.el.summary(tr("mail_admin.text_version")),
                rx.el.pre(o["text"], class_name="cc-code", white_space="pre-wrap", id="cc-mail-opened-text"),
            ),
            class_name="cc-card",
            display="grid",
            gap="8px",
            id="cc-mail-opened",
        ),
    )


def outbox_section() -> rx.Component:
    """The stored mail newest first, filtered by status and player, with one mail opened."""
    return rx.el.section(
        rx.heading(tr("mail_admin.outbox_title"), as_="h2", size="5"),
        rx.form(
            rx.hstack(
                _field(
                    "mail_admin.filter_status",
                    _select(
                        "status",
                        [("", "mail_admin.any"), *[(s, f"mail_admin.status.{s}") for s in EMAIL_STATUSES]],
                        "mail-status",
                    ),
                    "mail-status",
                ),
                _field(
                    "mail_admin.filter_player",
                    rx.input(name="player", id="mail-player", input_mode="numeric", max_length=20, size="3"),
                    "mail-player",
                ),
                rx.el.button(
                    tr("mail_admin.apply"), type="submit", class_name="cc-btn cc-btn--ghost", id="cc-mail-filter"
                ),
                spacing="3",
                align="end",
                wrap="wrap",
            ),
            on_submit=A.filter,
            reset_on_submit=False,
        ),
        _opened(),
        rx.cond(
            A.items.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(data_table(COLUMNS, A.items, _row, id="cc-mail-outbox"), **SCROLL_X),
            rx.text(tr("mail_admin.empty")),
        ),
        rx.cond(
            A.has_more,
            rx.el.button(
                tr("mail_admin.more"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=A.more,
                id="cc-mail-more",
            ),
        ),
        class_name="cc-card",
        display="grid",
        gap="12px",
    )


def admin_mail_page() -> rx.Component:
    """The send form (operators) and the outbox."""
    return shell(
        rx.vstack(
            rx.heading(tr("mail_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(
                rx.cond(A.delivery_mode == "smtp", tr("mail_admin.mode_smtp"), tr("mail_admin.mode_local")),
                id="cc-mail-mode",
            ),
            alert(A.error, alert_id="cc-mail-error"),
            rx.cond(A.can_send, send_form()),
            _preview_panel(),
            _result_panel(),
            outbox_section(),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/mail`` (support reads, operators send; checked server-side)."""
    app.add_page(
        admin_mail_page,
        route="/admin/mail",
        title=tr("page.admin_mail_title"),
        on_load=[*page_events.STAFF, AdminMailState.load],
    )
