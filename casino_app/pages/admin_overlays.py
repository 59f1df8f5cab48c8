"""``/admin/overlays``: streamers' OBS overlay tokens: issue one (its addresses shown once, with copy buttons),
the list with last use, revoke (operators and admins, checked server-side)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import FunctionStringVar

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.admin_overlays import KINDS, AdminOverlaysState
from casino_app.state.ui import tr

A = AdminOverlaysState
COLUMNS = (
    "overlays_admin.col_label",
    "overlays_admin.col_created",
    "overlays_admin.col_last_used",
    "overlays_admin.col_status",
    None,
)


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.strong(item["label"])),
        rx.el.td(item["created"], rx.el.br(), rx.el.small(item["created_by"])),
        rx.el.td(rx.cond(item["last_used"] != "", item["last_used"], tr("overlays_admin.never"))),
        rx.el.td(
            rx.cond(
                item["active"] != "",
                rx.el.span(tr("overlays_admin.active"), class_name="cc-badge cc-badge--ok"),
                rx.el.span(tr("overlays_admin.revoked"), " ", item["revoked"], class_name="cc-badge cc-badge--off"),
            )
        ),
        rx.el.td(
            rx.cond(
                item["active"] != "",
                rx.el.button(
                    tr("overlays_admin.revoke"),
                    type="button",
                    class_name="cc-iconbtn",
                    on_click=A.revoke(item["id"]),
                    aria_label=tr("overlays_admin.revoke") + " " + item["label"],
                ),
            )
        ),
        data_token_id=item["id"],
    )


def _address(kind: str) -> rx.Component:
    url = A.issued[kind]
    field_id = f"cc-overlay-url-{kind}"
    return rx.el.div(
        rx.el.label(tr(f"overlay.kind.{kind}"), html_for=field_id, class_name="cc-label"),
        rx.hstack(
            rx.el.input(value=url, read_only=True, id=field_id, class_name="cc-input", flex="1", min_width="0"),
            rx.el.button(
                tr("overlays_admin.copy"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=rx.run_script(FunctionStringVar.create("window.ccCopy").call(url)),
                id=f"cc-overlay-copy-{kind}",
            ),
            spacing="2",
            align="center",
        ),
        class_name="cc-field",
    )


def issued_panel() -> rx.Component:
    """The new token's addresses, once (only its hash is stored)."""
    return rx.cond(
        A.issued.length() > 0,  # type: ignore[attr-defined]
        rx.el.div(
            rx.el.strong(tr("overlays_admin.issued_title"), " · ", A.issued["label"]),
            rx.el.p(tr("overlays_admin.issued_once")),
            *[_address(kind) for kind in KINDS],
            rx.text(tr("overlays_admin.english_hint"), size="2"),
            # ccCopy reports into this element (its texts from the catalogs).
            rx.el.p(
                id="cc-share-status",
                role="status",
                aria_live="polite",
                data_copied=tr("overlays_admin.copied"),
                data_failed=tr("overlays_admin.copy_failed"),
            ),
            rx.el.button(
                tr("overlays_admin.close"), type="button", class_name="cc-btn cc-btn--ghost", on_click=A.dismiss_issued
            ),
            class_name="cc-alert cc-alert--success cc-alert--stack",
            id="cc-overlay-issued",
        ),
    )


def issue_form() -> rx.Component:
    """A token for a streamer."""
    return rx.form(
        rx.heading(tr("overlays_admin.issue_title"), as_="h2", size="5", margin_bottom="12px"),
        alert(A.error, alert_id="cc-overlays-error"),
        rx.el.div(
            rx.el.label(tr("overlays_admin.label"), html_for="cc-overlay-label", class_name="cc-label"),
            rx.input(id="cc-overlay-label", name="label", max_length=60, required=True, size="3"),
            class_name="cc-field",
        ),
        rx.el.button(
            tr("overlays_admin.issue"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-overlay-issue"
        ),
        on_submit=A.issue,
        reset_on_submit=True,
        class_name="cc-card",
        key=A.form_nonce,
    )


def admin_overlays_page() -> rx.Component:
    """Lead, issue form, the new token's addresses, the list."""
    return shell(
        rx.vstack(
            rx.heading(tr("overlays_admin.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            admin_nav(),
            rx.text(tr("overlays_admin.lead"), color="var(--cc-muted)"),
            issued_panel(),
            issue_form(),
            rx.cond(
                A.revoked_label != "",
                rx.el.div(
                    tr("overlays_admin.revoked_done"),
                    " ",
                    rx.el.strong(A.revoked_label),
                    class_name="cc-alert cc-alert--info",
                    role="status",
                    id="cc-overlay-revoked",
                ),
            ),
            rx.el.section(
                rx.heading(
                    tr("overlays_admin.list_title"), as_="h2", size="5", id="cc-overlays-title", margin_bottom="12px"
                ),
                rx.cond(
                    A.items.length() > 0,
                    rx.el.div(data_table(COLUMNS, A.items, _row, id="cc-overlays-table"), **SCROLL_X),
                    rx.text(tr("overlays_admin.empty")),
                ),
                class_name="cc-card",
                aria_labelledby="cc-overlays-title",
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
            # On the page, not the panel: leaving the page drops the new token's addresses from the server-side
            # state (a dev-mode double mount of the panel would otherwise close it at once).
            on_unmount=A.dismiss_issued,
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/overlays`` (operators and admins, checked server-side)."""
    app.add_page(
        admin_overlays_page,
        route="/admin/overlays",
        title=tr("page.admin_overlays_title"),
        on_load=[*page_events.STAFF, AdminOverlaysState.load],
    )
